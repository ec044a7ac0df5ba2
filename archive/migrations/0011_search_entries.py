"""The PostgreSQL search backend's tables (archive/search/postgres_backend.py).

On PostgreSQL the weighted tsvector gets its GIN index and the date order its B-tree; on SQLite
the tables exist, unused (the Whoosh backend keeps its index in files), without those indexes.
No extension is needed: the terms are the archive analyzer's (folded, đ included, stemmed) and
the 'simple' configuration is not used on them at all, so `unaccent` is not required.
"""

import django.contrib.postgres.fields
import django.contrib.postgres.search
import django.utils.timezone
from django.db import migrations, models

INDEXES = (
    "CREATE INDEX archive_searchentry_vector_gin ON archive_searchentry USING gin (vector)",
    "CREATE INDEX archive_searchentry_newest ON archive_searchentry "
    "(published DESC NULLS LAST, id DESC)",
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in INDEXES:
            schema_editor.execute(statement)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS archive_searchentry_vector_gin")
        schema_editor.execute("DROP INDEX IF EXISTS archive_searchentry_newest")


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_mention_spans"),
    ]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                ("id", models.BigIntegerField(primary_key=True, serialize=False)),
                ("title", models.TextField()),
                ("body", models.TextField()),
                (
                    "entity_names",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), default=list, size=None
                    ),
                ),
                ("published", models.DateField(null=True)),
                ("source", models.TextField(default="")),
                (
                    "countries",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), default=list, size=None
                    ),
                ),
                (
                    "localities",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), default=list, size=None
                    ),
                ),
                (
                    "provinces",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), default=list, size=None
                    ),
                ),
                (
                    "provinces_2025",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), default=list, size=None
                    ),
                ),
                (
                    "foreign_places",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), default=list, size=None
                    ),
                ),
                (
                    "officials",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), default=list, size=None
                    ),
                ),
                (
                    "organisations",
                    django.contrib.postgres.fields.ArrayField(
                        base_field=models.TextField(), default=list, size=None
                    ),
                ),
                ("story", models.BigIntegerField()),
                ("fingerprint", models.CharField(default="", max_length=32)),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
        ),
        migrations.CreateModel(
            name="SearchIndexState",
            fields=[
                ("name", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("built_at", models.DateTimeField(default=django.utils.timezone.now)),
            ],
        ),
        migrations.RunPython(create_indexes, drop_indexes),
    ]
