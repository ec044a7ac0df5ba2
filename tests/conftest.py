"""Shared fixtures: every test gets its own search index and data directory."""

from pathlib import Path

import pytest

from archive.search import reset_backends


@pytest.fixture(autouse=True)
def isolated_search_index(settings, tmp_path):
    """A fresh on-disk index per test, so tests never touch var/ or each other."""
    settings.ARCHIVE_SEARCH = {
        "default": {
            "BACKEND": "archive.search.whoosh_backend.WhooshBackend",
            "PATH": str(tmp_path / "index"),
        }
    }
    reset_backends()
    yield
    reset_backends()


@pytest.fixture(autouse=True)
def fresh_entity_cache():
    """Each test starts with an empty per-process entity cache: a test's rolled-back transaction
    takes its entities and its EntityGeneration token with it, but not what a page remembered."""
    from archive.web.entity_cache import entity_cache

    entity_cache.clear()
    yield
    entity_cache.clear()


@pytest.fixture
def write_article(tmp_path):
    """Write an article file (str -> UTF-8, bytes as given) and return its path."""
    folder = tmp_path / "articles"
    folder.mkdir(exist_ok=True)

    def write(name: str, content: str | bytes) -> Path:
        path = folder / name
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        return path

    return write


@pytest.fixture
def corpus(write_article):
    """The invented articles of tests/corpus.py, imported and indexed."""
    from archive.ingest.pipeline import import_paths
    from archive.models import Article
    from archive.search import indexing
    from tests.corpus import ARTICLES

    for name, text in ARTICLES.items():
        path = write_article(name, text)
    import_paths([path.parent])
    indexing.rebuild()
    return Article.objects.all()
