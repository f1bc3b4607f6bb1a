"""The browse page: words, facets with counts, sort and pages in one GET form; bad values."""

import re

import pytest
from django.utils.html import escape

from commonweal.commons.models import Kind, Stage, Visibility
from commonweal.commons.tests.factories import AdoptionFactory, AssetFactory, staff
from commonweal.commons.tests.pages import html_of, title
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def result_titles(html: str) -> list[str]:
    return re.findall(
        r'<h3 class="govuk-heading-s govuk-!-margin-bottom-1"><a[^>]*>([^<]+)</a>', html
    )


@pytest.fixture
def catalogue():
    county = OrganisationFactory(name="Wessex County Council", kind="county")
    planner = AssetFactory(
        title="Bin round planner",
        summary="Plans collection rounds from the property list.",
        owner_organisation=county,
    )
    AdoptionFactory(asset=planner)
    AdoptionFactory(asset=planner)
    AssetFactory(
        title="Highways term contract", kind=Kind.CONTRACT, functions=["highways"], stage="beta"
    )
    AssetFactory(title="Members' bin data", kind=Kind.DATA_SET, visibility=Visibility.MEMBERS)
    return planner


def test_each_result_shows_its_title_kind_owner_stage_summary_and_adoptions(client, catalogue):
    html = html_of(client.get("/commons/"))

    assert title("Commons") in html
    assert result_titles(html) == ["Bin round planner", "Highways term contract"]
    assert "2 assets found" in html
    assert f'href="/commons/{catalogue.slug}/">Bin round planner</a>' in html
    assert "Plans collection rounds from the property list." in html
    assert "<li>Software or component</li>" in html
    assert "<li>Owner: Wessex County Council</li>" in html
    assert "<li>Stage: Live</li>" in html
    assert "<li>Adopted by 2 organisations</li>" in html
    assert "<li>Not adopted yet</li>" in html


def test_the_commons_is_in_the_navigation_and_marked_as_the_current_section(client, catalogue):
    html = html_of(client.get("/commons/"))

    assert 'href="/commons/" aria-current="true">Commons</a>' in html
    assert 'href="/commons/">Commons</a>' in html_of(client.get("/services/"))


def test_words_narrow_the_results(client, catalogue):
    html = html_of(client.get("/commons/?q=highways"))

    assert result_titles(html) == ["Highways term contract"]
    assert "1 asset found" in html
    assert title(escape("Commons: “highways”")) in html
    assert 'value="highways"' in html


def test_facets_show_counts_and_a_chosen_one_is_ticked_with_a_link_to_remove_it(client, catalogue):
    html = html_of(client.get("/commons/?kind=contract"))

    assert result_titles(html) == ["Highways term contract"]
    assert re.search(
        r'name="kind" type="checkbox" value="contract" checked>\s*<label[^>]*>'
        r"Contract or framework agreement \(1\)</label>",
        html,
    )
    assert re.search(r'value="software">\s*<label[^>]*>Software or component \(1\)', html)
    assert re.search(r'value="beta">\s*<label[^>]*>Beta \(1\)', html)
    assert 'href="?">Remove filter<span class="govuk-visually-hidden">:</span> Kind: ' in html


def test_facets_of_every_kind_are_offered(client, catalogue):
    html = html_of(client.get("/commons/"))

    for legend in ("Kind", "Stage", "Function", "Owner&#x27;s kind", "Licence"):
        assert f'govuk-fieldset__legend--s">{legend}</legend>' in html
    assert 'name="owner_kind"' in html and 'name="licence" type="checkbox" value="MIT"' in html


def test_sorting_by_newest(client, catalogue):
    html = html_of(client.get("/commons/?sort=newest"))

    assert result_titles(html) == ["Highways term contract", "Bin round planner"]
    assert '<option value="newest" selected>Newest</option>' in html


def test_pages_of_twenty_keep_the_search_in_their_links(client):
    for n in range(23):
        AssetFactory(title=f"Planner {n:02}", stage=Stage.BETA)

    first = html_of(client.get("/commons/?q=planner&sort=newest"))
    second = html_of(client.get("/commons/?q=planner&sort=newest&page=2"))

    assert len(result_titles(first)) == 20 and len(result_titles(second)) == 3
    assert 'href="?q=planner&amp;sort=newest&amp;page=2" rel="next"' in first
    assert "23 assets found" in second


def test_members_only_assets_are_found_by_members_only(client, catalogue):
    assert "Members&#x27; bin data" not in html_of(client.get("/commons/"))
    client.force_login(staff(OrganisationFactory(), Role.CASEWORKER))

    assert "Members&#x27; bin data" in html_of(client.get("/commons/"))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("sort=sideways", "Choose how to sort from the list"),
        ("lgsl=five", "LGSL codes are numbers, like 524"),
    ],
)
def test_a_bad_value_is_shown_as_an_error_and_the_rest_still_searched(
    client, catalogue, query, message
):
    html = html_of(client.get(f"/commons/?{query}"))

    assert "There is a problem" in html and message in html
    assert title("Error: Commons") in html
    assert len(result_titles(html)) == 2


def test_a_page_that_is_not_a_number_is_the_first(client, catalogue):
    assert len(result_titles(html_of(client.get("/commons/?page=last")))) == 2


def test_publishing_is_offered_only_to_those_who_may(client, catalogue):
    assert 'href="/commons/publish/"' not in html_of(client.get("/commons/"))
    client.force_login(staff(OrganisationFactory(), Role.CASEWORKER))
    assert 'href="/commons/publish/"' not in html_of(client.get("/commons/"))
    client.force_login(staff(OrganisationFactory(), Role.SERVICE_OWNER))
    assert 'href="/commons/publish/"' in html_of(client.get("/commons/"))


def test_the_open_catalogue_is_linked_and_served(client, catalogue):
    html = html_of(client.get("/commons/"))
    assert 'href="/commons/catalogue.json"' in html and 'href="/commons/catalogue.csv"' in html

    listed = client.get("/commons/catalogue.json")
    table = client.get("/commons/catalogue.csv")

    assert listed.status_code == table.status_code == 200
    assert "Bin round planner" in b"".join(listed.streaming_content).decode()
    assert "Members' bin data" not in b"".join(table.streaming_content).decode()
