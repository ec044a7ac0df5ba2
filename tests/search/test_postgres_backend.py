"""The PostgreSQL backend beyond the shared contract (test_backend_contract.py runs it there too):
its stored vector, hostile text against tsquery, the write lock, and choosing it in settings."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from datetime import date

import pytest
from django.db import connection, transaction

from archive.search import get_backend, reset_backends
from archive.search.base import SearchDocument, SearchQuery, SearchUnavailable
from archive.search.postgres_backend import LOCK_KEY, PostgresBackend, document_vector
from tests.search.conftest import CORPUS, NEEDS_POSTGRES

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_the_vector_holds_the_archive_analyzers_terms_weighted_by_field():
    document = SearchDocument(
        id=1,
        title="Đà Nẵng investors",
        body="The investors visited the port.",
        published=None,
        source="",
        entity_names=("Đà Nẵng",),
    )

    # Title A at 1-3, a gap, names B at 5-6, a gap, then the body C: the analyzer's positions,
    # stop words ("the") left out as in the Whoosh index, so phrases match the same text in both.
    assert document_vector(document) == (
        "'da':1A,5B 'nang':2A,6B 'investor':3A,9C 'visit':10C 'port':11C"
    )


def run_settings(**env: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with these environment variables."""
    code = "from django.conf import settings; print(settings.ARCHIVE_SEARCH['default']['BACKEND'])"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "archive.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "backend"),
    [
        ({"ARCHIVE_SEARCH_BACKEND": ""}, "archive.search.whoosh_backend.WhooshBackend"),
        ({"ARCHIVE_SEARCH_BACKEND": "whoosh"}, "archive.search.whoosh_backend.WhooshBackend"),
        (
            {
                "ARCHIVE_SEARCH_BACKEND": "postgres",
                "DATABASE_URL": "postgres://archive@127.0.0.1:5/archive",
            },
            "archive.search.postgres_backend.PostgresBackend",
        ),
    ],
)
def test_archive_search_backend_chooses_the_backend(env, backend):
    result = run_settings(**env)

    assert (result.returncode, result.stdout.strip()) == (0, backend), result.stderr


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"ARCHIVE_SEARCH_BACKEND": "postgres", "DATABASE_URL": "sqlite:////tmp/x.sqlite3"},
            "DATABASE_URL must be a PostgreSQL database",
        ),
        ({"ARCHIVE_SEARCH_BACKEND": "elastic"}, "it must be one of whoosh, postgres"),
    ],
)
def test_a_backend_that_cannot_work_is_refused_at_start(env, message):
    result = run_settings(**env)

    assert (result.returncode, "ImproperlyConfigured" in result.stderr) == (1, True)
    assert message in result.stderr


# -- on PostgreSQL --------------------------------------------------------------------------------


@pytest.fixture
def pg_backend():
    backend = PostgresBackend()
    backend.index(CORPUS)
    return backend


class TestOnPostgres:
    pytestmark = list(NEEDS_POSTGRES)

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("port') | !('x", [11]),
            ("port:* & !terminal", [11]),
            ("\\'port\\' <-> terminal", [11]),
            ('"port"terminal" :A', [11]),
            ("port <2> terminal", [11]),
            ("'; DROP TABLE archive_searchentry; --", []),
        ],
    )
    def test_tsquery_syntax_in_the_text_is_searched_as_words(self, pg_backend, text, expected):
        results = pg_backend.search(SearchQuery(text=text))

        assert ([hit.id for hit in results.hits], len(pg_backend.indexed_ids())) == (
            expected,
            len(CORPUS),
        )

    def test_a_writer_waits_for_the_lock_and_then_says_the_index_is_busy(self, pg_backend):
        holding, release = threading.Event(), threading.Event()

        def hold_the_lock():
            try:
                with transaction.atomic(), connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
                    holding.set()
                    release.wait(30)
            finally:
                connection.close()

        holder = threading.Thread(target=hold_the_lock)
        holder.start()
        try:
            assert holding.wait(30)
            busy = pytest.raises(SearchUnavailable, match="being written by another process")
            with busy, pg_backend.writing(timeout=0):
                pass
        finally:
            release.set()
            holder.join()
        pg_backend.index([SearchDocument(99, "Harbour", "", date(2024, 1, 1), "VNA")])

        assert 99 in pg_backend.indexed_ids()

    def test_a_write_made_by_another_server_is_found_by_a_search_asked_before(self, pg_backend):
        """Each server keeps its last results; a write anywhere makes them stale at once."""
        other_server = PostgresBackend()
        query = SearchQuery(text="harbour")
        before = [hit.id for hit in pg_backend.search(query).hits]

        other_server.index([SearchDocument(99, "Harbour dredging", "", date(2024, 1, 1), "VNA")])
        after_index = [hit.id for hit in pg_backend.search(query).hits]
        other_server.delete([99])
        after_delete = [hit.id for hit in pg_backend.search(query).hits]
        other_server.index([SearchDocument(99, "Harbour dredging", "", date(2024, 1, 1), "VNA")])
        other_server.clear()
        after_clear = pg_backend.search(query).total

        assert (before, after_index, after_delete, after_clear) == ([], [99], [], 0)

    def test_changing_a_result_does_not_change_the_next_answer(self, pg_backend):
        query = SearchQuery(text="terminal")
        first = pg_backend.search(query)
        first.hits.clear()
        first.facets.clear()

        again = pg_backend.search(query)

        assert ([hit.id for hit in again.hits], bool(again.facets)) == ([11], True)

    def test_a_search_inside_a_transaction_leaves_its_planner_settings_as_they_were(
        self, pg_backend
    ):
        shown = "SELECT current_setting('enable_seqscan'), current_setting('work_mem')"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(shown)
            before = cursor.fetchone()
            found = [hit.id for hit in pg_backend.search(SearchQuery(text="terminal")).hits]
            cursor.execute(shown)
            after = cursor.fetchone()

        assert (found, after) == ([11], before)

    def test_inside_writing_a_write_never_makes_a_missing_index(self):
        backend = PostgresBackend()

        with pytest.raises(SearchUnavailable, match="rebuild_index"), backend.writing():
            backend.index(CORPUS[:1])

        assert (backend.has_index(), backend.indexed_ids()) == (False, set())

    def test_get_backend_builds_the_postgres_backend(self, settings, pg_backend):
        settings.ARCHIVE_SEARCH = {
            "default": {
                "BACKEND": "archive.search.postgres_backend.PostgresBackend",
                "USING": "default",
            }
        }
        reset_backends()
        try:
            backend = get_backend()
            found = backend.search(SearchQuery(text="terminal"))
        finally:
            reset_backends()

        assert (type(backend), backend.using, [hit.id for hit in found.hits]) == (
            PostgresBackend,
            "default",
            [11],
        )
