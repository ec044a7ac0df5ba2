"""Entity pages sum the money their articles report, per year and by what it measures, in
approximate US dollars, with a note that these are sums of reported figures; nothing is shown
when no figure has a US dollar value."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from archive.extraction.rates import rates
from archive.ingest.pipeline import import_paths
from archive.models import Country, Locality, MoneyFigure, Organisation
from archive.web import stats

pytestmark = pytest.mark.django_db

# Four articles naming Samsung Electronics and Bac Ninh: two of 2015, one of 2016, one undated;
# a fifth names Bac Ninh with only a figure that has no rate (riel).
ARTICLES = {
    "fdi.txt": (
        " date 2015-04-02 Samsung adds to its Bac Ninh plant\n"
        "Bac Ninh (VNA) – Samsung Electronics registered an additional US$300 million of FDI "
        "in Bac Ninh, the province said on Thursday.\n"
    ),
    "loan.txt": (
        " date 2015-09-15 Road loan for Bac Ninh\n"
        "Bac Ninh (VNA) – Samsung Electronics welcomed a loan of 10 billion yen for a Bac Ninh "
        "road that serves its plant, officials said.\n"
    ),
    "park.txt": (
        " date 2016-06-20 Bac Ninh park to grow\n"
        "Bac Ninh (VNA) – The project capital of the new park beside Samsung Electronics' plant "
        "is VND 2.3 trillion, the province said.\n"
    ),
    "school.txt": (
        "Samsung Electronics builds a school\n\n"
        "Bac Ninh (VNA) – Samsung Electronics registered 5 million USD of FDI for a school in "
        "Bac Ninh.\n"
    ),
    "shop.txt": (
        " date 2016-01-05 A shop in Bac Ninh\n"
        "Bac Ninh (VNA) – A Cambodian firm will spend 100 million riel on a shop in Bac Ninh.\n"
    ),
}
CENT = Decimal("0.01")


@pytest.fixture
def imported(write_article):
    for name, text in ARTICLES.items():
        path = write_article(name, text)
    import_paths([path.parent])
    return Organisation.objects.get(name="Samsung Electronics")


def usd(amount: int, currency: str, year: int) -> Decimal:
    return (Decimal(amount) / rates()[(currency, year)]).quantize(CENT)


def test_totals_are_summed_per_year_and_measure_in_one_query(imported, django_assert_num_queries):
    yen_2015 = usd(10_000_000_000, "JPY", 2015)
    dong_2016 = usd(2_300_000_000_000, "VND", 2016)

    with django_assert_num_queries(1):  # however many years: one aggregate, no loop per year
        totals = stats.money_totals(imported.articles.all())

    assert totals.measures == (
        ("fdi_registered", "FDI registered"),
        ("oda_loan", "ODA loan"),
        ("project_capital", "project capital"),
    )
    assert [(y.year, y.cells, y.total, y.figures) for y in totals.years] == [
        (2015, (Decimal(300_000_000), yen_2015, None), 300_000_000 + yen_2015, 2),
        (2016, (None, None, dong_2016), dong_2016, 1),
        (None, (Decimal(5_000_000), None, None), Decimal(5_000_000), 1),  # US$ needs no date
    ]
    assert totals.unconverted == 0


def test_the_organisation_page_shows_the_yearly_totals_and_the_note(client, imported):
    html = client.get(imported.get_absolute_url()).content.decode()
    section = html[html.index('id="money-totals"') :]
    section = section[: section.index("</section>")]

    assert "sums of the figures the articles report, not official statistics" in section
    assert "counted each time" in section
    assert "<caption>" in section
    assert '<th scope="col">FDI registered</th>' in section
    rows = re.findall(r"<tr>\s*<th scope=\"row\">(\w+)</th>(.*?)</tr>", section, re.S)
    cells = {
        year: [re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<td>(.*?)</td>", body)]
        for year, body in rows
    }
    # 10 billion yen at 121.08 yen per US dollar (2015) is US$82.6 million
    assert cells["2015"] == ["US$300 million", "US$82.6 million", "–none", "US$383 million", "2"]
    assert cells["Undated"][0] == "US$5 million"
    assert list(cells) == ["2015", "2016", "Undated"]


def test_province_and_country_pages_count_figures_without_a_rate_as_left_out(client, imported):
    bac_ninh = Locality.objects.get(name="Bac Ninh")
    totals = stats.money_totals(bac_ninh.articles.all())
    assert totals.unconverted == 1  # the riel figure
    assert sum(y.figures for y in totals.years) == 4

    html = client.get(bac_ninh.get_absolute_url()).content.decode()
    assert "Money reported in these articles, per year" in html
    assert "1 figure with no US dollar value" in html
    vietnam = Country.objects.get(code="VN")
    assert (
        "Money reported in these articles"
        in client.get(vietnam.get_absolute_url()).content.decode()
    )


def test_no_table_when_no_figure_has_a_us_dollar_value(client, write_article):
    import_paths([write_article("shop.txt", ARTICLES["shop.txt"])])
    import_paths(
        [
            write_article(
                "visit.txt",
                " date 2019-03-01 Samsung Electronics visits Bac Ninh\n"
                "Bac Ninh (VNA) – Samsung Electronics leaders met the province on Friday.\n",
            )
        ]
    )
    samsung = Organisation.objects.get(name="Samsung Electronics")
    bac_ninh = Locality.objects.get(name="Bac Ninh")
    assert MoneyFigure.objects.filter(usd__isnull=True).count() == 1

    assert stats.money_totals(samsung.articles.all()) is None  # no figures at all
    assert stats.money_totals(bac_ninh.articles.all()) is None  # only one without a rate
    for page in (samsung, bac_ninh):
        html = client.get(page.get_absolute_url()).content.decode()
        assert "Money reported" not in html
        assert "money-totals" not in html
