"""The links of the GOV.UK pagination component, keeping the rest of the query string."""

from dataclasses import dataclass

from django.core.paginator import Page
from django.http import QueryDict


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None for the ellipsis between distant pages
    url: str = ""
    current: bool = False


@dataclass(frozen=True)
class Pagination:
    previous_url: str
    next_url: str
    links: list[PageLink]


def pagination(page: Page, *, query: QueryDict) -> Pagination | None:
    """Previous, next and numbered links for a page of results; None for a single page."""
    if page.paginator.num_pages <= 1:
        return None

    def url_for(number: int) -> str:
        params = query.copy()
        params["page"] = str(number)
        return f"?{params.urlencode()}"

    links = [
        PageLink(number=n, url=url_for(n), current=n == page.number)
        if isinstance(n, int)
        else PageLink(number=None)
        for n in page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1)
    ]
    return Pagination(
        previous_url=url_for(page.previous_page_number()) if page.has_previous() else "",
        next_url=url_for(page.next_page_number()) if page.has_next() else "",
        links=links,
    )
