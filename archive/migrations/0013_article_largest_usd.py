"""The PostgreSQL search index's money columns (archive/search/postgres_backend.py): each
article's figures as two arrays, what each measures and its approximate USD value, and the
largest of those values, for the amount filter, the "measure" facet and the largest-figure sort.

The largest USD value is kept with the index's copy of the article (SearchEntry), not on Article:
the index is filled from the money figures on every import, editor save, re-import and
rebuild_index, so there is no second copy to keep in step. Rows indexed before this migration
have no figures until `rebuild_index` (`check_index` reports them stale: their fingerprints differ).

On SQLite (where the table exists, unused) Django cannot write an array default into its table
rebuild, so the columns are added there by plain ALTER TABLE with the default as text.
"""

import django.contrib.postgres.fields
from django.db import migrations, models


def _fields(apps):
    """The table's model (before these columns) and the new fields, named."""
    model = apps.get_model("archive", "SearchEntry")
    fields = []
    for op in FIELDS:
        field = op.field.clone()
        field.set_attributes_from_name(op.name)
        fields.append(field)
    return model, fields


SQLITE_COLUMNS = (
    "ALTER TABLE archive_searchentry ADD COLUMN money_measures text NOT NULL DEFAULT '[]'",
    "ALTER TABLE archive_searchentry ADD COLUMN money_usd text NOT NULL DEFAULT '[]'",
    "ALTER TABLE archive_searchentry ADD COLUMN largest_usd real NULL",
)


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        for statement in SQLITE_COLUMNS:
            schema_editor.execute(statement)
        return
    model, fields = _fields(apps)
    for field in fields:
        schema_editor.add_field(model, field)


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        for name in ("money_measures", "money_usd", "largest_usd"):
            schema_editor.execute(f"ALTER TABLE archive_searchentry DROP COLUMN {name}")
        return
    model, fields = _fields(apps)
    for field in fields:
        schema_editor.remove_field(model, field)


FIELDS = [
    migrations.AddField(
        model_name="searchentry",
        name="money_measures",
        field=django.contrib.postgres.fields.ArrayField(
            base_field=models.TextField(), default=list, size=None
        ),
    ),
    migrations.AddField(
        model_name="searchentry",
        name="money_usd",
        field=django.contrib.postgres.fields.ArrayField(
            base_field=models.FloatField(null=True), default=list, size=None
        ),
    ),
    migrations.AddField(
        model_name="searchentry",
        name="largest_usd",
        field=models.FloatField(null=True),
    ),
]


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0012_merge_0008_money_as_data_0011_search_entries"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=FIELDS,
            database_operations=[migrations.RunPython(add_columns, drop_columns)],
        )
    ]
