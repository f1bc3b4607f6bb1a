"""/healthz for load balancers and orchestrators, /metrics for Prometheus. Neither needs a sign-in.

/metrics is for the monitoring system only: with METRICS_TOKEN set, a scrape must send it
as a bearer token; without one, only a direct request from a loopback or private address
is answered (a request that came through a proxy, which says so in its headers, is not).
"""

import hmac
import ipaddress
import os

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

from commonweal.core.observability import quiet
from commonweal.operations import health
from commonweal.operations.collectors import PlatformCollector

PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")
# Loopback, the RFC 1918 private ranges and IPv6 unique local addresses (not the
# documentation ranges that Python's `is_private` also counts).
INTERNAL_NETWORKS = tuple(
    ipaddress.ip_network(network)
    for network in (
        "127.0.0.0/8",
        "10.0.0.0/8",
        "172.16.0.0/12",
        "192.168.0.0/16",
        "::1/128",
        "fc00::/7",
    )
)


@quiet
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    healthy, body = health.report()
    return JsonResponse(body, status=200 if healthy else 503)


@quiet
@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    if not scrape_allowed(request):
        return HttpResponse("Not allowed.\n", status=403, content_type="text/plain")
    return HttpResponse(generate_latest(registry()), content_type=CONTENT_TYPE_LATEST)


def scrape_allowed(request: HttpRequest) -> bool:
    token = settings.METRICS_TOKEN
    if token:
        sent = request.headers.get("Authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())
    if any(request.META.get(name) for name in PROXY_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return any(address in network for network in INTERNAL_NETWORKS)


class _Default:
    """This process's own metrics (requests, and Python's process and GC figures)."""

    def collect(self):
        return REGISTRY.collect()


def registry() -> CollectorRegistry:
    """What a scrape reads: every worker's request metrics, and the platform's gauges.

    Under gunicorn (PROMETHEUS_MULTIPROC_DIR set by `commonweal serve`) each worker writes
    its counters to files there and any worker answering the scrape adds them all up.
    """
    found = CollectorRegistry(auto_describe=False)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(found)
    else:
        found.register(_Default())
    found.register(PlatformCollector())
    return found
