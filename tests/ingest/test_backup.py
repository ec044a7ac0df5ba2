"""Backups: ``export_articles --full`` restored by ``restore_articles`` into an empty database."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from archive.ingest.backup import FULL_FIELDS
from archive.ingest.pipeline import import_paths
from archive.models import Article, Country, Locality, Official
from archive.search import get_backend, indexing
from archive.search.base import SearchQuery
from tests.corpus import ARTICLES
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def corrected_archive(write_article, admin_client, django_capture_on_commit_callbacks):
    """The invented corpus with an editor's corrections: title, date, countries, an official."""
    paths = [write_article(name, text) for name, text in ARTICLES.items()]
    import_paths([paths[0].parent])
    indexing.rebuild()
    article = Article.objects.get(source_file="jp-hanoi.txt")
    data = change_form_data(
        article,
        title="Hanoi asks Japan for metro loans",
        published="2024-06-21",
        countries=[c.pk for c in article.countries.all()] + [Country.objects.get(code="SG").pk],
    )
    data["appearances-0-title"] = "Chairman of the Hà Nội People's Committee"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:archive_article_change", args=[article.pk]), data
        )
    assert response.status_code == 302
    Official.objects.filter(name="Ito Naoki").update(name="Itō Naoki")  # curated spelling


def wipe_database() -> None:
    """A fresh installation: no articles, no entities, an empty index."""
    Article.objects.all().delete()
    Official.objects.all().delete()
    Locality.objects.all().delete()
    Country.objects.all().delete()
    get_backend().clear()


def test_a_full_backup_restores_the_same_articles_entities_and_corrections(
    corrected_archive, tmp_path
):
    full, _ = run("export_articles", "--full")
    plain, _ = run("export_articles")
    backup = tmp_path / "backup.jsonl"
    backup.write_text(full, encoding="utf-8")
    wipe_database()

    out, err = run("restore_articles", str(backup))

    assert (out, err) == ("created 5, replaced 0, failed 0\n", "")
    assert run("export_articles", "--full")[0] == full
    assert run("export_articles")[0] == plain


def test_restored_articles_pages_are_the_same_and_searchable(corrected_archive, client, tmp_path):
    article = Article.objects.get(source_file="jp-hanoi.txt")
    pages_before = [client.get(a.get_absolute_url()).content for a in Article.objects.all()]
    backup = tmp_path / "backup.jsonl"
    backup.write_text(run("export_articles", "--full")[0], encoding="utf-8")
    wipe_database()

    run("restore_articles", str(backup))

    pages_after = [client.get(a.get_absolute_url()).content for a in Article.objects.all()]
    assert pages_after == pages_before  # titles, dates, entities, provenance, original text
    restored = Article.objects.get(source_file="jp-hanoi.txt")
    hits = get_backend().search(SearchQuery(text="metro loans")).hits
    assert ([h.id for h in hits], restored.slug) == ([restored.pk], article.slug)


def test_restoring_a_backup_twice_changes_nothing(corrected_archive, tmp_path):
    full, _ = run("export_articles", "--full")
    backup = tmp_path / "backup.jsonl"
    backup.write_text(full, encoding="utf-8")

    out, _ = run("restore_articles", str(backup))

    assert out == "created 0, replaced 5, failed 0\n"
    assert run("export_articles", "--full")[0] == full
    assert indexing.check_index().ok


def test_restore_names_each_bad_line_restores_the_rest_and_exits_1(corrected_archive, tmp_path):
    full = run("export_articles", "--full")[0].splitlines()
    plain = run("export_articles")[0].splitlines()
    backup = tmp_path / "backup.jsonl"
    backup.write_text("\n".join([full[0], plain[1], "{not json", full[2]]) + "\n")
    wipe_database()
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as excinfo:
        call_command("restore_articles", str(backup), stdout=out, stderr=err)

    assert excinfo.value.returncode == 1
    assert out.getvalue() == "created 2, replaced 0, failed 2\n"
    assert err.getvalue() == (
        "failed: line 2: not a full export record (no "
        + ", ".join(FULL_FIELDS)
        + "); back up with `export_articles --full`\n"
        "failed: line 3: not JSON (Expecting property name enclosed in double quotes at column 2)\n"
    )


def test_restore_of_a_missing_file_says_so(tmp_path):
    with pytest.raises(CommandError) as excinfo:
        run("restore_articles", str(tmp_path / "nope.jsonl"))

    assert str(excinfo.value) == f"cannot read {tmp_path / 'nope.jsonl'}: No such file or directory"


def test_the_full_export_adds_the_restore_fields_to_the_default_record(corrected_archive):
    full = json.loads(run("export_articles", "--full")[0].splitlines()[0])
    plain = json.loads(run("export_articles")[0].splitlines()[0])

    assert set(full) - set(plain) == set(FULL_FIELDS)
    assert {key: full[key] for key in ("source_file", "sha256", "title", "published")} == {
        key: plain[key] for key in ("source_file", "sha256", "title", "published")
    }
    assert [{k: v for k, v in c.items() if k != "slug"} for c in full["countries"]] == plain[
        "countries"
    ]


# --- Records the admin would refuse ---------------------------------------------------------------


def backup_lines() -> list[dict]:
    return [json.loads(line) for line in run("export_articles", "--full")[0].splitlines()]


def restore_lines(tmp_path, records: list[dict]) -> tuple[str, str]:
    backup = tmp_path / "edited.jsonl"
    backup.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("restore_articles", str(backup), stdout=out, stderr=err)
    assert excinfo.value.returncode == 1
    return out.getvalue(), err.getvalue()


def test_a_record_with_slugs_no_url_can_hold_is_refused_and_nothing_of_it_saved(
    corrected_archive, tmp_path, client
):
    records = backup_lines()
    records[1]["slug"] = "bad slug/../x"
    records[2]["countries"][0]["slug"] = "a country slug"
    wipe_database()

    out, err = restore_lines(tmp_path, records)

    assert out == "created 3, replaced 0, failed 2\n"
    assert err.splitlines() == [
        "failed: line 2: slug 'bad slug/../x': Enter a valid “slug” consisting of letters, "
        "numbers, underscores or hyphens.",
        "failed: line 3: countries[0].slug 'a country slug': Enter a valid “slug” consisting of "
        "letters, numbers, underscores or hyphens.",
    ]
    assert not Article.objects.filter(source_file__in=[r["source_file"] for r in records[1:3]])
    assert not Country.objects.filter(slug="a country slug").exists()
    for url in ("/", "/search/", "/search.json", "/feed.atom", "/countries/", "/matrix/"):
        assert client.get(url).status_code == 200


def test_a_bad_record_leaves_the_article_it_would_replace_unchanged(corrected_archive, tmp_path):
    before = run("export_articles", "--full")[0]
    records = backup_lines()
    records[0]["title"] = "A new title"
    records[0]["localities"][0]["slug"] = "bad slug/../x"

    out, err = restore_lines(tmp_path, records[:1])

    assert out == "created 0, replaced 0, failed 1\n"
    assert "localities[0].slug 'bad slug/../x'" in err
    assert run("export_articles", "--full")[0] == before


@pytest.mark.parametrize(
    ("edit", "reason"),
    [
        (lambda r: r.update(published="2024-02-30"), "published '2024-02-30': “2024-02-30” value"),
        (lambda r: r.update(title="x" * 301), "title 'xxxx"),
        (lambda r: r.update(slug=""), "slug '': This field cannot be blank."),
        (
            lambda r: r["countries"][0].update(code="XX"),
            "countries[0].code 'XX' is not an ISO 3166-1 alpha-2 country code",
        ),
        (
            lambda r: r["countries"][0].update(code="Japan"),
            "countries[0].code 'Japan' is not an ISO 3166-1 alpha-2 country code",
        ),
        (
            lambda r: r["localities"][0].update(kind="village"),
            "localities[0].kind 'village': Value 'village' is not a valid choice.",
        ),
        (
            lambda r: r["officials"][0].update(kind="alien"),
            "officials[0].kind 'alien': Value 'alien' is not a valid choice.",
        ),
        (
            lambda r: r["officials"][0].update(slug="ito naoki"),
            "officials[0].slug 'ito naoki': Enter a valid “slug”",
        ),
        (lambda r: r["money"].append({"text": "x"}), "no amount, currency"),
        (lambda r: r.update(countries="JP"), "countries: not a list"),
    ],
)
def test_each_refused_record_says_where_and_why(corrected_archive, tmp_path, edit, reason):
    record = next(r for r in backup_lines() if r["officials"] and r["localities"])
    edit(record)
    before = run("export_articles", "--full")[0]

    _, err = restore_lines(tmp_path, [record])

    assert err.startswith("failed: line 1: ")
    assert reason in err
    assert run("export_articles", "--full")[0] == before
