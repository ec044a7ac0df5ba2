"""The benchmark's corpus generator: repeatable, importable, and read back as it was written.

Reading back what the generator put in also guards the extraction against regressions on text it
has never seen: generated articles mix diacritics, datelines, captions and "Other News" furniture.
"""

from datetime import date

import pytest

from archive import extraction
from archive.ingest.pipeline import CREATED, FAILED, UNCHANGED, UPDATED, import_paths
from archive.models import Article
from bench.corpus import (
    MAX_WORDS,
    MIN_WORDS,
    generate_article,
    generate_articles,
    write_corpus,
)
from bench.fts5 import match_expression

SAMPLE = 30


@pytest.fixture(scope="module")
def sample():
    return list(generate_articles(SAMPLE, seed=11))


@pytest.fixture(scope="module")
def extracted(sample):
    return {article.filename: extraction.extract(article.text) for article in sample}


def test_the_same_seed_gives_the_same_articles(sample):
    assert list(generate_articles(SAMPLE, seed=11)) == sample


def test_another_seed_gives_other_articles(sample):
    others = list(generate_articles(SAMPLE, seed=12))
    assert {a.text for a in others}.isdisjoint({a.text for a in sample})


def test_an_article_does_not_depend_on_the_corpus_size(sample):
    assert generate_article(SAMPLE - 1, seed=11) == sample[-1]


def test_bodies_run_from_150_to_500_words(extracted):
    lengths = [len(result.body.split()) for result in extracted.values()]
    assert (min(lengths) >= MIN_WORDS, max(lengths) <= MAX_WORDS) == (True, True)


def test_the_corpus_mixes_dated_and_undated_articles():
    published = [article.published for article in generate_articles(200)]
    dated = [day for day in published if day]
    assert (
        0 < published.count(None) < 60,
        min(dated) >= date(2015, 1, 1),
        max(dated) <= date(2026, 12, 31),
        len({day.year for day in dated}),
    ) == (True, True, True, 12)


def test_extracted_countries_are_those_generated(sample, extracted):
    assert {name: sorted(result.countries) for name, result in extracted.items()} == {
        a.filename: sorted(a.countries) for a in sample
    }


def test_extracted_localities_are_those_generated(sample, extracted):
    found = {
        name: sorted((m.name, m.country) for m in result.localities)
        for name, result in extracted.items()
    }
    assert found == {a.filename: sorted(a.localities) for a in sample}


def test_extracted_dates_sources_and_titles_are_those_generated(sample, extracted):
    found = {
        name: (result.published.value if result.published else None, result.source, result.title)
        for name, result in extracted.items()
    }
    assert found == {a.filename: (a.published, a.source, a.headline) for a in sample}


@pytest.mark.django_db
def test_generated_files_import_cleanly(tmp_path):
    write_corpus(tmp_path, SAMPLE, seed=11)
    report = import_paths([tmp_path])
    assert (report.counts, report.failures) == (
        {CREATED: SAMPLE, UPDATED: 0, UNCHANGED: 0, FAILED: 0},
        [],
    )


@pytest.mark.django_db
def test_imported_articles_hold_the_generated_entities(tmp_path, sample):
    write_corpus(tmp_path, SAMPLE, seed=11)
    import_paths([tmp_path])
    stored = {
        article.source_file.rpartition("/")[2]: (  # the identity is folder/name
            sorted(c.code for c in article.countries.all()),
            sorted((loc.name, loc.country.code) for loc in article.localities.all()),
            article.published,
        )
        for article in Article.objects.prefetch_related("countries", "localities__country")
    }
    assert stored == {
        a.filename: (sorted(a.countries), sorted(a.localities), a.published) for a in sample
    }


def test_fts5_reference_requires_every_word_and_phrase():
    assert match_expression('Bac (Ninh*) "industrial park"') == '"Bac" "Ninh" "industrial park"'
