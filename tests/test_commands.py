"""import_articles, export_articles and rebuild_index as a user runs them."""

import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from archive.search import get_backend
from archive.search.base import SearchQuery, SearchUnavailable

pytestmark = pytest.mark.django_db
SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"

GOOD = """Singapore fund eyes Da Nang logistics hub
Da Nang (VNA) – Singaporean investors are studying a 300 million USD logistics hub in Da Nang city, \
Chairman of the municipal People's Committee Le Trung Chinh said on Monday./.
"""


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_prints_a_summary_and_indexes_the_articles(write_article):
    path = write_article("good.txt", GOOD)

    out, _ = run("import_articles", str(path))

    assert out.strip().splitlines()[-1] == "created 1, updated 0, unchanged 0, failed 0, skipped 0"
    assert get_backend().search(SearchQuery(text="logistics")).total == 1


def test_import_names_each_failed_file_and_exits_with_status_1(write_article):
    write_article("good.txt", GOOD)
    bad = write_article("bad.txt", b"")

    with pytest.raises(CommandError) as excinfo:
        call_command("import_articles", str(bad.parent), stdout=io.StringIO(), stderr=io.StringIO())

    assert excinfo.value.returncode == 1


def test_import_failure_lines_name_the_file_and_reason(write_article, capsys):
    bad = write_article("bad.txt", b"")
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_articles", str(bad), stdout=io.StringIO(), stderr=err)

    assert f"failed: {bad}: empty file" in err.getvalue()


@pytest.mark.parametrize("workers", ["0", "2"])
def test_import_with_workers_prints_the_same_lines_and_summary(write_article, workers):
    write_article("a_good.txt", GOOD)
    write_article("b_bad.txt", b"")
    path = write_article("c_good.txt", GOOD.replace("300 million", "400 million"))
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError) as excinfo:
        call_command(
            "import_articles", "--workers", workers, str(path.parent), stdout=out, stderr=err
        )

    assert excinfo.value.returncode == 1
    assert f"failed: {path.parent / 'b_bad.txt'}: empty file" in err.getvalue()
    assert out.getvalue().strip().splitlines() == [
        f"[1/3] created: {path.parent / 'a_good.txt'}",
        f"[3/3] created: {path.parent / 'c_good.txt'}",
        "created 2, updated 0, unchanged 0, failed 1, skipped 0",
    ]


@pytest.mark.parametrize("workers", ["-1", "9", "many"])
def test_import_refuses_a_worker_count_it_cannot_use(write_article, workers):
    path = write_article("good.txt", GOOD)

    with pytest.raises(CommandError, match="--workers: a number from 0 to 8"):
        run("import_articles", "--workers", workers, str(path))


def test_plain_progress_lines_when_not_a_terminal(write_article):
    path = write_article("good.txt", GOOD)

    out, _ = run("import_articles", str(path))

    assert f"[1/1] created: {path}" in out


def test_export_prints_one_json_object_per_article_with_the_promised_fields(tmp_path):
    shutil.copytree(SEEDS, tmp_path / "seeds")
    run("import_articles", str(tmp_path / "seeds"))

    out, _ = run("export_articles")
    records = [json.loads(line) for line in out.splitlines()]

    assert [r["source_file"] for r in records] == sorted(p.name for p in SEEDS.glob("*.txt"))
    for record in records:
        assert set(record) == {
            "source_file",
            "sha256",
            "title",
            "published",
            "source",
            "countries",
            "localities",
            "officials",
            "money",
            "url",
            "publisher",
            "author",
            "crawled",
            "title_origin",
            "implied_countries",
            "organizations",
        }
        assert all(set(c) == {"code", "name"} for c in record["countries"])
        assert all(set(c) == {"code", "place"} for c in record["implied_countries"])
        assert all(
            set(loc) == {"name", "name_local", "kind", "country"} for loc in record["localities"]
        )
        assert all(set(o) == {"name", "title", "country", "kind"} for o in record["officials"])
        assert all(
            set(m) == {"text", "amount", "currency", "usd", "measure"} for m in record["money"]
        )


def test_export_record_of_an_article(write_article):
    path = write_article("good.txt", GOOD)
    run("import_articles", str(path))

    record = json.loads(run("export_articles")[0])

    assert record["title"] == "Singapore fund eyes Da Nang logistics hub"
    assert record["published"] is None
    assert record["source"] == "VNA"
    assert {"code": "SG", "name": "Singapore"} in record["countries"]
    assert {
        "name": "Da Nang",
        "name_local": "Đà Nẵng",
        "kind": "centrally-run city",
        "country": "VN",
    } in record["localities"]
    assert record["money"] == [
        {
            "text": "300 million USD",
            "amount": 300000000,
            "currency": "USD",
            "usd": 300000000,  # dollars need no rate, so an undated article's too
            "measure": "project_capital",
        }
    ]
    assert [o["name"] for o in record["officials"]] == ["Le Trung Chinh"]
    assert record["officials"][0]["country"] == "VN"


def test_rebuild_index_indexes_every_article(write_article):
    path = write_article("good.txt", GOOD)
    run("import_articles", "--no-index", str(path))
    with pytest.raises(SearchUnavailable):
        get_backend().search(SearchQuery(text="logistics"))

    out, _ = run("rebuild_index")

    assert out.strip() == "indexed 1 article"
    assert get_backend().search(SearchQuery(text="logistics")).total == 1


def test_import_of_a_warc_names_a_broken_file_and_counts_skipped_records(tmp_path):
    from tests.ingest.webpages import JAPAN, KOREA, html_response, request, write_warc

    good = tmp_path / "good.warc.gz"
    write_warc(
        good,
        [request("https://example.org/a"), html_response("https://example.org/a", JAPAN)],
        gzip=True,
    )
    broken = tmp_path / "broken.warc.gz"
    offsets = write_warc(broken, [html_response("https://example.org/b", KOREA)], gzip=True)
    broken.write_bytes(broken.read_bytes()[:-30])
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_articles", str(tmp_path), stdout=out, stderr=err)

    assert err.getvalue().startswith(f"failed: {broken}: broken WARC file at offset {offsets[0]}: ")
    lines = out.getvalue().splitlines()
    assert lines[-1] == "created 1, updated 0, unchanged 0, failed 1, skipped 1"
    assert f"created: {good}#" in out.getvalue()
