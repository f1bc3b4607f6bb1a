"""Descriptions are written in Markdown and shown as HTML that cannot carry a script.

Two layers: markdown-it renders with raw HTML switched off (so typed tags show as text)
and images switched off (no tracking pixels, no layout the page did not plan); then nh3
keeps only the listed tags and attributes and only absolute http, https and mailto
links (a description is shown in several places, so a relative link means nothing), and
marks every link nofollow. Headings move down one level, because the asset's title is
the page's only h1.
"""

import nh3
from markdown_it import MarkdownIt

_TAGS = {
    "p", "br", "hr", "strong", "em", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "a", "h2", "h3", "h4", "h5", "h6",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
_SCHEMES = {"http", "https", "mailto"}

_md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
_md.disable("image")


def render_markdown(text: str) -> str:
    """Safe HTML for a description written in Markdown (an empty string for empty text)."""
    if not text.strip():
        return ""
    tokens = _md.parse(text)
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(int(token.tag[1]) + 1, 6)}"
    html = _md.renderer.render(tokens, _md.options, {})
    return nh3.clean(
        html,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        url_relative="deny",
        link_rel="nofollow noopener noreferrer",
        strip_comments=True,
    ).strip()
