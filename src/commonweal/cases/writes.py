"""The inserts on intake's hot path, as fixed SQL built once per model from its metadata.

Every request writes a reporter, a case and one or more events. Through `Model.save` and
`bulk_create` each insert costs several times more CPU to build than the database takes
to store it (bench/intake.py); here the statement is built once per model and database,
and each insert only prepares its values with the fields' own `pre_save` and
`get_db_prep_save` (so defaults, `auto_now`, JSON and time zones behave as in the ORM).

No model signals are sent: nothing in Commonweal listens to these models' saves.
A case's reference is inserted with ON CONFLICT DO NOTHING, so a clash with an existing
reference comes back as `False` instead of an error that would need a savepoint.
"""

import functools
from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
from django.db.backends.base.base import BaseDatabaseWrapper

from commonweal.cases.models import Case, Event, Reporter

__all__ = ["insert_case", "insert_events", "insert_reporter"]


@functools.cache
def _fields(model: type[models.Model]) -> tuple[models.Field, ...]:
    return tuple(field for field in model._meta.concrete_fields if not field.primary_key)


@functools.cache
def _statement(model: type[models.Model], vendor: str, conflict: str, rows: int) -> str:
    """INSERT … RETURNING the primary key, for `rows` rows; SQLite and PostgreSQL both."""
    quote = connection.ops.quote_name
    fields = _fields(model)
    columns = ", ".join(quote(field.column) for field in fields)
    row = f"({', '.join(['%s'] * len(fields))})"
    on_conflict = f" ON CONFLICT ({quote(conflict)}) DO NOTHING" if conflict else ""
    return (
        f"INSERT INTO {quote(model._meta.db_table)} ({columns}) "  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
        f"VALUES {', '.join([row] * rows)}{on_conflict} "
        f"RETURNING {quote(model._meta.pk.column)}"
    )


# Values of these types go to the database as they are for fields of these kinds; any
# other value (a lazy string, a Decimal, a naive time) takes the field's own preparation.
_AS_THEY_ARE = {
    models.CharField: (str,),
    models.TextField: (str,),
    models.BooleanField: (bool,),
    models.IntegerField: (int,),
    models.FloatField: (float, int),
    models.ForeignKey: (int,),
}


@functools.cache
def _plain_types(field: models.Field) -> tuple[type, ...]:
    for kind, types in _AS_THEY_ARE.items():
        if isinstance(field, kind):
            return types
    return ()


def _prepared(field: models.Field, value, database: BaseDatabaseWrapper):
    if value is None and field.null:
        return None
    if type(value) in _plain_types(field):
        return value
    if isinstance(field, models.DateTimeField) and getattr(value, "tzinfo", None) is not None:
        return database.ops.adapt_datetimefield_value(value)
    return field.get_db_prep_save(value, connection=database)


def _values(obj: models.Model, database: BaseDatabaseWrapper) -> list:
    return [_prepared(field, field.pre_save(obj, True), database) for field in _fields(type(obj))]


def _stored(obj: models.Model, pk: int) -> None:
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = connection.alias


def _insert(objs: Sequence[models.Model], conflict: str = "") -> list[int]:
    model, database = type(objs[0]), connections[DEFAULT_DB_ALIAS]
    sql = _statement(model, database.vendor, conflict, len(objs))
    params = [value for obj in objs for value in _values(obj, database)]
    with database.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def insert_reporter(reporter: Reporter) -> Reporter:
    """Store a new reporter and give it its id."""
    _stored(reporter, _insert([reporter])[0])
    return reporter


def insert_case(case: Case) -> bool:
    """Store a new case under its reference; False (nothing stored) when the reference is taken."""
    found = _insert([case], conflict=Case._meta.get_field("reference").column)
    if not found:
        return False
    _stored(case, found[0])
    return True


def insert_events(events: Sequence[Event]) -> list[Event]:
    """Store new events in order, in one statement, and give each its id."""
    if not events:
        return []
    ids = _insert(events)
    # Ids grow in the order the rows were inserted, whatever order RETURNING gives them in.
    for event, pk in zip(events, sorted(ids), strict=True):
        _stored(event, pk)
    return list(events)
