"""Descriptions render from Markdown to HTML that can carry no script and no hidden load."""

from html.parser import HTMLParser

import pytest

from commonweal.commons.markdown import render_markdown


def hrefs(html: str) -> list[str]:
    found: list[str] = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: found.extend(v for k, v in attrs if k == "href")
    parser.feed(html)
    return found


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](javascript&#58;alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x]( javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "<a href='javascript:alert(1)'>x</a>",
        "[x][ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
    ],
)
def test_script_links_never_become_links(text):
    assert hrefs(render_markdown(f"{text} [fine](https://example.org)")) == ["https://example.org"]


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<iframe src=https://example.org></iframe>",
        "<style>body{display:none}</style>",
        '<div onmouseover="alert(1)">hover</div>',
    ],
)
def test_raw_html_is_shown_as_text(text):
    html = render_markdown(text)

    assert "<" not in html.removeprefix("<p>").removesuffix("</p>")


def test_ordinary_markdown_keeps_its_shape_with_headings_one_level_down():
    html = render_markdown(
        "# Title\n\nSome *words* and `code`.\n\n- one\n- two\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n[docs](https://example.org/docs)"
    )

    assert html.startswith("<h2>Title</h2>\n<p>Some <em>words</em> and <code>code</code>.</p>")
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<table>" in html and "<td>2</td>" in html
    assert '<a href="https://example.org/docs" rel="nofollow noopener noreferrer">docs</a>' in html


def test_empty_text_renders_nothing():
    assert render_markdown("  \n") == ""
