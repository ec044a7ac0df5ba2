"""The importer: files in, articles out; bad files named and skipped; corrections kept."""

import hashlib
import pickle
from pathlib import Path

import pytest

from archive.extraction.types import Extraction, OfficialMention
from archive.ingest import entities
from archive.ingest.entities import EntityCache
from archive.ingest.pipeline import (
    ImportFailure,
    ParsedArticle,
    import_paths,
    read_article_file,
    save_article,
)
from archive.models import Article, Country, Official

pytestmark = pytest.mark.django_db

# Written for these tests; the same shape as the agency articles the archive imports.
ARTICLE_ONE = """ date 2023-04-12 Hà Nội (VNA) – Deputy Minister of Planning and Investment Tran Quoc Phuong \
received a delegation of Japanese investors led by Takeda Kenji, President of Sakura Electronics \
Corporation, in Hà Nội on April 11.

Phuong said Bac Ninh province had attracted 2.5 billion USD of Japanese capital this year.

Takeda said his company plans to invest US$120 million in a new factory in Bắc Ninh./.
"""

ARTICLE_TWO = """Korean firms eye green industrial parks in Hai Phong
Hai Phong (VNA) – A delegation of South Korean businesses visited the northern port city of Hai \
Phong on Tuesday to seek investment opportunities in green industrial parks.

The delegation was led by Park Min-soo, Chairman of the Korea Green Industry Association.
"""


def test_a_folder_imports_every_txt_file_with_its_entities(write_article):
    write_article("one.txt", ARTICLE_ONE)
    path = write_article("two.txt", ARTICLE_TWO)
    write_article("notes.md", "not an article")

    report = import_paths([path.parent])

    assert report.counts == {"created": 2, "updated": 0, "unchanged": 0, "failed": 0}
    one = Article.objects.get(source_file="one.txt")
    assert one.published.isoformat() == "2023-04-12"
    assert one.published_origin == "crawl prefix"
    assert one.source == "VNA"
    assert {c.code for c in one.countries.all()} >= {"JP"}
    assert "Bac Ninh" in {loc.name for loc in one.localities.all()}
    assert {m.currency for m in one.money_figures.all()} == {"USD"}
    assert one.original_text == ARTICLE_ONE


def test_the_original_text_is_kept_exactly_as_decoded(write_article):
    text = (
        "\ufeffTitle line\r\nBinh Duong (VNA) – Text with  double  spaces.\r\n\r\nOther News\r\n- x"
    )
    path = write_article("crlf.txt", text.encode("utf-8"))

    import_paths([path])

    assert Article.objects.get().original_text == text.lstrip("\ufeff")


def test_importing_the_same_files_again_changes_nothing(write_article):
    path = write_article("one.txt", ARTICLE_ONE)
    import_paths([path])
    before = Article.objects.values().get()

    report = import_paths([path])

    assert report.counts == {"created": 0, "updated": 0, "unchanged": 1, "failed": 0}
    assert Article.objects.values().get() == before


def test_a_changed_file_updates_its_article(write_article):
    path = write_article("one.txt", ARTICLE_ONE)
    import_paths([path])
    write_article("one.txt", ARTICLE_ONE.replace("2.5 billion USD", "3.1 billion USD"))

    report = import_paths([path])

    assert report.counts["updated"] == 1
    assert "3.1 billion USD" in Article.objects.get().body
    assert Article.objects.count() == 1


def test_an_editors_correction_survives_a_reimport_of_a_changed_file(write_article):
    path = write_article("one.txt", ARTICLE_ONE)
    import_paths([path])
    article = Article.objects.get()
    article.title = "Corrected by an editor"
    article.corrected_fields = ["title"]
    article.save()
    write_article("one.txt", ARTICLE_ONE + "\nOne more paragraph about Japan.\n")

    import_paths([path])

    article.refresh_from_db()
    assert article.title == "Corrected by an editor"
    assert "One more paragraph" in article.body


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"\n\n   \n", "no text (only whitespace)"),
        (
            "image.txt",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "binary file (contains NUL bytes)",
        ),
    ],
)
def test_a_bad_file_is_named_with_its_reason_and_the_others_still_import(
    write_article, name, content, reason
):
    bad = write_article(name, content)
    write_article("good.txt", ARTICLE_TWO)

    report = import_paths([bad.parent])

    assert report.counts == {"created": 1, "updated": 0, "unchanged": 0, "failed": 1}
    assert [str(f) for f in report.failures] == [f"{bad}: {reason}"]
    assert Article.objects.get().source_file == "good.txt"


def test_a_file_over_the_size_cap_is_refused(write_article, settings):
    settings.ARCHIVE_MAX_FILE_BYTES = 1000
    big = write_article("big.txt", "Investment in Vietnam. " * 100)

    report = import_paths([big])

    assert [f.reason for f in report.failures] == [
        "file too large (2,300 bytes; the limit is 1,000)"
    ]
    assert not Article.objects.exists()


def test_a_missing_path_is_a_failure_not_a_crash(tmp_path):
    report = import_paths([tmp_path / "nowhere"])

    assert [f.reason for f in report.failures] == ["no such file or folder"]


def test_an_unreadable_file_is_a_failure(write_article, monkeypatch):
    path = write_article("locked.txt", ARTICLE_TWO)
    # Tests run as root in CI, where chmod cannot make a file unreadable: fail the read itself.
    real_read_bytes = type(path).read_bytes

    def read_bytes(self):
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_read_bytes(self)

    monkeypatch.setattr(type(path), "read_bytes", read_bytes)

    report = import_paths([path])

    assert [f.reason for f in report.failures] == ["cannot read: Permission denied"]


def test_the_same_person_with_and_without_diacritics_is_one_official(write_article):
    write_article(
        "a.txt",
        "Minister Nguyễn Đức Minh met Japanese investors in Tokyo on Monday.\n\n"
        "Minh said Việt Nam welcomes green investment.",
    )
    path = write_article(
        "b.txt",
        "Minister Nguyen Duc Minh received Korean investors in Seoul on Friday.\n\n"
        "Minh said Viet Nam welcomes high-tech investment.",
    )

    import_paths([path.parent])

    assert list(Official.objects.values_list("slug", flat=True)) == ["nguyen-duc-minh"]
    assert Official.objects.get().appearances.count() == 2


# --- the fast paths: worker processes, the per-import entity cache, unchanged files ----------


def _stored(article: Article) -> tuple:
    """An article's row and links, without ids: the same import stores the same."""
    return (
        article.source_file,
        article.title,
        article.slug,
        article.body,
        article.published,
        article.source,
        sorted(c.code for c in article.countries.all()),
        sorted(
            (loc.name, loc.country.code, loc.became_id is None) for loc in article.localities.all()
        ),
        [(a.official.name, a.official.slug, a.title) for a in article.appearances.all()],
        [(m.text, m.amount, m.currency) for m in article.money_figures.all()],
    )


def _import_and_read(folder, workers):
    report = import_paths([folder], workers=workers)
    stored = [_stored(a) for a in Article.objects.order_by("source_file")]
    officials = sorted(Official.objects.values_list("slug", "name", "country__code", "kind"))
    Article.objects.all().delete()
    Official.objects.all().delete()
    return report.counts, [str(f) for f in report.failures], stored, officials


def test_worker_processes_store_what_one_process_stores(write_article):
    write_article("a.txt", ARTICLE_ONE)
    write_article("b.txt", ARTICLE_TWO)
    write_article("c.txt", b"")
    path = write_article("d.txt", ARTICLE_ONE.replace("Takeda Kenji", "Sato Hiroshi"))

    in_workers = _import_and_read(path.parent, workers=2)

    assert in_workers == _import_and_read(path.parent, workers=0)
    assert in_workers[0] == {"created": 3, "updated": 0, "unchanged": 0, "failed": 1}


def test_failures_from_worker_processes_keep_the_files_order(write_article):
    write_article("1.txt", ARTICLE_TWO)
    write_article("2.txt", b"")
    write_article("3.txt", b"\x00\x01")
    path = write_article("4.txt", ARTICLE_ONE)
    seen = []

    import_paths(
        [path.parent], workers=2, on_file=lambda p, outcome, _f: seen.append((p.name, outcome))
    )

    assert seen == [
        ("1.txt", "created"),
        ("2.txt", "failed"),
        ("3.txt", "failed"),
        ("4.txt", "created"),
    ]


def test_an_import_failure_survives_the_trip_from_a_worker():
    failure = ImportFailure(Path("x.txt"), "empty file")

    copy = pickle.loads(pickle.dumps(failure))

    assert (copy.path, copy.reason, str(copy)) == (failure.path, failure.reason, str(failure))


def test_an_unchanged_file_is_not_extracted_again(write_article, monkeypatch):
    path = write_article("one.txt", ARTICLE_ONE)
    import_paths([path])
    article_id = Article.objects.get().pk
    monkeypatch.setattr("archive.extraction.extract", _must_not_extract)

    report = import_paths([path])

    assert (report.counts["unchanged"], report.unchanged_ids) == (1, [article_id])


def _must_not_extract(text):
    raise AssertionError("an unchanged file was extracted")


def test_the_same_name_in_two_folders_is_two_articles(tmp_path):
    for folder, text in (("a", ARTICLE_ONE), ("b", ARTICLE_TWO)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "same.txt").write_text(text, encoding="utf-8")

    report = import_paths([tmp_path])

    assert report.counts == {"created": 2, "updated": 0, "unchanged": 0, "failed": 0}
    assert dict(Article.objects.values_list("source_file", "original_text")) == {
        "a/same.txt": ARTICLE_ONE,
        "b/same.txt": ARTICLE_TWO,
    }


def test_an_article_made_meanwhile_is_found_when_the_import_thought_it_new(write_article):
    path = write_article("one.txt", ARTICLE_ONE)
    import_paths([path])

    outcome, article = save_article(read_article_file(path), new=True)

    assert (outcome, article.pk, Article.objects.count()) == (
        "unchanged",
        Article.objects.get().pk,
        1,
    )


def _parsed(name: str, *officials: OfficialMention) -> ParsedArticle:
    text = f"Story {name} about investment."
    return ParsedArticle(
        source_file=name,
        sha256=name,
        encoding="utf-8",
        original_text=text,
        extraction=Extraction(title=text, body=text, countries=("JP",), officials=officials),
    )


def test_an_official_country_an_editor_set_meanwhile_is_kept():
    cache = EntityCache()
    save_article(
        _parsed("a.txt", OfficialMention("Nguyen Van An", "Minister", None, "government")), cache
    )
    Official.objects.update(country=entities.country_for_code("KR"))

    save_article(
        _parsed("b.txt", OfficialMention("Nguyen Van An", "Minister", "VN", "government")), cache
    )

    assert Official.objects.get().country.code == "KR"


def test_a_cached_official_gets_the_country_a_later_article_gives():
    cache = EntityCache()
    save_article(
        _parsed("a.txt", OfficialMention("Nguyen Van An", "Minister", None, "government")), cache
    )

    save_article(
        _parsed("b.txt", OfficialMention("Nguyen Van An", "Minister", "VN", "government")), cache
    )

    assert list(Official.objects.values_list("country__code", flat=True)) == ["VN"]


def test_a_rolled_back_article_leaves_nothing_in_the_cache(monkeypatch):
    cache = EntityCache()
    mention = OfficialMention("Tanaka Hiroshi", "President", "JP", "business")
    monkeypatch.setattr("archive.ingest.pipeline.insert_rows", _fail_insert)

    with pytest.raises(RuntimeError):
        save_article(_parsed("a.txt", mention), cache)

    assert (len(cache), Official.objects.count()) == (0, 0)


def _fail_insert(*args):
    raise RuntimeError("disk full")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("deleted", ["official", "country"])
@pytest.mark.parametrize("batch", [1, 2])  # articles per transaction (pipeline.SAVE_BATCH)
def test_a_cached_row_an_editor_deletes_mid_import_is_made_again(
    write_article, deleted, batch, monkeypatch
):
    monkeypatch.setattr("archive.ingest.pipeline.SAVE_BATCH", batch)
    for number in range(1, 2 * batch + 1):  # the editor deletes between the two batches
        path = write_article(f"{number}.txt", ARTICLE_ONE.replace("2.5", f"{number}.5"))
    first_links = []

    def editor_deletes_after_the_first_batch(path, outcome, failure):
        if path.name == f"{batch}.txt":
            first_links.append(_stored(Article.objects.get(source_file="1.txt"))[6:9])
            if deleted == "official":
                Official.objects.filter(name="Takeda Kenji").delete()
            else:
                Country.objects.filter(code="JP").delete()

    report = import_paths([path.parent], on_file=editor_deletes_after_the_first_batch)

    assert (report.counts["created"], report.failures) == (2 * batch, [])
    later = Article.objects.get(source_file=f"{batch + 1}.txt")
    assert [_stored(later)[6:9]] == first_links


def test_articles_with_the_same_headline_get_stable_distinct_slugs(write_article):
    headline = "Quang Tri leader receives Singaporean delegation\n"
    first = write_article("a.txt", headline + "Quang Tri (VNA) – Talks covered wind power./.")
    second = write_article("b.txt", headline + "Quang Tri (VNA) – Talks covered seaports./.")

    import_paths([first.parent])

    sha = hashlib.sha256(second.read_bytes()).hexdigest()
    slugs = dict(Article.objects.values_list("source_file", "slug"))
    assert slugs == {
        "a.txt": "quang-tri-leader-receives-singaporean-delegation",
        "b.txt": f"quang-tri-leader-receives-singaporean-delegation-{sha[:8]}",
    }


def test_one_batch_of_namesakes_gets_the_slugs_one_at_a_time_gives(write_article, tmp_path):
    """Slugs taken before the import, and by articles earlier in the same batch, are taken."""
    headline = "Ha Tinh leader receives Japanese delegation\n"
    texts = [headline + f"Ha Tinh (VNA) – Talks covered topic number {n}./." for n in range(4)]
    shas = [hashlib.sha256(text.encode()).hexdigest()[:8] for text in texts]
    base = "ha-tinh-leader-receives-japanese-delegation"
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / "old.txt").write_text(headline + "Ha Tinh (VNA) – An older visit./.")
    # An older headline whose slug is the third namesake's tiebreak slug.
    (earlier / "older.txt").write_text(
        f"Ha Tinh leader receives Japanese delegation {shas[2]}\nHa Tinh (VNA) – Older still./."
    )
    import_paths([earlier])
    for n, text in enumerate(texts):
        write_article(f"{n}.txt", text)

    report = import_paths([tmp_path / "articles"])

    assert report.counts["created"] == 4
    slugs = dict(
        Article.objects.filter(source_file__regex=r"^\d").values_list("source_file", "slug")
    )
    assert slugs == {
        "0.txt": f"{base}-{shas[0]}",
        "1.txt": f"{base}-{shas[1]}",
        "2.txt": f"{base}-2",
        "3.txt": f"{base}-{shas[3]}",
    }
