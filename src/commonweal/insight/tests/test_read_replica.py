"""With a read replica, the dashboards and the open-data builds read through it and never
write to it; everything else, and every write, goes to the primary; without one, nothing
changes.

The replica is the test database itself reached through a second connection (the
`replica` alias the root conftest adds as Django's test mirror), so the data must be
committed for it to see: these tests run outside a transaction.
"""

import csv
import io
import re

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from commonweal.cases.models import Case
from commonweal.core.db_routers import REPLICA, replica_reads
from commonweal.insight import open_data
from commonweal.insight.models import DailyRollup, OpenDataFile, OrganisationDay
from commonweal.insight.tests.dashboard_world import make_world
from commonweal.organisations.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|CREATE|ALTER|DROP|TRUNCATE)\b", re.IGNORECASE)
ROLLUP_TABLES = (DailyRollup._meta.db_table, OrganisationDay._meta.db_table)


@pytest.fixture
def replica(settings):
    """The router installed, as DATABASE_REPLICA_URL does; the second connection closed after."""
    settings.DATABASE_ROUTERS = ["commonweal.core.db_routers.ReplicaRouter"]
    yield
    connections[REPLICA].close()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def statements(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries]


def mentioning(sqls: list[str], tables: tuple[str, ...]) -> list[str]:
    return [sql for sql in sqls if any(table in sql for table in tables)]


def dashboard(client, world, path: str = "/insight/dashboards/fenland/"):
    client.force_login(world.fenland_staff)
    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as copy,
    ):
        response = client.get(path)
    return response, statements(primary), statements(copy)


def test_the_dashboard_reads_its_rollups_from_the_replica(client, replica):
    world = make_world()

    response, primary, copy = dashboard(client, world)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Headline figures" in page and "Requests by month" in page
    assert mentioning(copy, ROLLUP_TABLES), "the rollup sums were not read from the replica"
    assert not mentioning(primary, ROLLUP_TABLES), "rollups were read from the primary"
    assert not [sql for sql in copy if WRITES.match(sql)]
    # Signing in and the session stay on the primary.
    assert not mentioning(copy, ("django_session", "accounts_user"))


def test_a_chart_download_reads_the_replica(client, replica):
    world = make_world()

    response, primary, copy = dashboard(
        client, world, "/insight/dashboards/fenland/?chart=requests-by-channel&format=csv"
    )

    assert response.status_code == 200
    assert mentioning(copy, ROLLUP_TABLES)
    assert not mentioning(primary, ROLLUP_TABLES)


def test_the_same_figures_with_and_without_the_replica(client, settings):
    world = make_world()
    without, _, copy_without = dashboard(client, world)
    settings.DATABASE_ROUTERS = ["commonweal.core.db_routers.ReplicaRouter"]
    try:
        with_replica, _, copy_with = dashboard(client, world)
    finally:
        connections[REPLICA].close()

    assert copy_without == []  # no router: the replica is never touched
    assert copy_with
    tokens = re.compile(r"[A-Za-z0-9]{32,}")  # the CSRF token differs between responses
    assert tokens.sub("", without.content.decode()) == tokens.sub("", with_replica.content.decode())


def test_open_data_reads_cases_from_the_replica_and_records_files_on_the_primary(client, replica):
    world = make_world()
    cases_table = Case._meta.db_table
    records_table = OpenDataFile._meta.db_table

    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(connections[REPLICA]) as copy,
    ):
        made = open_data.make(organisation=world.fenland)

    assert made.rows == Case.objects.filter(organisation=world.fenland).count() > 0
    assert mentioning(statements(copy), (cases_table,))
    assert not mentioning(statements(primary), (cases_table,))
    assert not [sql for sql in statements(copy) if WRITES.match(sql)]
    assert [sql for sql in statements(primary) if WRITES.match(sql) and records_table in sql]
    download = client.get("/open-data/fenland/cases.csv")
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(b"".join(download.streaming_content).decode())))
    assert len(rows) == made.rows


def test_writes_inside_replica_reads_go_to_the_primary(replica):
    with CaptureQueriesContext(connections[REPLICA]) as copy, replica_reads():
        made = Organisation.objects.create(name="Nowhere Parish Council", slug="nowhere")
        found = Organisation.objects.get(slug="nowhere")  # read back through the replica

    assert found.pk == made.pk
    assert not [sql for sql in statements(copy) if WRITES.match(sql)]
    assert mentioning(statements(copy), (Organisation._meta.db_table,))
    assert Organisation.objects.using("default").filter(slug="nowhere").exists()


def test_reads_outside_replica_reads_stay_on_the_primary(replica):
    with CaptureQueriesContext(connections[REPLICA]) as copy:
        Organisation.objects.filter(slug="anything").exists()
        Case.objects.count()

    assert statements(copy) == []


def test_migrations_never_run_on_the_replica(replica):
    assert router.allow_migrate_model(REPLICA, Case) is False
    assert router.allow_migrate_model("default", Case) is True
