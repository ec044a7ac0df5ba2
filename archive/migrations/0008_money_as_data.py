"""Money figures as data: what each measures and its approximate US dollar value.

Existing figures get measure "other" and no USD value until their articles are imported again
(`import_articles` re-reads a file only when its bytes changed: `backfill_money` below fills the
USD values from the stored amounts and the articles' dates; measures need the text and come with
the next import of each file).
"""

from decimal import ROUND_HALF_EVEN, Decimal

from django.db import migrations, models


def backfill_money(apps, schema_editor):
    from archive.extraction.rates import to_usd

    MoneyFigure = apps.get_model("archive", "MoneyFigure")
    changed = []
    for figure in MoneyFigure.objects.select_related("article").iterator(chunk_size=1000):
        published = figure.article.published
        value = to_usd(figure.amount, figure.currency, published.year if published else None)
        if value.usd is not None:
            figure.usd = value.usd.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
            figure.usd_rate, figure.usd_year = value.rate, value.year
            changed.append(figure)
    MoneyFigure.objects.bulk_update(changed, ["usd", "usd_rate", "usd_year"], batch_size=1000)


class Migration(migrations.Migration):
    # 0007 merges 0006_organisations with 0006_index_outbox: depending on it keeps one leaf.
    dependencies = [
        ("archive", "0006_organisations"),
        ("archive", "0007_merge_0006_index_outbox_0006_organisations"),
    ]

    operations = [
        migrations.AddField(
            model_name="moneyfigure",
            name="measure",
            field=models.CharField(
                choices=[
                    ("fdi_registered", "FDI registered"),
                    ("fdi_disbursed", "FDI disbursed"),
                    ("oda_loan", "ODA loan"),
                    ("oda_grant", "ODA grant"),
                    ("trade_turnover", "trade turnover"),
                    ("project_capital", "project capital"),
                    ("other", "other"),
                ],
                default="other",
                help_text="What the figure measures, as its sentence says; 'other' when it does "
                "not.",
                max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="moneyfigure",
            name="usd",
            field=models.DecimalField(
                blank=True,
                decimal_places=2,
                help_text="The amount in US dollars at the average rate of the article's year; "
                "empty when the year or the currency has no rate.",
                max_digits=24,
                null=True,
                verbose_name="approximate USD",
            ),
        ),
        migrations.AddField(
            model_name="moneyfigure",
            name="usd_rate",
            field=models.DecimalField(
                blank=True, decimal_places=6, max_digits=20, null=True, verbose_name="units per USD"
            ),
        ),
        migrations.AddField(
            model_name="moneyfigure",
            name="usd_year",
            field=models.PositiveSmallIntegerField(
                blank=True, null=True, verbose_name="rate of year"
            ),
        ),
        migrations.RunPython(backfill_money, migrations.RunPython.noop),
    ]
