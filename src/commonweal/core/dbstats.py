"""The statistics the database's query planner chooses indexes by.

SQLite keeps none until ANALYZE runs, and without them it may pick an index that reads a
thousand times more rows (the nearby-reports query at 1,000,000 cases: 630 ms instead of
5 ms). Its ANALYZE is run here with `analysis_limit`, which samples each index instead of
reading it whole: under half a second at 1,000,000 cases, so `commonweal tick` can run it
every time. PostgreSQL's autovacuum keeps its statistics itself; after a bulk load they are
refreshed here at once rather than whenever autovacuum next gets to them.
"""

from django.db import connection

SQLITE_ROWS_SAMPLED = 1000  # per index: estimates within a few per cent, in milliseconds


def refresh_statistics(*, after_bulk_load: bool = False) -> bool:
    """Bring the planner's statistics up to date; True if anything was run.

    SQLite: always (sampled, cheap). PostgreSQL: only `after_bulk_load`, as autovacuum
    looks after it otherwise.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit = {SQLITE_ROWS_SAMPLED}")
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA analysis_limit = 0")
            return True
        if connection.vendor == "postgresql" and after_bulk_load:
            cursor.execute("ANALYZE")
            return True
    return False
