"""Move the REST API's tokens out of Django REST framework's `authtoken_token` table, which
kept them in plain text, into ApiToken, which keeps only a prefix and a SHA-256 hash.

Each token keeps working: a client sends the same key and its hash is found. Then the old
table is emptied and dropped (`rest_framework.authtoken` is no longer installed). Going
back cannot restore the keys: tokens would have to be issued again.
"""

import datetime
import hashlib

from django.db import migrations

LEGACY_TABLE = "authtoken_token"


def _aware(moment):
    """SQLite gives back naive datetimes (stored in UTC); PostgreSQL aware ones."""
    if isinstance(moment, str):
        moment = datetime.datetime.fromisoformat(moment)
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def hash_legacy_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if LEGACY_TABLE not in connection.introspection.table_names():
        return
    ApiToken = apps.get_model("accounts", "ApiToken")
    table = connection.ops.quote_name(LEGACY_TABLE)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {connection.ops.quote_name('key')}, user_id, created FROM {table}")  # noqa: S608  # nosec B608 (a constant table name)
        rows = cursor.fetchall()
    ApiToken.objects.bulk_create(
        ApiToken(
            user_id=user_id,
            prefix=key[:8],
            key_hash=hashlib.sha256(key.encode("utf-8")).hexdigest(),
            created_at=_aware(created),
        )
        for key, user_id, created in rows
    )
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608  # nosec B608 (a constant table name)
        cursor.execute(f"DROP TABLE {table}")
        cursor.execute("DELETE FROM django_migrations WHERE app = %s", ["authtoken"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_two_factor_and_api_tokens")]

    operations = [
        migrations.RunPython(hash_legacy_tokens, migrations.RunPython.noop, elidable=False),
    ]
