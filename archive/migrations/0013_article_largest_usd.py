"""The PostgreSQL search index's money columns (archive/search/postgres_backend.py): each
article's figures as two arrays, what each measures and its approximate USD value, and the
largest of those values, for the amount filter, the "measure" facet and the largest-figure sort.

The largest USD value is kept with the index's copy of the article (SearchEntry), not on Article:
the index is filled from the money figures on every import, editor save, re-import and
rebuild_index, so there is no second copy to keep in step. Rows indexed before this migration
have no figures until `rebuild_index` (`check_index` reports them stale: their fingerprints differ).
"""

import django.contrib.postgres.fields
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0012_merge_0008_money_as_data_0011_search_entries"),
    ]

    operations = [
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
