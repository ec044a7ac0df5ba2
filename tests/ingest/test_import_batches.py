"""Saving in batches and extracting in worker processes store exactly what the plain path stores.

The plain path is one process, one transaction per article (``SAVE_BATCH = 1``, ``workers=0``).
Each import starts from an empty archive, and the comparison is the full export
(``export_articles --full``) plus what the export leaves out: the mention spans and the stories.
"""

import io
import json
import shutil
import sys

import pytest
from django.core.management import call_command

from archive.ingest import pipeline
from archive.ingest.pipeline import import_paths
from archive.models import Article, Country, IndexOutbox, Locality, Official, Organisation
from bench.corpus import write_corpus

pytestmark = pytest.mark.django_db

ARTICLES = 80  # more than two batches of SAVE_BATCH


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    write_corpus(folder, ARTICLES, seed=11)
    files = sorted(folder.rglob("*.txt"))
    # The same bytes under another name, in a later batch: that article again (unchanged).
    shutil.copy(files[3], folder / "zz_copy_of_an_earlier_file.txt")
    (folder / "empty.txt").write_bytes(b"")  # a failure between the batches' articles
    (folder / "nul.txt").write_bytes(b"Headline\n\nText \x00 with a NUL byte./.")
    return folder


def _import_and_export(folder, *, workers, batch, monkeypatch):
    for model in (Article, Official, Organisation, Locality, Country):
        model.objects.all().delete()
    monkeypatch.setattr(pipeline, "SAVE_BATCH", batch)
    seen = []
    report = import_paths(
        [folder],
        workers=workers,
        on_file=lambda path, outcome, failure: seen.append((path.name, outcome, str(failure))),
        on_source=lambda path: seen.append((path.name, "done", "")),
    )
    out = io.StringIO()
    call_command("export_articles", "--full", stdout=out)
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    names = {
        kind: dict(model.objects.values_list("pk", "slug"))
        for kind, model in (
            ("country", Country),
            ("locality", Locality),
            ("official", Official),
            ("organisation", Organisation),
        )
    }
    by_pk = dict(Article.objects.values_list("pk", "source_file"))
    extra = {
        article.source_file: (
            [[kind, names[kind][pk], start, end] for kind, pk, start, end in article.mention_spans],
            by_pk.get(article.story_id),
        )
        for article in Article.objects.all()
    }
    return report.counts, seen, records, extra


def test_batches_and_workers_store_what_one_article_at_a_time_stores(corpus, monkeypatch):
    plain = _import_and_export(corpus, workers=0, batch=1, monkeypatch=monkeypatch)
    batched = _import_and_export(corpus, workers=0, batch=32, monkeypatch=monkeypatch)
    in_workers = _import_and_export(corpus, workers=2, batch=32, monkeypatch=monkeypatch)

    counts, seen, records, extra = plain
    assert counts == {"created": ARTICLES, "updated": 0, "unchanged": 1, "failed": 2}
    assert len(records) == ARTICLES and any(spans for spans, _ in extra.values())
    assert batched == plain
    assert in_workers == plain


def test_a_failed_batch_commit_saves_its_articles_one_by_one(corpus, monkeypatch):
    plain = _import_and_export(corpus, workers=0, batch=1, monkeypatch=monkeypatch)
    real_atomic = pipeline.transaction.atomic
    failed = []

    def atomic_failing_the_first_batch(*args, **kwargs):
        block = real_atomic(*args, **kwargs)
        if failed or sys._getframe(1).f_code.co_name != "flush":  # a batch's transaction
            return block
        failed.append(True)
        return _FailingOnExit(block)

    monkeypatch.setattr(pipeline.transaction, "atomic", atomic_failing_the_first_batch)

    assert _import_and_export(corpus, workers=0, batch=32, monkeypatch=monkeypatch) == plain
    assert failed == [True]


def test_an_article_failing_after_its_links_leaves_none_of_its_rows(corpus, monkeypatch):
    """Its links and index row, gathered for the batch's end, go with its savepoint: the next
    article (which gets its id again) has only its own, and the batch commits as it is."""
    victims = {"000/11-000005.txt", "000/11-000040.txt"}
    real_apply, real_save = pipeline._apply_entities, pipeline.save_article
    saves = []

    def apply_then_fail(article, *args, **kwargs):
        real_apply(article, *args, **kwargs)
        if article.source_file in victims:
            raise RuntimeError("disk trouble after the links")

    def save(parsed, *args, **kwargs):
        saves.append(parsed.source_file)
        return real_save(parsed, *args, **kwargs)

    monkeypatch.setattr(pipeline, "_apply_entities", apply_then_fail)
    monkeypatch.setattr(pipeline, "save_article", save)
    plain = _import_and_export(corpus, workers=0, batch=1, monkeypatch=monkeypatch)
    one_at_a_time, saves[:] = list(saves), []
    before = IndexOutbox.objects.order_by("pk").values_list("pk", flat=True).last()
    batched = _import_and_export(corpus, workers=0, batch=32, monkeypatch=monkeypatch)

    assert {name for name, outcome, _ in plain[1] if outcome == "failed"} >= {
        name.rpartition("/")[2] for name in victims
    }
    assert batched == plain
    assert saves == one_at_a_time  # no batch failed and was saved again article by article
    queued = IndexOutbox.objects.filter(pk__gt=before, action=IndexOutbox.Action.INDEX)
    assert sorted(queued.values_list("article_id", flat=True)) == sorted(
        Article.objects.values_list("pk", flat=True)
    )


class _FailingOnExit:
    """A transaction whose commit fails: rolled back, then the database's error."""

    def __init__(self, block):
        self.block = block

    def __enter__(self):
        return self.block.__enter__()

    def __exit__(self, *exc_info):
        from django.db import DatabaseError

        self.block.__exit__(RuntimeError, RuntimeError("rolled back"), None)
        raise DatabaseError("database or disk is full")


def test_an_official_made_by_a_failed_article_is_made_again_by_the_next_in_its_batch(
    tmp_path, monkeypatch
):
    """The batch's read-ahead found the official missing; the first article naming it creates
    it and then fails, so its savepoint takes the row away again: the next article of the same
    batch creates it anew and links to it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, place in (("a.txt", "Hanoi"), ("b.txt", "Da Nang"), ("c.txt", "Hue")):
        (folder / name).write_text(
            f"Solar park approved in {place}\n\n"
            f"{place}, March 3, 2024 - Deputy Prime Minister Tran Hong Ha said on Monday that "
            f"the solar park near {place} would be built by a Japanese investor.\n",
            encoding="utf-8",
        )
    real_apply = pipeline._apply_entities

    def apply_then_fail(article, *args, **kwargs):
        real_apply(article, *args, **kwargs)
        if article.source_file == "a.txt":
            raise RuntimeError("disk trouble after the links")

    monkeypatch.setattr(pipeline, "_apply_entities", apply_then_fail)
    report = import_paths([folder], workers=0)

    assert report.counts == {"created": 2, "updated": 0, "unchanged": 0, "failed": 1}
    official = Official.objects.get()
    assert official.name == "Tran Hong Ha"
    linked = Article.objects.filter(officials=official).values_list("source_file", flat=True)
    assert sorted(linked) == ["b.txt", "c.txt"]
