"""Helpers for the few reads on hot paths written as fixed SQL instead of through the ORM.

Building a query through the ORM costs more CPU than SQLite or PostgreSQL take to answer
a small indexed one (bench/intake.py, bench/open311.py). Where that matters, the SQL is
written out with table names from the models' metadata and every value a parameter, and
the values read come back converted exactly as the ORM would give them.
"""

import functools
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.db import connection, models


def table(model: type[models.Model]) -> str:
    """The model's table name, quoted for the database in use."""
    return connection.ops.quote_name(model._meta.db_table)


def placeholders(values: Sequence[Any]) -> str:
    """ "%s, %s, …" for an IN list of these values."""
    return ", ".join(["%s"] * len(values))


def converted(model: type[models.Model], name: str, value: Any) -> Any:
    """A column's value as the ORM would give it (aware times, decoded JSON)."""
    column, converters = _converters(model, name, connection.vendor)
    for convert in converters:
        value = convert(value, column, connection)
    return value


def converter(model: type[models.Model], name: str):
    """`converted` for one column, looked up once: for converting many rows."""
    column, converters = _converters(model, name, connection.vendor)
    if not converters:
        return lambda value: value
    fast = _utc_datetimes(model, name, connection.vendor)

    def convert(value: Any) -> Any:
        if fast and type(value) is datetime and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        for step in converters:
            value = step(value, column, connection)
        return value

    return convert


@functools.cache
def _converters(model: type[models.Model], name: str, vendor: str) -> tuple:
    field = model._meta.get_field(name)
    column = field.get_col(model._meta.db_table)
    return column, (*connection.ops.get_db_converters(column), *field.get_db_converters(connection))


@functools.cache
def _utc_datetimes(model: type[models.Model], name: str, vendor: str) -> bool:
    """Whether the column holds times SQLite gives back as naive datetimes in UTC.

    Django's SQLite backend parses a datetime column as it is read, and its converter then
    makes the value aware in the connection's time zone (UTC unless DATABASES names one)
    through generic code that costs more than the read itself on a page of many rows.
    """
    return (
        vendor == "sqlite"
        and settings.USE_TZ
        and connection.timezone is UTC
        and isinstance(model._meta.get_field(name), models.DateTimeField)
    )


def time_value(value) -> Any:
    """A datetime as a query parameter for the database in use."""
    return connection.ops.adapt_datetimefield_value(value)


def copy_rows(model: type[models.Model], columns: Sequence[str], rows: Sequence[Sequence]) -> None:
    """PostgreSQL: stream rows into the model's table (these columns) through COPY, several
    times faster than INSERTs of many rows, with no statement to parse."""
    statement = (
        f"COPY {table(model)} ({', '.join(map(connection.ops.quote_name, columns))}) FROM STDIN"
    )
    with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row(row)
