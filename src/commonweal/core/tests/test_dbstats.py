"""The query planner's statistics: kept by tick on SQLite, refreshed after bulk loads."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from commonweal.accounts.tests.factories import UserFactory
from commonweal.cases.tests.factories import CaseFactory
from commonweal.core.dbstats import refresh_statistics

pytestmark = pytest.mark.django_db


def statistics_rows(table: str) -> int:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = %s", [table])
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = %s", [table])
        return cursor.fetchone()[0]


def test_tick_keeps_sqlite_statistics_for_every_index_of_the_cases():
    # Some cases in every index, the partial ones included (assigned, a duplicate, open).
    first = CaseFactory()
    CaseFactory(assignee=UserFactory(), duplicate_of=first)
    CaseFactory()
    out = io.StringIO()
    call_command("tick", stdout=out)

    if connection.vendor != "sqlite":  # autovacuum's work on PostgreSQL
        assert "Query planner statistics" not in out.getvalue()
        return
    assert "Query planner statistics refreshed." in out.getvalue()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = %s",
                       ["cases_case"])  # fmt: skip
        indexes = {name for (name,) in cursor.fetchall()}
        cursor.execute("SELECT idx FROM sqlite_stat1 WHERE tbl = %s", ["cases_case"])
        analysed = {name for (name,) in cursor.fetchall()}
    assert "case_lat_lon" in indexes and analysed == indexes


def test_a_bulk_load_refreshes_the_statistics_on_either_database():
    CaseFactory.create_batch(3)
    assert refresh_statistics(after_bulk_load=True) is True
    assert statistics_rows("cases_case") > 0


def test_postgresql_leaves_routine_statistics_to_autovacuum():
    assert refresh_statistics() is (connection.vendor == "sqlite")
