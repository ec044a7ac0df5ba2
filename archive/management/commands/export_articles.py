"""Export every article as JSON Lines on stdout: ``python manage.py export_articles [--full]``.

``--full`` adds what a restore needs (texts, slugs, editors' corrections): the backup that
``restore_articles`` reads.
"""

import json

from django.core.management.base import BaseCommand

from archive.exports import article_record, full_article_record
from archive.models import Article


class Command(BaseCommand):
    help = "Write every article as one JSON object per line (JSON Lines) to stdout."

    def add_arguments(self, parser):
        parser.add_argument(
            "--full",
            action="store_true",
            help="Add the texts, slugs and editors' corrections: a backup for restore_articles.",
        )

    def handle(self, *args, full: bool = False, **options):
        articles = Article.objects.with_entities().prefetch_related(
            "localities__country", "localities__became__country", "appearances__official__country"
        )
        record = full_article_record if full else article_record
        for article in articles.order_by("source_file").iterator(chunk_size=500):
            self.stdout.write(json.dumps(record(article), ensure_ascii=False))
