"""Display values for the commons pages, prepared here so the templates only place them."""

from dataclasses import dataclass

from django import forms
from django.core.paginator import Paginator
from django.http import QueryDict
from django.urls import reverse
from django.utils.formats import date_format

from commonweal.commons.licences import LICENCES, PROPRIETARY
from commonweal.commons.models import Asset, Partnership
from commonweal.commons.permissions import can_view_asset
from commonweal.organisations.functions import FUNCTIONS
from commonweal.organisations.models import Organisation

NONE_GIVEN = "None given"
STANDARD_OWNER = "Commonweal's standard service definitions"


@dataclass(frozen=True)
class Fact:
    """One row of a GOV.UK summary list; `href` makes the value a link."""

    label: str
    value: str
    href: str = ""


@dataclass(frozen=True)
class Link:
    label: str
    href: str


def pounds(amount: int) -> str:
    return f"£{amount:,}"


def licence_name(licence: str) -> str:
    name = LICENCES.get(licence, licence)
    return name if licence == PROPRIETARY else f"{name} ({licence})"


def function_names(slugs: list[str]) -> list[str]:
    return [FUNCTIONS[slug].name if slug in FUNCTIONS else slug for slug in slugs]


def owner_link(owner: Organisation | Partnership | None) -> Link:
    if owner is None:
        return Link(STANDARD_OWNER, "")
    if isinstance(owner, Partnership):
        return Link(owner.name, reverse("commons:partnership", args=[owner.slug]))
    return Link(owner.name, reverse("portal:organisation-detail", args=[owner.slug]))


def asset_facts(asset: Asset, user) -> list[Fact]:
    owner = owner_link(asset.owner)
    facts = [
        Fact("Owner", owner.label, owner.href),
        Fact("Kind", asset.get_kind_display()),
        Fact("Stage", asset.get_stage_display()),
        Fact("Licence", licence_name(asset.licence)),
    ]
    if asset.service_code:
        facts.append(Fact("Service code", asset.service_code))
    facts += [
        Fact("Functions", ", ".join(function_names(asset.functions)) or NONE_GIVEN),
        Fact("LGSL codes", ", ".join(str(code) for code in asset.lgsl) or NONE_GIVEN),
        Fact("Tags", ", ".join(asset.tags) or NONE_GIVEN),
        Fact("Who can see it", asset.get_visibility_display()),
    ]
    origin = asset.forked_from
    if origin is not None and can_view_asset(user, origin):
        facts.append(
            Fact("Copied from", origin.title, reverse("commons:asset", args=[origin.slug]))
        )
    facts.append(Fact("Last updated", date_format(asset.updated_at, "j F Y")))
    return facts


def asset_links(asset: Asset) -> list[Link]:
    found = [
        ("Code", asset.code_url),
        ("Documentation", asset.docs_url),
        ("Contact", asset.contact_url),
    ]
    return [Link(label, href) for label, href in found if href]


def error_list(form: forms.Form | None) -> list[tuple[str, str]]:
    """(field id, message) pairs for the GOV.UK error summary, in the form's field order.

    Radios and checkboxes have no single label, so they link to their first input.
    Errors that belong to no field have no id: the summary shows them as plain text.
    """
    if form is None or not form.errors:
        return []
    pairs = [("", error) for error in form.non_field_errors()]
    return pairs + [
        (field.id_for_label or field.auto_id, error) for field in form for error in field.errors
    ]


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


def pagination(*, query: QueryDict, page: int, total: int, page_size: int) -> Pagination | None:
    """The GOV.UK pagination links for a page of `total` results, keeping the other filters."""
    pages = Paginator(range(total), page_size)
    if pages.num_pages <= 1:
        return None
    page = min(max(page, 1), pages.num_pages)

    def url_for(number: int) -> str:
        params = query.copy()
        params["page"] = str(number)
        return f"?{params.urlencode()}"

    return Pagination(
        previous_url=url_for(page - 1) if page > 1 else "",
        next_url=url_for(page + 1) if page < pages.num_pages else "",
        links=[
            PageLink(number=n, url=url_for(n), current=n == page)
            if isinstance(n, int)
            else PageLink(number=None)
            for n in pages.get_elided_page_range(page, on_each_side=1, on_ends=1)
        ],
    )
