"""Stories: near-duplicates found at import, grouped under their first article, regrouped whole."""

from __future__ import annotations

import io
import random
from collections import Counter

import numpy as np
import pytest
from django.core.management import call_command

from archive.ingest import stories
from archive.ingest.pipeline import import_paths
from archive.models import Article, StoryBand
from archive.search import get_backend
from archive.search.base import SearchQuery
from tests.ingest.stories_eval import evaluate
from tests.ingest.stories_pairs import TEXTS

# What stories_eval.py measures now, less a margin for future edits of the pairs.
MIN_PRECISION = 0.95
MIN_RECALL = 0.9


def test_precision_and_recall_on_the_hand_written_pairs():
    pairs, groups = evaluate()

    assert (pairs.precision, groups.precision) >= (MIN_PRECISION, MIN_PRECISION)
    assert pairs.recall >= MIN_RECALL
    assert groups.recall >= MIN_RECALL


def test_a_signature_survives_the_database_round_trip():
    sig = stories.signature(TEXTS["kr_plant"])

    again = stories.from_bytes(memoryview(stories.to_bytes(sig)))

    assert (again.count, again.values.tolist()) == (sig.count, sig.values.tolist())
    assert stories.from_bytes(None) is None
    assert stories.from_bytes(b"\x09" + stories.to_bytes(sig)[1:]) is None  # another version


def test_a_signature_is_datasketchs_minhash_of_the_shingles():
    """Signatures are stored and compared with those made years earlier: however they are
    computed, they stay datasketch's MinHash of the UTF-8 shingles, seeded with SEED."""
    from datasketch import MinHash

    for text in TEXTS.values():
        grams = stories.shingles(text)
        reference = MinHash(num_perm=stories.NUM_PERM, seed=stories.SEED)
        for gram in sorted(grams):
            reference.update(gram.encode("utf-8"))

        sig = stories.signature(text)

        assert sig.count == len(grams)
        if grams:
            assert sig.values.tolist() == reference.hashvalues.astype("uint32").tolist()


def test_a_body_too_short_to_compare_is_never_grouped():
    short = stories.signature("Hanoi (VNA) – Talks were held./.")

    assert not short.groupable
    assert stories.band_keys(short) == []
    assert stories.similarity(short, short) == 0.0


def _write(write_article, name: str, key: str, date: str = "2024-03-12") -> None:
    title = f"Story {key}"
    write_article(name, f" date {date} {title}\n{TEXTS[key]}")


def _story(name: str) -> int | None:
    return Article.objects.get(source_file=name).story_id


@pytest.mark.django_db
def test_versions_join_the_first_article_and_other_stories_stay_apart(write_article):
    _write(write_article, "a.txt", "kr_plant")
    _write(write_article, "b.txt", "kr_plant_other")
    _write(write_article, "c.txt", "kr_plant_vns")
    path = write_article("d.txt", f" date 2024-03-13 Brief\n{TEXTS['kr_plant_short']}")

    report = import_paths([path.parent])

    first = Article.objects.get(source_file="a.txt")
    assert (_story("a.txt"), _story("c.txt"), _story("d.txt")) == (first.pk,) * 3
    assert _story("b.txt") is None
    assert {v.source_file for v in stories.versions(first)} == {"c.txt", "d.txt"}
    assert stories.versions(Article.objects.get(source_file="b.txt")) == []
    assert sorted(report.changed_ids) == sorted(Article.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_a_later_import_joins_the_story_without_changing_the_earlier_ones(write_article):
    _write(write_article, "a.txt", "jp_tour")
    import_paths([_dir(write_article)])
    first = Article.objects.get(source_file="a.txt")
    assert first.story_id is None

    _write(write_article, "b.txt", "jp_tour_background")
    report = import_paths([_dir(write_article)])

    first.refresh_from_db()
    later = Article.objects.get(source_file="b.txt")
    assert (first.story_id, later.story_id) == (first.pk, first.pk)
    # The first article's story key is still its own id: nothing else needs reindexing.
    assert report.changed_ids == [later.pk]


@pytest.mark.django_db
def test_a_changed_file_leaves_its_story_and_the_first_article_is_alone_again(write_article):
    _write(write_article, "a.txt", "sg_vsip")
    _write(write_article, "b.txt", "sg_vsip_edited")
    import_paths([_dir(write_article)])
    first = Article.objects.get(source_file="a.txt")
    assert _story("b.txt") == first.pk

    _write(write_article, "b.txt", "dk_wind_quangtri")
    import_paths([_dir(write_article)])

    assert (_story("a.txt"), _story("b.txt")) == (None, None)


@pytest.mark.django_db
def test_group_stories_regroups_everything_and_signs_what_was_never_signed(write_article):
    _write(write_article, "a.txt", "fdi_q1")
    _write(write_article, "b.txt", "fdi_q1_edited")
    _write(write_article, "c.txt", "fdi_h1")
    call_command("import_articles", str(_dir(write_article)), stdout=io.StringIO())
    expected = {a.source_file: a.story_id for a in Article.objects.all()}
    # As after the migration, or a restore: no signatures, no bands, no stories.
    Article.objects.update(story=None, story_signature=None)
    StoryBand.objects.all().delete()

    call_command("group_stories", verbosity=0)

    assert {a.source_file: a.story_id for a in Article.objects.all()} == expected
    assert expected["a.txt"] is not None and expected["c.txt"] is None
    # The regrouped articles were reindexed: search collapses them into one story.
    results = get_backend().search(SearchQuery(collapse_stories=True))
    assert (results.total, results.articles) == (2, 3)


def _dir(write_article):
    """The folder write_article writes to."""
    return write_article("readme.md", "not an article").parent


def test_the_candidates_ranked_from_the_bands_are_those_counted_one_by_one():
    # _candidates ranks each article's band postings with numpy; _top is the plain count
    # (group_in_memory's): the most shared bands first, ties by the earlier article.
    rng = random.Random(13)
    for _ in range(2000):
        highest = rng.choice([2, 25, 1000, 10**9])
        others = [rng.randint(1, highest) for _ in range(rng.randint(1, 300))]
        ranked = stories._ranked(np.array(others, dtype=np.int64))
        assert ranked == stories._top(Counter(others))


@pytest.mark.django_db
def test_the_postings_read_whole_pick_what_the_database_query_picks():
    # A large regroup reads every band row once (_BandPostings) instead of asking the database
    # per chunk (_candidates): the same candidates, for articles early, late and between rows.
    rng = random.Random(16)
    pks = [
        Article.objects.create(
            title=f"a{n}",
            slug=f"a{n}",
            body="x",
            original_text="x",
            source_file=f"a{n}.txt",
            sha256=f"{n}",
        ).pk
        for n in range(60)
    ]
    keys = [rng.randint(-(2**63), 2**63 - 1) for _ in range(40)] + [-(2**63), 2**63 - 1]
    StoryBand.objects.bulk_create(
        StoryBand(article_id=pk, key=key) for pk in pks for key in rng.sample(keys, 8)
    )
    own = {pk: rng.sample(keys, rng.randint(0, 12)) for pk in pks + [max(pks) + 1]}
    own[pks[30]] = [12345]  # a key no article has

    from_database = stories._candidates(own)

    assert stories._BandPostings().candidates(own) == from_database
    assert any(len(picked) == stories.MAX_CANDIDATES for picked in from_database.values())
    assert from_database[pks[0]] == [] and from_database[pks[30]] == []


@pytest.mark.django_db
def test_an_import_grouped_from_postings_in_memory_groups_as_one_asking_the_database(
    write_article, monkeypatch
):
    for n, key in enumerate(["kr_plant", "kr_plant_other", "kr_plant_vns", "fdi_q1"]):
        _write(write_article, f"{n}.txt", key)
    _write(write_article, "5.txt", "fdi_q1_edited")
    import_paths([_dir(write_article)])
    expected = {a.source_file: a.story_id for a in Article.objects.all()}
    Article.objects.update(story=None)
    monkeypatch.setattr(stories, "IN_MEMORY_FROM", 1)

    call_command("group_stories", verbosity=0)

    assert {a.source_file: a.story_id for a in Article.objects.all()} == expected
    assert len({key for key in expected.values() if key}) == 2
