"""A read replica for insight and open data (DATABASE_REPLICA_URL, docs/configuration.md).

Most reads must see the latest writes (a caseworker's change, then the page showing it),
so the replica is used only where the code says so: inside `replica_reads()`, reads go to
the `replica` database when one is configured. The dashboards, the board pack and the
open-data builds read through it; they read rollups and closed history, for which a
replica a few seconds behind is fine. Writes always go to `default`, and migrations never
run on the replica (it copies the primary's schema by itself).

Without a replica (no `replica` alias in DATABASES) every read goes to `default`, and the
router is not even installed.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

REPLICA = "replica"

_replica_wanted: ContextVar[bool] = ContextVar("commonweal_replica_reads", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    """Send the ORM's reads (and `reading()`'s) to the replica while inside this block.

    Keep the block to reading: a read made here may be a little behind the primary, and a
    `select_for_update()` here would go to the replica, outside any transaction.
    """
    token = _replica_wanted.set(True)
    try:
        yield
    finally:
        _replica_wanted.reset(token)


def reading(model: type[models.Model]) -> BaseDatabaseWrapper:
    """The connection a hand-written read of the model's table should use (as the ORM would)."""
    return connections[router.db_for_read(model)]


class ReplicaRouter:
    """Reads inside `replica_reads()` to the replica; everything else to `default`."""

    def db_for_read(self, model: type[models.Model], **hints: object) -> str:
        if _replica_wanted.get() and REPLICA in connections.settings:
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[models.Model], **hints: object) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: models.Model, obj2: models.Model, **hints: object) -> bool:
        # The two aliases hold the same data: an object read from either may refer to the other.
        return True

    def allow_migrate(self, db: str, app_label: str, **hints: object) -> bool:
        return db != REPLICA
