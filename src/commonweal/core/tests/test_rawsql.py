"""Fixed-SQL reads give back what the ORM would: aware times, decoded JSON, plain values."""

from datetime import UTC, datetime

import pytest
from django.db import connection

from commonweal.cases.models import Case
from commonweal.cases.tests.factories import CaseFactory
from commonweal.core import rawsql

pytestmark = pytest.mark.django_db
AT = datetime(2026, 3, 2, 9, 30, 15, 250000, tzinfo=UTC)


def test_a_row_read_by_hand_matches_the_orm():
    case = CaseFactory(submitted_at=AT, answers={"depth_cm": 7, "where": "by the “bus stop”"})
    columns = ["reference", "submitted_at", "answers", "closed_at", "lat"]
    sql = (
        f"SELECT {', '.join(columns)} FROM {rawsql.table(Case)} "  # noqa: S608
        f"WHERE id IN ({rawsql.placeholders([case.pk, 0])}) AND submitted_at >= %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [case.pk, 0, rawsql.time_value(AT)])
        (row,) = cursor.fetchall()

    read = {
        name: rawsql.converter(Case, name)(value) for name, value in zip(columns, row, strict=True)
    }

    assert read == Case.objects.filter(pk=case.pk).values(*columns).get()
    assert read["submitted_at"] == AT and read["submitted_at"].tzinfo is not None
    assert rawsql.converted(Case, "answers", row[2]) == {
        "depth_cm": 7,
        "where": "by the “bus stop”",
    }
