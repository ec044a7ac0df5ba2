"""Export every article as JSON Lines on stdout: ``python manage.py export_articles``."""

import json

from django.core.management.base import BaseCommand

from archive.exports import article_record
from archive.models import Article


class Command(BaseCommand):
    help = "Write every article as one JSON object per line (JSON Lines) to stdout."

    def handle(self, *args, **options):
        articles = Article.objects.with_entities().prefetch_related(
            "localities__country", "appearances__official__country"
        )
        for article in articles.order_by("source_file").iterator(chunk_size=500):
            self.stdout.write(json.dumps(article_record(article), ensure_ascii=False))
