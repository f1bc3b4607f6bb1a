"""When the database cannot be reached: how to tell, and how to let the next request reconnect.

A lost or refused connection reaches Django as `OperationalError` or `InterfaceError`
(PostgreSQL stopped or restarting, the network gone, SQLite busy beyond its timeout).
Such a request cannot be answered, but the next one may be: the caller answers 503 and
calls `release_connections`, so no worker keeps a broken connection.
"""

import logging

from django.db import DatabaseError, connections
from django.db.utils import InterfaceError, OperationalError

logger = logging.getLogger("commonweal.database")


def database_unavailable(error: BaseException | None) -> bool:
    """True for the errors a lost, refused or busy database connection raises."""
    return isinstance(error, OperationalError | InterfaceError)


def release_connections(error: BaseException) -> None:
    """Log the failure (its kind only) and close this thread's connections to reconnect."""
    logger.warning("database unavailable: %s", type(error).__name__)
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DatabaseError:  # already broken: it is dropped all the same
            connection.connection = None
