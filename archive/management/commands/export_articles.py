"""Export every article as JSON Lines on stdout: ``python manage.py export_articles [--full]``.

``--full`` adds what a restore needs (texts, slugs, editors' corrections): the backup that
``restore_articles`` reads.
"""

import json
import os
import sys

from django.core.management.base import BaseCommand

from archive.ingest.backup import article_record, full_article_record
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
        try:
            for article in articles.order_by("source_file").iterator(chunk_size=500):
                self.stdout.write(json.dumps(record(article), ensure_ascii=False))
            self.stdout.flush()
        except BrokenPipeError:
            # The reader stopped early (`| head`): that is its choice, not an error to report.
            # Point stdout at devnull so the interpreter's final flush does not raise again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
