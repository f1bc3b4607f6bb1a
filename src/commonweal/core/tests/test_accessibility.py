"""In Chromium, on one small demo world: axe finds no WCAG 2.2 AA problem on any page of the
site (and on the main forms showing their errors), a resident reports a problem with the
keyboard alone, and the main pages reflow at 320 CSS pixels (400% zoom of 1280 pixels).

The world, the live server and one browser context per visitor are shared by the module:
building them once keeps the module to a few minutes.
"""

import re
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings
from django.urls import reverse
from playwright.sync_api import expect
from pytest_django.live_server_helper import LiveServer

from commonweal.core.tests import a11y_world
from commonweal.core.tests.a11y_pages import EXCLUDED, PAGES, url_names
from commonweal.core.tests.browser import describe

# django_db: pytest-django sets up the test database only for tests that ask for it. Each
# test runs in a transaction that is rolled back, over the world committed once for all.
pytestmark = [pytest.mark.browser, pytest.mark.django_db]

REFERENCE = re.compile(r"CW-[0-9A-Z]{4}-[0-9A-Z]{4}")

# The main forms, sent empty: the button that sends each, and who sends it where that is
# not the page's visitor (a resident who has reached that step, with nothing answered).
FORMS = {
    "accounts:sign-in": ("Sign in", None),
    "portal:ask-location": ("Continue", None),
    "portal:ask-questions": ("Continue", "located"),
    "portal:track": ("Find request", None),
    "portal:register": ("Create account", None),
    "workspace:service-new": ("Check and save as a draft", None),
    "commons:publish": ("Publish it", None),
    "commons:add-partner": ("Add the organisation", None),
    "commissioning:add-contract": ("Add the contract", None),
    "commissioning:import": ("Check the file", None),
    "strategy:route-new": ("Add the initiative", None),
    "strategy:route-key-players": ("Name them", None),
    "insight:imports": ("Check the file", None),
}

# The main pages, looked at 320 CSS pixels wide.
REFLOW = [
    "portal:home",
    "portal:service",
    "portal:ask-questions",
    "portal:track",
    "portal:case",
    "portal:reports",
    "workspace:queue",
    "workspace:case",
    "commons:browse",
    "commons:asset",
    "strategy:progress",
    "insight:dashboard-organisation",
    "insight:dashboard-service",
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator:
    """The demo world, committed for the whole module, and emptied after it."""
    media = tmp_path_factory.mktemp("media")
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, STORAGES=plain_static, PASSWORD_HASHERS=fast),
    ):
        built = a11y_world.build()
        built.sessions = a11y_world.sessions(built)
        yield built
        call_command("flush", interactive=False, verbosity=0)
        # Under Playwright the teardown may run in a context of its own, with a database
        # connection of its own: close it, or the test database could not be dropped.
        connection.close()


@pytest.fixture(scope="module")
def site(world) -> Iterator[LiveServer]:
    server = LiveServer("localhost")
    server._live_server_modified_settings.enable()
    yield server
    server._live_server_modified_settings.disable()
    server.stop()


@pytest.fixture(scope="module")
def visitor(browser, site, world) -> Iterator:
    """A browser context for a kind of visitor (signed in with their session), made once."""
    contexts = {}

    def context_for(who: str, *, narrow: bool = False):
        key = (who, narrow)
        if key not in contexts:
            size = {"width": 320, "height": 640} if narrow else {"width": 1280, "height": 800}
            context = browser.new_context(locale="en-GB", viewport=size)
            if cookie := world.sessions[who]:
                context.add_cookies(
                    [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": site.url}]
                )
            contexts[key] = context
        return contexts[key]

    yield context_for
    for context in contexts.values():
        context.close()


def url_of(site, world, name: str) -> str:
    spec = PAGES[name]
    return f"{site.url}{reverse(name, kwargs=spec.args(world))}{spec.query}"


def open_page(visitor, site, world, name: str, *, who: str | None = None, narrow=False):
    page = visitor(who or PAGES[name].who, narrow=narrow).new_page()
    response = page.goto(url_of(site, world, name))
    assert response is not None and response.status == 200, (
        f"{name} ({page.url}) answered {response and response.status}"
    )
    return page


def test_every_page_is_checked_or_excluded_with_a_reason():
    names = url_names()
    unlisted = names - PAGES.keys() - EXCLUDED.keys()
    assert not unlisted, f"Add these pages to a11y_pages.PAGES (or EXCLUDED, with why): {unlisted}"
    assert not (PAGES.keys() | EXCLUDED.keys()) - names, "a11y_pages names a URL that is gone"
    assert not PAGES.keys() & EXCLUDED.keys()
    assert all(EXCLUDED.values())


@pytest.mark.parametrize("name", sorted(PAGES))
def test_the_page_has_no_accessibility_problems(name, world, site, visitor, axe_violations):
    page = open_page(visitor, site, world, name)
    try:
        violations = axe_violations(page)
    finally:
        page.close()

    assert violations == [], f"{name} ({page.url}):\n{describe(violations)}"


@pytest.mark.parametrize("name", sorted(FORMS))
def test_the_form_sent_empty_shows_its_errors_accessibly(
    name, world, site, visitor, axe_violations
):
    button, who = FORMS[name]
    page = open_page(visitor, site, world, name, who=who)
    try:
        page.locator("#main-content").get_by_role("button", name=button, exact=True).last.click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        violations = axe_violations(page)
    finally:
        page.close()

    assert violations == [], f"{name} with errors ({page.url}):\n{describe(violations)}"


# What has the focus, and whether it shows the GOV.UK focus style (yellow background,
# outline or box shadow; a radio or checkbox shows it on its label's drawn box).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const visible = (style) => style.boxShadow !== 'none'
    || style.backgroundColor === 'rgb(255, 221, 0)'
    || (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
        && !/transparent|rgba\\(.*, 0\\)/.test(style.outlineColor));
  let shown = visible(getComputedStyle(el));
  if (!shown && ['radio', 'checkbox'].includes(el.type) && el.labels && el.labels.length) {
    shown = visible(getComputedStyle(el.labels[0], '::before'));
  }
  const label = el.labels && el.labels.length ? el.labels[0].innerText : '';
  const name = el.getAttribute('aria-label') || label || el.innerText || '';
  return {tag: el.tagName.toLowerCase(), id: el.id, field: el.name || '',
          name: name.trim().replace(/\\s+/g, ' '), shown};
}"""


def tab_to(page, wanted, *, limit: int = 40) -> tuple[dict, list[dict]]:
    """Press Tab until `wanted(focused)` holds; every stop on the way must show its focus."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused is not None, f"the focus left the page after {stops}"
        assert focused["shown"], f"no visible focus on {focused} ({page.url})"
        stops.append(focused)
        if wanted(focused):
            return focused, stops
    raise AssertionError(f"not reached with Tab on {page.url}: {[s['name'] for s in stops]}")


def named(text: str):
    return lambda focused: focused["name"] == text


def field(name: str):
    return lambda focused: focused["field"] == name


def choose(page, group: str, option: str) -> None:
    """Tab into a group of radios, move with the arrow keys to the option, select it."""
    focused, _ = tab_to(page, field(group))
    for _ in range(10):
        if focused["name"] == option:
            page.keyboard.press("Space")
            return
        page.keyboard.press("ArrowDown")
        focused = page.evaluate(FOCUSED)
        assert focused["shown"], f"no visible focus on {focused}"
    raise AssertionError(f"{option} is not an option of {group}")


def follow(page, key: str) -> None:
    """Press a key that takes the browser to another page, and wait for it."""
    with page.expect_navigation():
        page.keyboard.press(key)


def test_a_resident_reports_a_problem_with_the_keyboard_alone(site, visitor):
    page = visitor("keyboard").new_page()
    page.goto(f"{site.url}/")  # the only navigation not made with the keyboard
    page.bring_to_front()

    tab_to(page, named("Skip to main content"), limit=1)
    assert page.locator(".govuk-skip-link").bounding_box()["height"] > 10  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    tab_to(page, named("Find a service"), limit=1)  # the next stop is in the main content
    follow(page, "Enter")

    tab_to(page, field("q"))
    page.keyboard.type("pothole")
    follow(page, "Enter")
    tab_to(page, named("Report a pothole"))
    follow(page, "Enter")
    tab_to(page, named("Start now"))
    follow(page, "Space")  # a link drawn as a button works with Space too

    expect(page.get_by_role("heading", level=1)).to_have_text("Where is the pothole?")
    _, stops = tab_to(page, field("lat"))
    if page.locator("#location-map").is_visible():  # the map is in the way, and lets go
        assert "location-map" in [stop["id"] for stop in stops]
    page.keyboard.type("52.2053")
    tab_to(page, field("lon"), limit=1)
    page.keyboard.type("0.1218")
    follow(page, "Enter")

    goes_to = "Your request will go to Cambridgeshire County Council."
    expect(page.get_by_text(goes_to)).to_be_visible()
    choose(page, "q-position", "In the road")
    choose(page, "q-dangerous", "No")
    tab_to(page, named("Continue"))
    follow(page, "Enter")

    tab_to(page, field("name"))
    page.keyboard.type("Ada Lovelace")
    tab_to(page, field("email"), limit=1)
    page.keyboard.type("ada@example.net")
    tab_to(page, named("Continue"))
    follow(page, "Enter")

    tab_to(page, named("Accept and send"))
    follow(page, "Enter")

    expect(page.get_by_role("heading", level=1)).to_contain_text("sent")
    assert REFERENCE.search(page.locator("#main-content").inner_text())


# Whether the page reflows: it does not scroll sideways, nothing sticks out past its right
# edge, text is not cut off, and what scrolls inside itself is a focusable, labelled region.
REFLOW_PROBLEMS = """() => {
  const width = document.documentElement.clientWidth;
  const problems = [];
  const page = document.documentElement.scrollWidth;

  const say = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (typeof el.className === 'string' && el.className.trim()
       ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  if (page > width) {
    const wide = [...document.querySelectorAll('body *')].filter(
      (el) => el.getBoundingClientRect().right > width + 1).map((el) => say(el));
    problems.push(`the page is ${page}px wide: ${wide.slice(0, 8).join(', ')}`);
  }
  const scroller = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(up).overflowX)) return up;
    }
    return null;
  };
  for (const el of document.querySelectorAll('body *')) {
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden' || !el.getClientRects().length) continue;
    if (el.closest('.govuk-visually-hidden, .govuk-skip-link, .leaflet-container')) continue;
    const text = el.innerText ? el.innerText.trim() : '';
    if (['auto', 'scroll'].includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1) {
      const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby');
      if (el.tabIndex < 0 || !labelled || el.getAttribute('role') !== 'region') {
        problems.push(`${say(el)} scrolls but is not a focusable, labelled region`);
      }
    }
    const clips = ['hidden', 'clip'];
    if (text && ((clips.includes(style.overflowX) && el.scrollWidth > el.clientWidth + 1)
        || (clips.includes(style.overflowY) && el.scrollHeight > el.clientHeight + 1))) {
      problems.push(`${say(el)} cuts off its text: "${text.slice(0, 40)}"`);
    }
    const past = (node) => node.getBoundingClientRect().right > width + 1;
    if (past(el) && !scroller(el) && !(el.parentElement && past(el.parentElement))) {
      problems.push(`${say(el)} sticks out past the right edge: "${text.slice(0, 40)}"`);
    }
  }
  return problems;
}"""


@pytest.mark.parametrize("name", REFLOW)
def test_the_page_reflows_at_400_percent_zoom(name, world, site, visitor):
    who = "drafting" if name == "portal:ask-questions" else None
    page = open_page(visitor, site, world, name, who=who, narrow=True)
    try:
        problems = page.evaluate(REFLOW_PROBLEMS)
    finally:
        page.close()

    assert problems == [], f"{name} at 320px:\n" + "\n".join(problems)
