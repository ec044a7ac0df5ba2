"""Money figures saved as data: what each measures and its approximate US dollar value at the
average rate of the article's year, shown with that rate on the article page, exported, and
converted again when an editor corrects the date."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive.extraction.rates import rates
from archive.ingest.pipeline import import_paths
from archive.models import Article, MoneyFigure
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db

DATED = (
    " date 2015-03-10 JICA lends for Hanoi metro\n"
    "Hanoi (VNA) – JICA will lend 300 billion yen for the city's second metro line, "
    "the agency said on March 10, 2015. The line will cost VND 40 trillion (US$1.8 billion), "
    "and the city expects 2 billion USD by 2030.\n"
)
UNDATED = "Binh Duong park grows\n\nThe park's second phase will cost VND 3 trillion.\n"


def figures(article: Article) -> list[tuple]:
    return [
        (m.text, m.measure, m.usd_year, m.usd_rate) for m in article.money_figures.order_by("id")
    ]


@pytest.fixture
def dated(write_article):
    import_paths([write_article("metro.txt", DATED)])
    article = Article.objects.get()
    assert article.published.year == 2015
    return article


def test_import_saves_each_figures_measure_and_usd_value_once(dated):
    jpy, vnd = rates()[("JPY", 2015)], rates()[("VND", 2015)]
    assert figures(dated) == [
        ("300 billion yen", "oda_loan", 2015, jpy),
        ("VND 40 trillion", "project_capital", 2015, vnd),  # its bracketed US$ not again
        ("2 billion USD", "other", 2015, Decimal(1)),
    ]
    loan = dated.money_figures.get(currency="JPY")
    assert loan.usd == (Decimal(300_000_000_000) / jpy).quantize(Decimal("0.01"))


def test_the_article_page_shows_the_usd_value_with_its_rate_and_year(client, dated):
    html = client.get(dated.get_absolute_url()).content.decode()

    assert "ODA loan" in html
    assert "≈ US$2.48 billion" in html
    assert "(at 121.08 JPY per US dollar, the 2015 average)" in html


def test_an_undated_figure_stays_unconverted_and_says_so(client, write_article):
    import_paths([write_article("park.txt", UNDATED)])
    article = Article.objects.get()
    (figure,) = article.money_figures.all()

    assert (figure.usd, figure.usd_rate, figure.usd_year) == (None, None, None)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "not converted: the article has no date" in html


def test_export_money_entries_carry_usd_and_measure(dated):
    out = io.StringIO()
    call_command("export_articles", stdout=out)
    (record,) = [json.loads(line) for line in out.getvalue().splitlines()]

    loan = record["money"][0]
    assert loan["measure"] == "oda_loan"
    assert loan["usd"] == pytest.approx(300e9 / float(rates()[("JPY", 2015)]), abs=0.01)


def test_the_csv_gives_the_largest_figure_in_usd(client, dated):
    response = client.get(reverse("articles-export", args=["csv"]))
    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))

    assert row["largest_figure"] == "300 billion yen"  # US$2.48 billion beats US$2 billion
    assert Decimal(row["largest_usd"]) == dated.money_figures.get(currency="JPY").usd


def test_an_editors_date_converts_the_figures_at_the_new_years_rate(admin_client, dated):
    data = change_form_data(dated, published="2023-05-02")

    response = admin_client.post(reverse("admin:archive_article_change", args=[dated.pk]), data)

    assert response.status_code == 302
    loan = MoneyFigure.objects.get(currency="JPY")
    assert (loan.usd_year, loan.usd_rate) == (2023, rates()[("JPY", 2023)])


def test_a_backup_restores_measures_and_converts_at_the_restored_date(dated, tmp_path):
    out = io.StringIO()
    call_command("export_articles", "--full", stdout=out)
    backup = tmp_path / "backup.jsonl"
    backup.write_text(out.getvalue())
    before = figures(dated)
    Article.objects.all().delete()

    call_command("restore_articles", str(backup), "--no-index", stdout=io.StringIO())

    assert figures(Article.objects.get()) == before
