"""Database writes reach the index only after they commit."""

import pytest
from django.db import transaction

from archive.ingest.pipeline import import_paths
from archive.models import Article
from archive.search import get_backend, indexing
from archive.search.base import SearchQuery

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = """Danish wind firm plans Binh Thuan project
Binh Thuan (VNA) – A Danish wind energy company is studying a 1 billion USD offshore project in \
Binh Thuan province, the provincial People's Committee said on Friday./.
"""


def search_ids(text: str) -> list[int]:
    return [hit.id for hit in get_backend().search(SearchQuery(text=text)).hits]


@pytest.fixture
def article(write_article):
    import_paths([write_article("wind.txt", TEXT)])
    indexing.rebuild()
    return Article.objects.get()


def test_a_committed_change_reaches_the_index(article):
    with transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title="Offshore turbines for Binh Thuan")
        indexing.reindex_on_commit([article.pk])

    assert search_ids("turbines") == [article.pk]


def test_a_rolled_back_change_never_reaches_the_index(article):
    with pytest.raises(RuntimeError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(title="Offshore turbines for Binh Thuan")
        indexing.reindex_on_commit([article.pk])
        raise RuntimeError("the editor's save failed")

    assert search_ids("turbines") == []
    assert search_ids("Danish") == [article.pk]


def test_a_rolled_back_delete_keeps_the_article_searchable(article):
    with pytest.raises(RuntimeError), transaction.atomic():
        indexing.remove_on_commit([article.pk])
        Article.objects.filter(pk=article.pk).delete()
        raise RuntimeError("the delete failed")

    assert search_ids("Danish") == [article.pk]


def test_an_article_gone_from_the_database_is_removed_when_reindexed(article):
    Article.objects.filter(pk=article.pk).delete()

    indexing.index_articles([article.pk])

    assert search_ids("Danish") == []


def test_warm_up_opens_the_index_so_the_first_search_needs_no_open(article):
    from archive.search import reset_backends

    reset_backends()
    assert indexing.warm_up() is True
    backend = get_backend()
    opened = backend._view  # the open searcher and its per-segment arrays

    assert search_ids("Danish") == [article.pk]
    assert backend._view is opened


def test_warm_up_without_an_index_says_so_instead_of_failing():
    assert indexing.warm_up() is False


MORE = [
    """Japanese bank lends to Hanoi metro
Hanoi (VNA) – The Japan International Cooperation Agency (JICA) will lend 200 million USD for a \
metro line in Hanoi, Deputy Prime Minister Tran Hong Ha said on Monday./.
""",
    """Korean investors visit Bac Ninh
Bac Ninh (VNA) – Korean electronics firms discussed a 300 million USD plant with Bac Ninh \
province on Tuesday, while a Danish delegation visited Hai Phong./.
""",
    """Thai rice traders meet in Can Tho
Can Tho (VNA) – Rice exporters from Thailand and Vietnam met in Can Tho city on Wednesday./.
""",
]


def test_every_articles_documents_are_those_read_by_their_ids(write_article, monkeypatch):
    # Read by ranges of ids (every article, gaps left by deletes) or by a list of ids, small
    # batches: the same documents, links and money figures.
    import_paths([write_article(f"more-{i}.txt", text) for i, text in enumerate([TEXT, *MORE])])
    ids = sorted(Article.objects.values_list("pk", flat=True))
    Article.objects.filter(pk=ids[1]).delete()
    monkeypatch.setattr(indexing, "BATCH_SIZE", 2)

    documents = list(indexing.iter_documents())
    by_ids = [next(indexing.iter_documents([pk])) for pk in ids if pk != ids[1]]

    assert documents == by_ids
    assert all(document.entity_names for document in documents)
    assert any(document.money for document in documents)
