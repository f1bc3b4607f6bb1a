"""The residents' portal: bytes sent on a first visit, and the server's time per page.

Runs on a fresh temporary SQLite file unless DATABASE_URL is set (then use a throwaway
database: it is migrated, loaded and filled). Sets up the UK reference data and Cambridge
City Council and Cambridgeshire County Council running every standard service they hold,
then CASES requests around central Cambridge (potholes and missed bins), some of them
closed, 20 of them made by one signed-in resident. Pages are asked for as a resident who
is not signed in (with a request under way in the session), "my requests" as that one.

First load: each page's HTML plus every stylesheet and script it loads (following the
`import`s of module scripts), each compressed as WhiteNoise serves it (gzip, level 9),
leaving out the map (Leaflet, its stylesheet and the portal's map script and styles,
which load only on the two pages with a map). Target: under 100 KB a page.

Server time: REPEAT GETs of each page through Django's test Client (the whole stack:
middleware, sessions, views, templates, database; no network), after a few to warm up.
Target: p95 under 30 ms.

With --national N, N more cases (written straight to the table) are spread over Great
Britain over the last year, to see how the nearby query holds up when most cases are
elsewhere; --lat-index adds, in the benchmark's database only, the latitude and longitude
index that query would use.

    python bench/portal.py [--cases 5000] [--repeat 200] [--national 0] [--lat-index]
"""

import argparse
import gzip
import os
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from io import StringIO
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from _setup import database_vendor, django_setup, write_results

sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != BENCH]

TARGET_KB = 100
TARGET_P95_MS = 30
CAMBRIDGE = ((52.195, 52.215), (0.105, 0.145))
HERE = "lat=52.2053&lon=0.1218"
MAP_ASSETS = ("leaflet/", "portal/map.js", "portal/portal.css")
ASSET = re.compile(r'(?:href|src)="(/static/[^"?#]+\.(?:css|js))"')
IMPORT = re.compile(r'(?:import|from)\s*["\']([^"\']+\.js)["\']')


def _fresh_database() -> None:
    if os.environ.get("DATABASE_URL"):
        return
    folder = tempfile.mkdtemp(prefix="commonweal-bench-portal-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ.setdefault("COMMONWEAL_VAR_DIR", folder)


def set_up(cases: int):
    from django.core.management import call_command
    from django.utils import timezone

    from commonweal.accounts.models import User
    from commonweal.cases import intake, lifecycle
    from commonweal.cases.models import Case
    from commonweal.demo.offerings import run_demo_offerings
    from commonweal.organisations.models import Membership, Organisation, Role

    call_command("migrate", verbosity=0)
    call_command("load_reference", verbosity=0, stdout=StringIO())
    city = Organisation.objects.get(gss_code="E07000008")
    county = Organisation.objects.get(gss_code="E10000003")
    run_demo_offerings(councils=[city, county])
    resident = User.objects.create_user("resident@example.net", "bench password 1")
    staff = User.objects.create_user("staff@county.example", "bench password 2")
    Membership.objects.create(user=staff, organisation=county, role=Role.CASEWORKER)

    rng = random.Random(7)
    today = timezone.localdate().isoformat()
    made = []
    for n in range(cases):
        lat, lon = rng.uniform(*CAMBRIDGE[0]), rng.uniform(*CAMBRIDGE[1])
        code, answers = (
            ("pothole", {"position": "road", "dangerous": False, "description": "By a drain"})
            if n % 2
            else ("missed-bin", {"bin_type": "recycling", "collection_date": today,
                                 "out_on_time": True})
        )  # fmt: skip
        made.append(
            intake.submit(
                service_code=code,
                answers=answers,
                channel="web",
                lat=lat,
                lon=lon,
                reporter=intake.ReporterDetails(
                    name="A Resident",
                    email="someone@example.net",
                    user=resident if n < 20 else None,
                ),
            )
        )
    potholes = [case for case in made if case.offering.service_code == "pothole"]
    for case in potholes[:: max(1, len(potholes) // 50)]:
        case = lifecycle.transition(
            case=case, transition="triage", actor=staff, expected_version=case.version
        )
        lifecycle.transition(
            case=case, transition="fix", actor=staff, expected_version=case.version,
            public_note="Filled in.",
        )  # fmt: skip
    # Spread the submissions over the last 120 days, so "recent" leaves some out.
    for case in made:
        days = rng.uniform(0, 120)
        Case.objects.filter(pk=case.pk).update(submitted_at=timezone.now() - timedelta(days=days))
    return resident, made[1].reference


def national(count: int) -> None:
    """Cases all over Great Britain, written in bulk (no events, no reporters)."""
    from django.utils import timezone

    from commonweal.cases import references
    from commonweal.cases.models import Case
    from commonweal.services.models import ServiceOffering

    offering = ServiceOffering.objects.select_related("definition").get(
        service_code="pothole", organisation__gss_code="E10000003"
    )
    rng, now, batch = random.Random(11), timezone.now(), []
    for n in range(count):
        batch.append(
            Case(
                reference=references.new_reference(),
                offering=offering,
                definition=offering.definition,
                organisation_id=offering.organisation_id,
                state="submitted",
                channel="web",
                lat=rng.uniform(50.2, 58.5),
                lon=rng.uniform(-5.5, 1.7),
                submitted_at=now - timedelta(days=rng.uniform(0, 365)),
            )
        )
        if len(batch) == 5000 or n == count - 1:
            Case.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []


def add_lat_index() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE INDEX bench_case_lat_lon ON cases_case (lat, lon)")
        cursor.execute("ANALYZE")


def pages(reference: str) -> dict[str, str]:
    return {
        "home": "/",
        "find a service": "/services/",
        "search: bin not emptied": "/services/?q=bin+not+emptied",
        "start page (pothole)": "/services/pothole/",
        "ask: location": "/services/pothole/ask/location/",
        "ask: questions": "/services/pothole/ask/questions/",
        "ask: contact": "/services/pothole/ask/contact/",
        "ask: check answers": "/services/pothole/ask/check/",
        "ask: confirmation": "/services/missed-bin/ask/sent/",
        "track: form": "/track/",
        "track: request": f"/track/{reference}/",
        "register": "/account/register/",
        "my requests": "/account/requests/",
        "nearby (1 km)": f"/reports/?{HERE}",
        "nearby GeoJSON (1 km)": f"/reports.geojson?{HERE}",
    }


def prepare_session(client) -> None:
    """A draft pothole up to "check your answers", and a missed bin sent."""
    base = "/services/pothole/ask"
    client.post(f"{base}/location/", {"action": "continue", "lat": "52.2053", "lon": "0.1218"})
    client.post(f"{base}/questions/", {"q-position": "road", "q-dangerous": "no"})
    client.post(f"{base}/contact/", {"email": "ada@example.net"})
    bins = "/services/missed-bin/ask"
    client.post(f"{bins}/location/", {"action": "continue", "lat": "52.2053", "lon": "0.1218"})
    from django.utils import timezone

    today = timezone.localdate()
    client.post(
        f"{bins}/questions/",
        {"q-bin_type": "recycling", "q-collection_date-day": today.day,
         "q-collection_date-month": today.month, "q-collection_date-year": today.year,
         "q-out_on_time": "yes"},
    )  # fmt: skip
    client.post(f"{bins}/contact/", {})
    response = client.post(f"{bins}/check/")
    assert response.status_code == 302, response


def static_file(url: str) -> bytes:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    found = finders.find(url.removeprefix(settings.STATIC_URL))
    if not found:
        raise FileNotFoundError(url)
    return Path(found).read_bytes()


def gzipped(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=9, mtime=0))


def first_load(html: str) -> tuple[int, list[str]]:
    """Compressed bytes of the page and everything it loads but the map; the files counted."""
    wanted = [url for url in ASSET.findall(html) if not any(m in url for m in MAP_ASSETS)]
    seen: list[str] = []
    total = gzipped(html.encode())
    while wanted:
        url = wanted.pop(0)
        if url in seen:
            continue
        seen.append(url)
        data = static_file(url)
        total += gzipped(data)
        if url.endswith(".js"):
            folder = url.rsplit("/", 1)[0]
            for imported in IMPORT.findall(data.decode("utf-8", "replace")):
                wanted.append(os.path.normpath(f"{folder}/{imported}"))
    return total, seen


def measure(client, path: str, repeat: int) -> list[float]:
    for _ in range(5):
        client.get(path)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--national", type=int, default=0)
    parser.add_argument("--lat-index", action="store_true")
    args = parser.parse_args()

    _fresh_database()
    os.environ["DEBUG"] = "false"  # as deployed: no debug toolbar of queries kept
    django_setup()
    from django.conf import settings
    from django.test import Client

    # Not setup_test_environment(): it instruments template rendering, which would be timed.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    print(f"Setting up {args.cases:,} cases on {database_vendor()} …", flush=True)
    resident, reference = set_up(args.cases)
    if args.national:
        print(f"Adding {args.national:,} cases across Great Britain …", flush=True)
        national(args.national)
    if args.lat_index:
        add_lat_index()
    anonymous, signed_in = Client(), Client()
    signed_in.force_login(resident)
    prepare_session(anonymous)

    figures, detail = [], {}
    for name, path in pages(reference).items():
        client = signed_in if path == "/account/requests/" else anonymous
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        times = measure(client, path, args.repeat)
        p50, p95 = statistics.median(times), percentile(times, 0.95)
        figures.append(_figure(f"{name}: server p50", p50, "ms"))
        figures.append(_figure(f"{name}: server p95", p95, "ms", TARGET_P95_MS))
        if path.startswith("/reports.geojson"):
            continue
        size, files = first_load(response.content.decode())
        figures.append(_figure(f"{name}: first load, gzip", size / 1024, "KB", TARGET_KB))
        detail[name] = files
    name = "portal" + ("-national" if args.national else "")
    write_results(
        name + ("-lat-index" if args.lat_index else "") + f"-{database_vendor()}",
        figures,
        {"cases": args.cases, "national": args.national, "lat_index": args.lat_index,
         "repeat": args.repeat, "assets": detail},
    )  # fmt: skip


def _figure(what: str, value: float, unit: str, target: float | None = None) -> dict:
    figure = {"what": what, "value": round(value, 3), "unit": unit}
    if target is not None:
        figure |= {
            "target": f"< {target} {unit}",
            "ratio": round(value / target, 3),
            "met": value < target,
        }
    return figure


if __name__ == "__main__":
    main()
