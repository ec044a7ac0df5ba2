"""Money as data in search: the amount range, what a figure measures, the largest-figure order."""

import pytest
from django.db.models import Max
from django.urls import reverse

from archive.extraction.money import MEASURES
from archive.ingest.pipeline import import_paths
from archive.models import Article, MoneyFigure
from archive.search import indexing
from tests.test_admin import change_form_data

pytestmark = pytest.mark.django_db


def get_json(client, **params):
    response = client.get(reverse("search-json"), params)
    assert response.status_code == 200, response.content
    return response.json()


def files(data) -> set[str]:
    return {result["source_file"] for result in data["results"]}


def test_the_corpus_has_converted_figures_of_several_sizes(corpus):
    # What the tests below rely on: figures between 200 million and 1.5 billion US dollars.
    values = sorted(float(v) for v in MoneyFigure.objects.values_list("usd", flat=True) if v)
    assert len(values) >= 3
    assert values[0] < 250e6 < values[-1]


def test_an_amount_range_finds_the_articles_with_a_figure_in_it(client, corpus):
    data = get_json(client, usd_min="250000000", usd_max="2000000000", versions="all")

    expected = set(
        Article.objects.filter(
            money_figures__usd__gte=250_000_000, money_figures__usd__lte=2_000_000_000
        ).values_list("source_file", flat=True)
    )
    assert expected and files(data) == expected
    assert (data["usd_min"], data["usd_max"]) == (250_000_000, 2_000_000_000)


def test_thousands_separators_in_an_amount_are_understood(client, corpus):
    plain = get_json(client, usd_min="250000000")
    written = get_json(client, usd_min="250,000,000")

    assert files(written) == files(plain)


def test_the_measure_facet_counts_and_filters_with_the_measures_labels(client, corpus):
    measures = sorted(set(MoneyFigure.objects.values_list("measure", flat=True)))
    data = get_json(client)
    facet = {v["value"]: (v["label"], v["count"]) for v in data["facets"]["measure"]}

    for measure in measures:
        count = Article.objects.filter(money_figures__measure=measure).distinct().count()
        assert facet[measure] == (MEASURES[measure], count)
    chosen = measures[0]
    filtered = get_json(client, measure=chosen, versions="all")
    assert files(filtered) == set(
        Article.objects.filter(money_figures__measure=chosen).values_list("source_file", flat=True)
    )


def test_range_and_measure_hold_for_the_same_figure(client, corpus):
    # The largest figure's measure, with a range only that figure reaches: then every other
    # measure with the same range finds nothing from that article.
    top = MoneyFigure.objects.exclude(usd=None).order_by("-usd").first()
    others = [m for m in MEASURES if m != top.measure]

    same = get_json(client, measure=top.measure, usd_min=str(top.usd), versions="all")
    other = get_json(client, measure=others, usd_min=str(top.usd), versions="all")

    assert top.article.source_file in files(same)
    assert top.article.source_file not in files(other)
    # The measure facet counts within the range, so the other measures show no articles there.
    counts = {v["value"]: v["count"] for v in other["facets"]["measure"]}
    assert counts.get(top.measure, 0) >= 1
    assert all(counts[m] == 0 for m in others)


def test_largest_figure_order_puts_articles_without_a_figure_last(client, corpus):
    data = get_json(client, sort="amount", versions="all")

    largest = {
        a.source_file: a.top for a in Article.objects.annotate(top=Max("money_figures__usd"))
    }
    order = [r["source_file"] for r in data["results"]]
    with_figures = [f for f in order if largest[f] is not None]
    assert with_figures == sorted(with_figures, key=lambda f: -largest[f])
    assert order[: len(with_figures)] == with_figures
    assert data["sort"] == "amount"
    assert all({"text", "measure", "usd"} == set(m) for r in data["results"] for m in r["money"])


def test_the_page_has_the_amount_inputs_the_sort_option_and_the_chips(client, corpus):
    response = client.get(reverse("search"), {"usd_min": "250000000", "q": "investors"})

    content = response.content.decode()
    assert 'name="usd_min" form="search-form"' in content
    assert 'value="250000000"' in content
    assert '<option value="amount">Largest figure</option>' in content
    assert "Amount from US$250,000,000" in content
    assert "with a figure of US$250,000,000 or more" in content
    assert "Searches within 1 filter." in content
    assert "Filters (1)" in content


def test_results_ordered_or_filtered_by_amount_show_their_largest_figure(client, corpus):
    top = MoneyFigure.objects.exclude(usd=None).order_by("-usd").first()
    below = float(top.usd) - 1

    ordered = client.get(reverse("search"), {"sort": "amount"}).content.decode()
    filtered = client.get(
        reverse("search"), {"usd_max": str(below), "measure": list(MEASURES)}
    ).content.decode()
    plain = client.get(reverse("search")).content.decode()

    usd = f"US${float(top.usd):,.0f}"
    label = MEASURES[top.measure]
    assert f"Largest figure: {top.text} (about {usd}, {label})" in ordered
    assert "Largest figure in this search:" in filtered
    assert f"(about {usd}," not in filtered  # above the range: another figure is shown
    assert 'class="figure"' not in plain


def test_the_measure_is_kept_by_the_search_box(client, corpus):
    measure = MoneyFigure.objects.values_list("measure", flat=True).first()
    response = client.get(reverse("search"), {"measure": measure})

    content = response.content.decode()
    assert f'<input type="hidden" name="measure" value="{measure}">' in content
    assert f"What a figure measures: {MEASURES[measure]}" in content


@pytest.mark.parametrize(
    ("params", "bad", "message"),
    [
        ({"usd_min": "abc"}, "usd_min", "usd_min: must be an amount in US dollars"),
        ({"usd_max": "1e400"}, "usd_max", "usd_max: must be at most"),
        ({"usd_min": "-5"}, "usd_min", "usd_min: must be 0 or more."),
        ({"usd_min": "NaN"}, "usd_min", "usd_min: must be an amount in US dollars"),
        (
            {"usd_min": "500", "usd_max": "100"},
            "usd_max",
            "usd_max: must not be below usd_min (500).",
        ),
        ({"measure": "bribes"}, "measure", "measure: there is no measure “bribes”; the measures"),
    ],
)
def test_a_bad_money_parameter_is_refused_with_400_and_says_why(
    client, corpus, params, bad, message
):
    page = client.get(reverse("search"), {"q": "Bac Ninh", **params})
    data = client.get(reverse("search-json"), params)

    assert page.status_code == data.status_code == 400
    assert message in page.content.decode()
    assert message in data.json()["error"]
    assert data.json()["parameter"] == bad
    # The way on: the same search without the bad parameter.
    assert "q=Bac+Ninh" in page.content.decode()


def test_a_bad_measure_is_escaped_on_the_400_page(client, corpus):
    response = client.get(reverse("search"), {"measure": "<script>alert(1)</script>"})

    content = response.content.decode()
    assert response.status_code == 400
    assert "<script>alert(1)" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_downloads_and_feeds_drop_a_bad_amount_instead_of_failing(client, corpus):
    export = client.get(reverse("search-export", args=["csv"]), {"usd_min": "abc"})
    feed = client.get(reverse("search-feed"), {"usd_min": "abc"})

    assert (export.status_code, feed.status_code) == (200, 200)


METRO = (
    " date 2015-03-10 JICA lends for Hanoi metro\n"
    "Hanoi (VNA) – JICA will lend 300 billion yen for the city's second metro line, "
    "the agency said on March 10, 2015.\n"
)


def test_an_editors_new_date_moves_the_article_to_its_new_amount(
    admin_client, client, write_article, django_capture_on_commit_callbacks
):
    import_paths([write_article("metro.txt", METRO)])
    indexing.rebuild()
    article = Article.objects.get()
    old = article.money_figures.get().usd

    def found(usd):
        data = get_json(client, usd_min=str(usd - 1), usd_max=str(usd + 1), measure="oda_loan")
        return sorted(files(data))

    assert found(old) == ["metro.txt"]
    with django_capture_on_commit_callbacks(execute=True):  # the save's index update
        admin_client.post(
            reverse("admin:archive_article_change", args=[article.pk]),
            change_form_data(article, published="2023-05-02"),
        )
    new = article.money_figures.get().usd

    assert new != old
    assert (found(old), found(new)) == ([], ["metro.txt"])
