"""Publishing, editing, handing over and forking assets: what is stored, and each refusal."""

from html.parser import HTMLParser

import pytest

from commonweal.commons import functions
from commonweal.commons.models import Asset, AssetVersion, Kind, Stage, Visibility
from commonweal.commons.tests.factories import (
    AssetFactory,
    AssetVersionFactory,
    nothing_changes,
    staff,
)
from commonweal.organisations.models import Role
from commonweal.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def council():
    return OrganisationFactory(name="Arun District Council", slug="arun")


@pytest.fixture
def owner(council):
    return staff(council, Role.SERVICE_OWNER)


def parsed(html: str) -> list[tuple[str, dict]]:
    """Each element of the HTML as its tag and attributes."""
    found: list[tuple[str, dict]] = []
    parser = HTMLParser()
    parser.handle_starttag = lambda tag, attrs: found.append((tag, dict(attrs)))
    parser.feed(html)
    return found


def publish(owner, council, **changes):
    values = {
        "actor": owner,
        "kind": Kind.SOFTWARE,
        "title": "Bin round planner",
        "summary": "Plans collection rounds.",
        "licence": "mit",
        "owner_organisation": council,
    } | changes
    return functions.publish_asset(**values)


def test_publishing_stores_the_asset_tidied(owner, council):
    asset = publish(
        owner,
        council,
        description="## How it works\n\nReads the **gazetteer**.",
        lgsl=["524", 524, 525],
        functions=["waste-collection"],
        tags=["Routing ", "routing", "bins"],
        code_url="https://example.org/planner",
        stage=Stage.BETA,
    )

    asset.refresh_from_db()
    assert (asset.slug, asset.licence, asset.lgsl, asset.tags) == (
        "bin-round-planner",
        "MIT",
        [524, 525],
        ["routing", "bins"],
    )
    assert asset.description_html == (
        "<h3>How it works</h3>\n<p>Reads the <strong>gazetteer</strong>.</p>"
    )
    assert (asset.stage, asset.visibility, asset.created_by) == ("beta", "public", owner)
    assert publish(owner, council).slug == "bin-round-planner-2"


def test_unsafe_markdown_and_links_are_made_safe(owner, council):
    asset = publish(
        owner,
        council,
        description=(
            '<script>alert("x")</script>\n\n'
            "[click](javascript:alert(1)) [data](data:text/html,x) "
            '<a href="javascript:alert(2)" onclick="x()">raw</a> '
            "[ok](https://example.org) [rel](/admin/) ![pixel](https://t.example/p.gif)"
        ),
    )

    html = asset.description_html
    elements = parsed(html)
    assert {tag for tag, _ in elements} == {"p", "a"}
    assert [attrs.get("href") for tag, attrs in elements if tag == "a"] == [
        "https://example.org",
        None,  # the relative link keeps its text and loses its address
        "https://t.example/p.gif",  # an image is shown as a plain link, never loaded
    ]
    assert not any(name.startswith("on") for _, attrs in elements for name in attrs)
    assert "&lt;script&gt;" in html  # shown as text, never run
    assert asset.description.startswith("<script>")  # kept as written


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("code_url", "javascript:alert(1)", "is not a web address"),
        ("docs_url", "ftp://example.org/docs", "is not a web address"),
        ("contact_url", "mailto:team@example.org", "is not a web address"),
        ("licence", "WTFPL", "is not a licence we list"),
        ("lgsl", ["bins"], "is not an LGSL code"),
        ("lgsl", [True], "is not an LGSL code"),
        ("functions", ["bins"], "Unknown function: bins"),
        ("tags", ["x" * 41], "Tags must be 40 characters or fewer"),
        ("title", "  ", "Enter the title"),
        ("summary", "x" * 301, "300 characters or fewer"),
        ("stage", "finished", "Choose a stage"),
        ("visibility", "secret", "Choose a visibility"),
        ("slug", "no spaces please", "may use only letters"),
    ],
)
def test_bad_values_are_refused_by_field_and_nothing_is_stored(
    owner, council, field, value, message
):
    with nothing_changes(), pytest.raises(functions.AssetInvalid) as refused:
        publish(owner, council, **{field: value})

    assert message in refused.value.errors[field]


def test_an_asset_has_one_owner_and_service_definitions_come_from_services(owner, council):
    with nothing_changes(), pytest.raises(functions.AssetInvalid, match="Choose the organisation"):
        publish(owner, council, owner_organisation=None)
    with nothing_changes(), pytest.raises(functions.Conflict, match="service pages"):
        publish(owner, council, kind=Kind.SERVICE_DEFINITION)


def test_a_taken_short_name_is_refused(owner, council):
    AssetFactory(slug="planner")

    with nothing_changes(), pytest.raises(functions.AssetInvalid, match="already uses"):
        publish(owner, council, slug="planner")


def test_a_page_name_is_never_an_assets_short_name(owner, council):
    with nothing_changes(), pytest.raises(functions.AssetInvalid, match="name of a page"):
        publish(owner, council, slug="publish")

    assert publish(owner, council, title="Mine").slug == "mine-2"


def test_editing_changes_only_what_is_given_and_re_renders_the_description(owner, council):
    asset = publish(owner, council, tags=["bins"], description="Old")

    functions.edit_asset(
        asset=asset, actor=owner, description="[site](https://example.org)", stage="retiring"
    )

    asset.refresh_from_db()
    assert (asset.title, asset.tags, asset.stage) == ("Bin round planner", ["bins"], "retiring")
    assert 'href="https://example.org"' in asset.description_html


def test_a_refused_edit_changes_nothing_even_in_the_fields_that_were_good(owner, council):
    asset = publish(owner, council)

    with nothing_changes(), pytest.raises(functions.AssetInvalid) as refused:
        functions.edit_asset(
            asset=asset, actor=owner, title="New title", code_url="javascript:alert(1)"
        )

    assert list(refused.value.errors) == ["code_url"]


def test_a_definitions_name_lgsl_and_function_come_from_the_definition(council):
    admin = staff(council, Role.ADMIN)
    asset = AssetFactory(
        kind=Kind.SERVICE_DEFINITION, service_code="arun-bins", owner_organisation=council
    )

    with nothing_changes(), pytest.raises(functions.AssetInvalid) as refused:
        functions.edit_asset(asset=asset, actor=admin, title="Bins", lgsl=[524])

    assert set(refused.value.errors) == {"title", "lgsl"}
    assert "publish a new version of the definition" in refused.value.errors["title"]
    functions.edit_asset(asset=asset, actor=admin, tags=["bins"])


def test_an_asset_is_handed_to_a_partnership_its_owner_leads(owner, council):
    from commonweal.commons.models import PartnershipMember
    from commonweal.commons.tests.factories import PartnershipMemberFactory

    asset = publish(owner, council)
    led = PartnershipMemberFactory(organisation=council, role=PartnershipMember.Role.LEAD)
    joined = PartnershipMemberFactory(organisation=council)

    with nothing_changes(), pytest.raises(functions.NotAllowed, match="take on its assets"):
        functions.transfer_asset(asset=asset, actor=owner, partnership=joined.partnership)
    with nothing_changes(), pytest.raises(functions.AssetInvalid, match="Choose the"):
        functions.transfer_asset(asset=asset, actor=owner)

    functions.transfer_asset(asset=asset, actor=owner, partnership=led.partnership)

    asset.refresh_from_db()
    assert (asset.owner_organisation, asset.owner) == (None, led.partnership)


class TestFork:
    def test_a_fork_is_an_owned_copy_linked_to_its_origin(self, council):
        origin = AssetFactory(
            title="Planner", slug="planner", tags=["bins"], visibility=Visibility.MEMBERS
        )
        AssetVersionFactory(asset=origin, number="1.0")
        AssetVersionFactory(asset=origin, number="1.1", release_notes="Faster")
        AssetVersionFactory(asset=origin, number="2.0", published=False)
        forker = staff(council, Role.ADMIN)

        copy = functions.fork(asset=origin, organisation=council, actor=forker)

        assert (copy.title, copy.slug, copy.owner, copy.forked_from) == (
            "Planner (Arun District Council)",
            "planner-arun",
            council,
            origin,
        )
        assert (copy.tags, copy.licence, copy.visibility, copy.stage) == (
            ["bins"],
            "MIT",
            "members",
            "live",
        )
        [version] = copy.versions.all()
        assert (version.number, version.published) == ("1.1", True)
        assert version.release_notes == "Copied from Planner version 1.1."
        assert list(origin.forks.all()) == [copy]

    @pytest.mark.parametrize("stage", [Stage.RETIRING, Stage.RETIRED])
    def test_a_copy_of_something_being_retired_starts_again_at_alpha(self, council, stage):
        origin = AssetFactory(stage=stage)

        copy = functions.fork(
            asset=origin, organisation=council, actor=staff(council, Role.SERVICE_OWNER)
        )

        assert copy.stage == Stage.ALPHA

    def test_refusals(self, council):
        forker = staff(council, Role.SERVICE_OWNER)
        proprietary = AssetFactory(licence="proprietary", title="Closed thing")
        mine = AssetFactory(owner_organisation=council, title="My thing")
        definition = AssetFactory(kind=Kind.SERVICE_DEFINITION, service_code="their-bins")
        software = AssetFactory()

        with nothing_changes(), pytest.raises(functions.Conflict, match="does not allow copies"):
            functions.fork(asset=proprietary, organisation=council, actor=forker)
        with nothing_changes(), pytest.raises(functions.Conflict, match="already owns My thing"):
            functions.fork(asset=mine, organisation=council, actor=forker)
        with nothing_changes(), pytest.raises(functions.AssetInvalid, match="code of its own"):
            functions.fork(asset=definition, organisation=council, actor=forker)
        with nothing_changes(), pytest.raises(functions.AssetInvalid, match="is taken"):
            functions.fork(
                asset=definition, organisation=council, actor=forker, service_code="their-bins"
            )
        with nothing_changes(), pytest.raises(functions.AssetInvalid, match="Only service def"):
            functions.fork(asset=software, organisation=council, actor=forker, service_code="x")
        assert Asset.objects.filter(forked_from__isnull=False).count() == 0
        assert AssetVersion.objects.count() == 0
