"""The database is the truth and the index catches up: the index outbox and leftovers of killed runs.

Every change to an article leaves an IndexOutbox row in its own transaction; whoever holds the index
lock drains the rows. An editor's save never waits the lock out, never makes an index of one
article, and never loses its change.
"""

import fcntl
import io
import logging
import shutil
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse

from archive.ingest.pipeline import import_paths
from archive.models import Article, IndexOutbox
from archive.search import get_backend, indexing
from archive.search.base import SearchQuery, SearchUnavailable
from archive.search.whoosh_backend import WhooshBackend
from tests.corpus import ARTICLES
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(write_article):
    """The invented corpus imported and indexed: {source_file: article}."""
    paths = [write_article(name, text) for name, text in ARTICLES.items()]
    import_paths([paths[0].parent])
    indexing.rebuild()
    assert not IndexOutbox.objects.exists()
    return {a.source_file: a for a in Article.objects.all()}


@pytest.fixture
def index_dir(settings) -> Path:
    return Path(settings.ARCHIVE_SEARCH["default"]["PATH"])


def search_ids(text: str) -> list[int]:
    return [hit.id for hit in get_backend().search(SearchQuery(text=text)).hits]


def save_title(admin_client, capture, article: Article, title: str):
    """An editor's save in the admin, with what runs after its transaction commits."""
    with capture(execute=True):
        return admin_client.post(
            reverse("admin:archive_article_change", args=[article.pk]),
            change_form_data(article, title=title),
        )


def queued() -> list[tuple[int, str]]:
    """(article id, action) of the rows waiting; one save may leave a row more than once."""
    return sorted(set(IndexOutbox.objects.values_list("article_id", "action")))


def run(command: str, *args) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=out)
    except CommandError as error:
        return error.returncode, out.getvalue() + f"{error}\n"
    return 0, out.getvalue()


class HeldLock:
    """Another process's writer: holds the index's write lock (its own flock) until released."""

    def __init__(self, path: Path) -> None:
        path.mkdir(parents=True, exist_ok=True)
        self.handle = open(path / "write.lock", "a+b")  # noqa: SIM115
        fcntl.flock(self.handle, fcntl.LOCK_EX)

    def release(self) -> None:
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()


# -- An editor's save while another process holds the index lock ----------------------------------


def test_a_save_while_the_index_is_locked_answers_and_leaves_its_change_in_the_outbox(
    admin_client, archive, index_dir, settings, django_capture_on_commit_callbacks
):
    settings.ARCHIVE_INDEX_WAIT_SECONDS = 0.2
    article = archive["jp-hanoi.txt"]
    lock = HeldLock(index_dir)
    try:
        response = save_title(
            admin_client, django_capture_on_commit_callbacks, article, "Kyushu bullet train study"
        )

        assert response.status_code == 302
        assert Article.objects.get(pk=article.pk).title == "Kyushu bullet train study"
        assert queued() == [(article.pk, "index")]
        assert search_ids("Kyushu") == []  # not indexed yet, and said so:
        page = admin_client.get("/search/", {"q": "railway"})
        assert "1 recent change is still being indexed" in page.content.decode()
        assert admin_client.get("/search.json").json()["pending_changes"] == 1
    finally:
        lock.release()

    assert run("drain_index") == (0, "indexed the changes of 1 article(s)\n")
    assert search_ids("Kyushu") == [article.pk]
    assert queued() == []
    assert admin_client.get("/search.json").json()["pending_changes"] == 0
    assert "still being indexed" not in admin_client.get("/search/").content.decode()


def test_the_next_writer_drains_what_a_locked_out_save_left(
    admin_client, archive, index_dir, settings, django_capture_on_commit_callbacks
):
    settings.ARCHIVE_INDEX_WAIT_SECONDS = 0.2
    first, second = archive["jp-hanoi.txt"], archive["us-danang.txt"]
    lock = HeldLock(index_dir)
    save_title(admin_client, django_capture_on_commit_callbacks, first, "Kyushu bullet train")
    lock.release()

    save_title(admin_client, django_capture_on_commit_callbacks, second, "Chip makers tour")

    assert (search_ids("Kyushu"), search_ids("chip makers"), queued()) == (
        [first.pk],
        [second.pk],
        [],
    )


def test_a_save_takes_along_only_a_few_rows_of_a_backlog(
    admin_client, archive, django_capture_on_commit_callbacks
):
    edited, queued_by_import = archive["jp-hanoi.txt"], archive["us-danang.txt"]
    Article.objects.filter(pk=queued_by_import.pk).update(title="Chip makers tour Da Nang")
    backlog = indexing.ALONGSIDE + 1  # rows a long import left waiting, say
    IndexOutbox.objects.bulk_create(
        IndexOutbox(article_id=queued_by_import.pk) for _ in range(backlog)
    )

    save_title(admin_client, django_capture_on_commit_callbacks, edited, "Kyushu bullet train")

    assert search_ids("Kyushu") == [edited.pk]
    assert IndexOutbox.objects.count() == 1  # the rest is the drainer's
    indexing.drain()
    assert (search_ids("chip makers"), queued()) == ([queued_by_import.pk], [])


def test_a_save_whose_index_write_fails_after_the_commit_is_healed_by_the_next_drain(
    admin_client, archive, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    article = archive["jp-hanoi.txt"]

    def crash(self, documents):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(WhooshBackend, "index", crash)
    with caplog.at_level(logging.ERROR, logger="archive.search"):
        response = save_title(
            admin_client, django_capture_on_commit_callbacks, article, "Kyushu bullet train"
        )

    assert response.status_code == 302  # the editor's change is saved, not a 500
    assert Article.objects.get(pk=article.pk).title == "Kyushu bullet train"
    assert queued() == [(article.pk, "index")]
    assert "drain_index" in caplog.text
    monkeypatch.undo()

    indexing.drain()

    assert (search_ids("Kyushu"), queued()) == ([article.pk], [])
    assert indexing.check_index().ok


def test_a_rolled_back_save_leaves_no_outbox_row(archive):
    article = archive["jp-hanoi.txt"]

    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title="Never saved")
        indexing.reindex_on_commit([article.pk])
        raise RuntimeError("the save failed")

    assert queued() == []


def test_deleting_an_article_is_queued_and_removes_it_from_the_index(archive):
    article = archive["jp-hanoi.txt"]
    pk = article.pk

    article.delete()
    assert queued() == [(pk, "delete")]
    indexing.drain()

    assert pk not in get_backend().indexed_ids()
    assert indexing.check_index().ok


# -- The index folder lost ------------------------------------------------------------------------


def test_after_the_index_is_lost_saves_wait_in_the_outbox_until_rebuild_index(
    admin_client, client, archive, index_dir, django_capture_on_commit_callbacks, caplog
):
    edited, deleted = archive["jp-hanoi.txt"], archive["us-danang.txt"]
    deleted_pk = deleted.pk
    shutil.rmtree(index_dir)

    response = save_title(
        admin_client, django_capture_on_commit_callbacks, edited, "Kyushu bullet train study"
    )
    with django_capture_on_commit_callbacks(execute=True):
        indexing.remove_on_commit([deleted.pk])
        deleted.delete()

    assert response.status_code == 302
    assert not (index_dir / "CURRENT").exists()  # no index of one article was made
    with caplog.at_level(logging.ERROR, logger="archive.search"):
        json_response = client.get("/search.json", {"q": "Kyushu"})
        page = client.get("/search/")
    assert (json_response.status_code, page.status_code) == (503, 503)
    assert "rebuild_index" in caplog.text
    assert queued() == sorted([(edited.pk, "index"), (deleted_pk, "delete")])
    with pytest.raises(SearchUnavailable, match="rebuild_index"):
        indexing.drain()
    status, output = run("drain_index")
    assert status == 1 and "rebuild_index" in output
    assert "the search index is missing" in run("check_index")[1]

    assert run("rebuild_index") == (0, f"indexed {len(archive) - 1} articles\n")

    assert get_backend().indexed_ids() == set(Article.objects.values_list("pk", flat=True))
    assert search_ids("Kyushu") == [edited.pk]
    assert queued() == []
    assert run("check_index") == (0, "the index agrees with the database\n")
    assert client.get("/search.json").json()["total"] == len(archive) - 1


def test_an_unreadable_index_is_not_replaced_by_a_save(
    admin_client, archive, index_dir, django_capture_on_commit_callbacks
):
    article = archive["jp-hanoi.txt"]
    (index_dir / "CURRENT").write_text("gen-that-is-gone")

    response = save_title(admin_client, django_capture_on_commit_callbacks, article, "Kyushu")

    assert response.status_code == 302
    assert (index_dir / "CURRENT").read_text() == "gen-that-is-gone"
    assert queued() == [(article.pk, "index")]
    run("rebuild_index")
    assert (search_ids("Kyushu"), queued()) == ([article.pk], [])


def test_a_new_archives_first_index_holds_every_article(write_article, index_dir):
    import_paths([[write_article(name, text) for name, text in ARTICLES.items()][0].parent])
    assert not index_dir.exists()

    indexing.drain()  # what a first save in a new archive does: everything is queued anyway

    assert get_backend().indexed_ids() == set(Article.objects.values_list("pk", flat=True))
    assert queued() == []


# -- check_index and the outbox -------------------------------------------------------------------


def test_check_index_reports_the_outbox_and_repair_drains_it(archive):
    article = archive["jp-hanoi.txt"]
    Article.objects.filter(pk=article.pk).update(title="Kyushu bullet train")
    IndexOutbox.record([article.pk])

    status, output = run("check_index")

    lines = output.splitlines()
    assert status == 1
    assert lines[1].endswith(" s old")  # the oldest row's age, however long the test took
    assert [lines[0], lines[1].split(", the oldest")[0], lines[2]] == [
        f"1 article id(s) stale in the index: {article.pk}",
        "1 change(s) to 1 article(s) waiting in the index outbox",
        "the index disagrees with the database; run check_index --repair",
    ]
    assert run("check_index", "--repair")[0] == 0
    assert (search_ids("Kyushu"), queued()) == ([article.pk], [])
    assert run("check_index") == (0, "the index agrees with the database\n")


# -- Leftovers of killed runs ---------------------------------------------------------------------


def plant_leftovers(index_dir: Path) -> tuple[str, list[str]]:
    """What killed rebuilds and writers leave, made by hand; returns (live, leftover names)."""
    live = (index_dir / "CURRENT").read_text()
    (index_dir / "gen-1-dead").mkdir()
    (index_dir / "gen-1-dead" / "MAIN_x.seg").write_bytes(b"half a segment")
    (index_dir / "gen-1-dead.journal").write_bytes(b"")
    (index_dir / "gen-2-older.journal").write_bytes(b"")
    (index_dir / "REBUILDING").write_text("gen-1-dead")
    (index_dir / "CURRENT.gen-3-x.tmp").write_text("gen-3-x")
    (index_dir / live / "writer-999-1.tmp").mkdir()
    return live, sorted(
        [
            "CURRENT.gen-3-x.tmp",
            "REBUILDING",
            "gen-1-dead",
            "gen-1-dead.journal",
            "gen-2-older.journal",
            f"{live}/writer-999-1.tmp",
        ]
    )


def test_check_index_reports_leftovers_and_repair_removes_them(archive, index_dir):
    live, leftovers = plant_leftovers(index_dir)

    status, output = run("check_index")

    assert (status, output) == (
        0,
        "the index agrees with the database\n"
        f"6 leftover(s) of killed runs in the index folder: {', '.join(leftovers)}\n",
    )
    status, output = run("check_index", "--repair")
    assert (status, output.splitlines()[-1]) == (0, "removed 6 leftover(s)")
    assert all(not (index_dir / name).exists() for name in leftovers)
    assert (index_dir / live).is_dir() and search_ids("railway")
    assert run("check_index") == (0, "the index agrees with the database\n")


def test_rebuild_index_removes_leftovers_and_keeps_the_generation_it_replaced(archive, index_dir):
    live, leftovers = plant_leftovers(index_dir)

    run("rebuild_index")

    new = (index_dir / "CURRENT").read_text()
    assert sorted(p.name for p in index_dir.glob("gen-*")) == sorted([live, new])
    assert all(not (index_dir / name).exists() for name in leftovers)
    assert search_ids("railway")


def test_what_a_running_rebuild_holds_is_not_a_leftover(archive, index_dir):
    (index_dir / "gen-9-building").mkdir()
    (index_dir / "gen-9-building.journal").write_bytes(b"")
    (index_dir / "REBUILDING").write_text("gen-9-building")
    held = threading.Event()
    release = threading.Event()

    def running_rebuild():
        with open(index_dir / "rebuild.lock", "a+b") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            held.set()
            release.wait()

    rebuild = threading.Thread(target=running_rebuild)
    rebuild.start()
    held.wait()
    try:
        assert run("check_index", "--repair") == (0, "the index agrees with the database\n")
        assert (index_dir / "gen-9-building").is_dir()
        assert (index_dir / "gen-9-building.journal").exists()
    finally:
        release.set()
        rebuild.join()
    assert "gen-9-building" in run("check_index")[1]  # its rebuild gone: now a leftover
