"""Organisations saved at import, exported, and carried through a backup and restore."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from archive.ingest.pipeline import import_paths
from archive.models import Article, Organisation

pytestmark = pytest.mark.django_db

TEXT = (
    "JICA lends 30 billion yen for Hai Phong drainage\n\n"
    "Hanoi (VNA) – The Japan International Cooperation Agency (JICA) signed a loan with the "
    "Ministry of Finance on Tuesday. Tan Phu Precision Co., Ltd will build the pumps.\n"
)


def export(*args) -> list[dict]:
    out = io.StringIO()
    call_command("export_articles", *args, stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_import_saves_organisations_and_the_export_lists_them(write_article) -> None:
    path = write_article("jica.txt", TEXT)
    import_paths([path.parent])
    article = Article.objects.get()
    assert [o.short_name for o in article.organisations.all()].count("JICA") == 1
    (record,) = export()
    assert {
        "name": "Japan International Cooperation Agency",
        "kind": "development",
        "country": "JP",
    } in record["organizations"]
    assert {"name": "Ministry of Finance", "kind": "government", "country": "VN"} in record[
        "organizations"
    ]
    assert not any("Committee" in o["name"] for o in record["organizations"])


def test_a_full_backup_restores_the_organisations(write_article, tmp_path) -> None:
    path = write_article("jica.txt", TEXT)
    import_paths([path.parent])
    backup = tmp_path / "backup.jsonl"
    backup.write_text("\n".join(json.dumps(r) for r in export("--full")) + "\n")
    before = export()
    Article.objects.all().delete()
    Organisation.objects.all().delete()
    call_command("restore_articles", str(backup), "--no-index", stdout=io.StringIO())
    assert export() == before
    assert Organisation.objects.get(short_name="JICA").kind == "development"
