"""Helpers shared by the Playwright tests."""

from urllib.parse import quote

from commonweal.accounts.tests.factories import PASSWORD


def sign_in(page, live_server, user, *, then: str) -> None:
    """Sign in through the form and wait for the page it leads to.

    A click that submits a form returns once the navigation has begun; waiting here
    keeps the next step from acting on the sign-in page on a slow machine.
    """
    page.goto(f"{live_server.url}/sign-in/?next={quote(then)}")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/sign-in/" not in url)


def describe(violations: list[dict]) -> str:
    """Axe's violations as readable lines, for an assertion's message."""
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']}\n"
        + "\n".join(f"  {node['target']}: {node['failureSummary']}" for node in v["nodes"])
        for v in violations
    )
