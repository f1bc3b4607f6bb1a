"""The Content Security Policy on every response, with no 'unsafe-inline' anywhere.

Our own middleware rather than django-csp: the policy is one fixed header built once from
settings, nothing on our pages needs a nonce (every script and style is a static file),
and twenty lines cost less to keep than another dependency. The only part that varies is
the map's tile host, taken from MAP_TILE_URL.
"""

import functools
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


def tile_source(tile_url: str) -> str | None:
    """The CSP source for a tile URL template: `https://{s}.tile.example/{z}/…` gives
    `https://*.tile.example` (Leaflet's `{s}` stands for any subdomain)."""
    if not tile_url:
        return None
    parts = urlsplit(tile_url.replace("{s}", "subdomain"))
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return None
    host = parts.netloc.replace("subdomain", "*", 1) if "{s}" in tile_url else parts.netloc
    return f"{parts.scheme}://{host}"


@functools.lru_cache(maxsize=8)
def policy(*, tile_url: str = "") -> str:
    """The header's value: only our own origin, plus data: images and the tile host."""
    images = ["'self'", "data:"]
    if source := tile_source(tile_url):
        images.append(source)
    directives = {
        "default-src": ["'self'"],
        "img-src": images,
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


class ContentSecurityPolicyMiddleware:
    """Adds the policy to every response that has none of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(HEADER, policy(tile_url=settings.MAP_TILE_URL))
        return response
