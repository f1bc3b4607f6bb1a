"""What a database holds, read the same way at backup and at restore.

Row counts per table and the migrations applied per app, from any Django connection
(the live one, a copy of an SQLite file, or a PostgreSQL snapshot).
"""

from collections import defaultdict

from django.apps import apps
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader

# Rows `migrate` itself makes: a database holding only these counts as empty.
MADE_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}


def table_names(*, connection: BaseDatabaseWrapper) -> list[str]:
    with connection.cursor() as cursor:
        return sorted(connection.introspection.table_names(cursor))


def row_counts(*, connection: BaseDatabaseWrapper) -> dict[str, int]:
    """Every table's number of rows."""
    counts = {}
    with connection.cursor() as cursor:
        for table in table_names(connection=connection):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
            counts[table] = cursor.fetchone()[0]
    return counts


def holds_data(*, connection: BaseDatabaseWrapper) -> bool:
    """True when any model's table has a row that `migrate` did not put there."""
    present = set(table_names(connection=connection))
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            table = model._meta.db_table
            if model._meta.label_lower in MADE_BY_MIGRATE or table not in present:
                continue
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608 (identifiers from models or constants; values as parameters)  # nosec B608
            if cursor.fetchone():
                return True
    return False


def applied_migrations(*, connection: BaseDatabaseWrapper) -> dict[str, list[str]]:
    """The latest applied migrations of each app (those no later applied one follows)."""
    if "django_migrations" not in table_names(connection=connection):
        return {}
    applied: dict[str, set[str]] = defaultdict(set)
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        for app, name in cursor.fetchall():
            applied[app].add(name)
    graph = MigrationLoader(None, ignore_no_migrations=True).graph

    def followed(app: str, name: str) -> bool:
        node = graph.node_map.get((app, name))
        return node is not None and any(
            child.key[0] == app and child.key[1] in applied[app] for child in node.children
        )

    return {
        app: sorted(name for name in names if not followed(app, name))
        for app, names in sorted(applied.items())
    }


def unknown_migrations(*, migrations: dict[str, list[str]]) -> list[str]:
    """The migrations named here that this code does not have ("app.name")."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    return [
        f"{app}.{name}"
        for app, names in sorted(migrations.items())
        for name in names
        if (app, name) not in known
    ]


def pending_migrations(*, migrations: dict[str, list[str]]) -> list[str]:
    """This code's latest migrations that the backup had not applied ("app.name")."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return [
        f"{app}.{name}"
        for app, name in sorted(graph.leaf_nodes())
        if name not in migrations.get(app, [])
    ]
