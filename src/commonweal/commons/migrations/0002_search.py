"""Full-text search of assets: SQLite FTS5 or a PostgreSQL tsvector, and the search token.

Raw SQL per database (see `commons.fulltext`); nothing here is in Django's model state.
"""

from django.db import migrations

from commonweal.commons import fulltext

SQLITE_DROP = [
    *(
        f"DROP TRIGGER IF EXISTS {name}"
        for name in (
            "commons_asset_fts_insert",
            "commons_asset_fts_delete",
            "commons_asset_fts_update",
            "commons_asset_touch_insert",
            "commons_asset_touch_update",
            "commons_asset_touch_delete",
            "commons_adoption_touch_insert",
            "commons_adoption_touch_update",
            "commons_adoption_touch_delete",
            "organisations_kind_touch",
        )
    ),  # fmt: skip
    "DROP TABLE IF EXISTS commons_asset_fts",
    "DROP TABLE IF EXISTS commons_search_state",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS commons_asset_touch ON commons_asset",
    "DROP TRIGGER IF EXISTS commons_asset_truncate_touch ON commons_asset",
    "DROP TRIGGER IF EXISTS commons_adoption_touch ON commons_adoption",
    "DROP TRIGGER IF EXISTS commons_adoption_truncate_touch ON commons_adoption",
    "DROP TRIGGER IF EXISTS organisations_kind_touch ON organisations_organisation",
    "DROP FUNCTION IF EXISTS commons_search_touch()",
    "DROP TABLE IF EXISTS commons_search_state",
    "DROP INDEX IF EXISTS commons_asset_search_vector",
    "DROP INDEX IF EXISTS commons_asset_title_search",
    "ALTER TABLE commons_asset DROP COLUMN IF EXISTS search_vector",
]


def create(apps, schema_editor) -> None:
    fulltext.ensure_schema(schema_editor.connection)


def drop(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("commons", "0001_initial"),
        ("organisations", "0002_apiclient"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
