"""The framework's public pages: what anyone sees without signing in, 404 for an unknown
theme, and no accessibility problems in Chromium."""

import pytest
from playwright.sync_api import expect

from commonweal.core.tests.browser import describe
from commonweal.strategy.framework import load_framework

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def test_the_index_shows_every_group_and_theme_with_links(client):
    framework = load_framework()

    response = client.get("/strategy/framework/")

    assert response.status_code == 200
    page = text(response)
    assert f'<h1 class="govuk-heading-xl">{framework.title}</h1>' in page
    assert "Version 1.0, released 28 November 2026" in page
    for group in framework.groups:
        assert f'id="{group.key}">{group.title}</h2>' in page
    for theme in framework.themes:
        assert f'href="/strategy/framework/{theme.key}/">{theme.title}</a>' in page
    for level in framework.levels:
        assert f"Level {level.number}: {level.name}" in page


def test_a_theme_page_shows_everything_about_the_theme(client):
    theme = load_framework().theme("shared-services")

    response = client.get("/strategy/framework/shared-services/")

    assert response.status_code == 200
    page = text(response)
    assert f'<h1 class="govuk-heading-xl">{theme.title}</h1>' in page
    assert "Strategic capabilities" in page
    assert "version 1.0, released 28 November 2026" in page
    for heading in (
        "Five years from now",
        "What must change",
        "Why it matters",
        "How to get there",
        "What key players should do now",
    ):
        assert heading in page
    for role in ("Chief executive", "Finance director", "Chief information officer"):
        assert f">{role}</h3>" in page
    for sector in ("Councils", "Health", "Education", "Emergency services", "Voluntary sector"):
        assert f">{sector}</dt>" in page
    for level in theme.levels:
        assert f"{level.number}: {level.name}</th>" in page
    assert 'rel="prev"' in page and 'rel="next"' in page


def test_the_ends_of_the_framework_have_one_neighbour(client):
    first = text(client.get("/strategy/framework/collaborate/"))
    last = text(client.get("/strategy/framework/central-government-policy/"))

    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'rel="prev"' in last and 'rel="next"' not in last


@pytest.mark.parametrize("key", ["astrology", "Collaborate"])
def test_an_unknown_theme_is_not_found(client, key):
    assert client.get(f"/strategy/framework/{key}/").status_code == 404


def test_the_pages_only_answer_reading(client):
    assert client.post("/strategy/framework/").status_code == 405


@pytest.mark.browser
@pytest.mark.usefixtures("transactional_db")
@pytest.mark.parametrize("path", ["/strategy/framework/", "/strategy/framework/redesign/"])
def test_the_framework_pages_have_no_accessibility_problems(
    page, live_server, axe_violations, path
):
    page.goto(f"{live_server.url}{path}")

    violations = axe_violations(page)

    assert violations == [], describe(violations)


@pytest.mark.browser
@pytest.mark.usefixtures("transactional_db")
def test_a_reader_goes_from_the_index_to_a_theme_and_on(page, live_server):
    page.goto(f"{live_server.url}/strategy/framework/")
    page.get_by_role("link", name="Shared services").click()

    expect(page.get_by_role("heading", name="Shared services", level=1)).to_be_visible()
    expect(page.get_by_role("table")).to_be_visible()
    page.get_by_role("link", name="Next theme").click()
    expect(page.get_by_role("heading", name="Professionalism", level=1)).to_be_visible()
