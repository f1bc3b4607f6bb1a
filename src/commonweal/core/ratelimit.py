"""Rate limits: at most N requests a window of S seconds per key, counted in Django's cache.

The first request counted opens a window of S seconds; its counter expires with it. The
limits are settings (RATE_LIMITS, each "N/S", N=0 for no limit). Keys are hashed before
they reach the cache, so no address or API key is stored as it is. The cache is
per process unless CACHES names a shared one (see docs/configuration.md), so with several
web workers the limit holds per worker.
"""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: int  # seconds until the window ends (0 when allowed)


def parse_limit(text: str) -> tuple[int, int]:
    """ "30/60" gives (30, 60): 30 requests a 60-second window."""
    count, _, seconds = text.partition("/")
    return int(count), int(seconds or "60")


def hit(*, scope: str, key: str) -> Verdict:
    """Count one request for `key` under the limit named `scope` in RATE_LIMITS."""
    limit, window = parse_limit(settings.RATE_LIMITS.get(scope, "0/60"))
    if limit <= 0:
        return Verdict(allowed=True, retry_after=0)
    digest = hashlib.sha256(f"{scope}:{key}".encode()).hexdigest()[:32]
    name = f"ratelimit:{scope}:{digest}"
    now = time.time()
    # The window opens with the first request counted and closes `window` seconds later.
    cache.add(f"{name}:opened", now, timeout=window)
    cache.add(name, 0, timeout=window)
    try:
        count = cache.incr(name)
    except ValueError:  # the window closed between add and incr: this request opens one
        cache.set(f"{name}:opened", now, timeout=window)
        cache.set(name, 1, timeout=window)
        count = 1
    if count <= limit:
        return Verdict(allowed=True, retry_after=0)
    opened = cache.get(f"{name}:opened", now)
    return Verdict(allowed=False, retry_after=max(1, math.ceil(opened + window - now)))


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR, or the header CLIENT_IP_HEADER names when a proxy
    in front sets it (its last entry, the one the proxy itself added)."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        sent = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        if sent.strip():
            return sent.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def wait_text(seconds: int) -> str:
    """ "1 minute", "5 minutes", "30 seconds": how long to wait, for people."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = (seconds + 59) // 60
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
