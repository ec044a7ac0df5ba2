"""(Re)group every article into stories: ``python manage.py group_stories``.

Signs every article's body again (MinHash, archive.ingest.stories) and groups the whole archive
in article order, which is what importing the articles one by one does. Run it once after the
upgrade that added stories, after `restore_articles`, or after an editor changed articles' text.
The articles whose story changed are reindexed (``--no-index`` skips that).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from archive.ingest import stories
from archive.models import Article
from archive.search import indexing
from archive.search.base import SearchUnavailable


class Command(BaseCommand):
    help = "Group every article with the other outlets' versions of the same story."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-index",
            action="store_true",
            help="Do not update the search index (run rebuild_index afterwards).",
        )

    def handle(self, *args, no_index: bool, **options):
        def progress(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"signed {done}/{total}")

        changed = stories.regroup_all(progress=progress)
        if changed and not no_index:
            try:
                indexing.index_articles(changed)
            except SearchUnavailable as exc:
                self.stderr.write(f"search index not updated ({exc}); run rebuild_index")
        grouped = Article.objects.exclude(story=None)
        story_count = grouped.values("story_id").distinct().count()
        self.stdout.write(
            f"{grouped.count()} articles in {story_count} stories with several versions; "
            f"{len(changed)} changed story"
        )
