from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CommonsConfig(AppConfig):
    name = "commonweal.commons"
    label = "commons"

    def ready(self) -> None:
        post_migrate.connect(_ensure_search_schema, sender=self)


def _ensure_search_schema(sender, using: str, plan=None, **kwargs) -> None:
    """Put back the full-text triggers a table rebuild may have dropped (SQLite alters so).

    Only on SQLite: PostgreSQL keeps triggers through ALTER TABLE, and altering a table
    there fails inside a transaction that has written rows (as a test's does).
    """
    from django.db import connections
    from django.db.migrations.recorder import MigrationRecorder

    from commonweal.commons import fulltext

    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    if (
        MigrationRecorder(connection)
        .migration_qs.filter(app="commons", name="0002_search")
        .exists()
    ):
        fulltext.ensure_schema(connection)
