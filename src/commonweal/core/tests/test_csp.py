"""The Content Security Policy: on every response, nothing inline, the tile host allowed."""

import pytest

from commonweal.core.csp import policy, tile_source


@pytest.mark.parametrize(
    ("tile_url", "source"),
    [
        ("", None),
        ("https://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("http://127.0.0.1:8080/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
        ("javascript:alert(1)", None),
    ],
)
def test_the_tile_host_becomes_an_image_source(tile_url, source):
    assert tile_source(tile_url) == source


def test_the_policy_allows_nothing_inline_and_no_framing():
    directives = dict(part.split(" ", 1) for part in policy(tile_url="").split("; "))
    assert directives == {
        "default-src": "'self'",
        "img-src": "'self' data:",
        "object-src": "'none'",
        "base-uri": "'self'",
        "frame-ancestors": "'none'",
        "form-action": "'self'",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/open311/v2/discovery.json", "/static/portal/map.js"])
def test_every_kind_of_response_carries_it(client, settings, path):
    settings.MAP_TILE_URL = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    header = client.get(path)["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tile.example.org;" in header
    assert "unsafe-inline" not in header
