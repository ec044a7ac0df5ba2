from django.db import migrations, models


def record_existing_mentions(apps, schema_editor):
    """Articles imported before spans were recorded get theirs now, so their pages keep links."""
    from archive.ingest.mentions import first_mentions, named_entities

    Article = apps.get_model("archive", "Article")
    for article in Article.objects.iterator(chunk_size=500):
        spans = first_mentions(article.body, named_entities(article))
        if spans:
            Article.objects.filter(pk=article.pk).update(mention_spans=spans)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0004_stories"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="mention_spans",
            field=models.JSONField(
                blank=True,
                default=list,
                editable=False,
                help_text="Where the body first names each entity: [kind, pk, start, end], "
                "recorded whenever the entities are saved (archive.ingest.mentions); the page "
                "links from them.",
            ),
        ),
        migrations.RunPython(record_existing_mentions, migrations.RunPython.noop),
    ]
