"""The search page's result list written in one pass (archive/templatetags/archive_results.py)
is the markup the template loop wrote, every value escaped the same way."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest
from django.template import Context, Template

from archive.templatetags.archive_results import result_items

# The loop the search page had, as it was: the reference.
TEMPLATE_LOOP = Template(
    """{% for row in rows %}{% with article=row.article hit=row.hit %}
      <li class="article-item">
        <h2 class="result-title">{% if row.url %}<a href="{{ row.url }}">{{ article.title }}</a>{% else %}{{ article.title }}{% endif %}</h2>
        <p class="meta">
          {% if article.published %}<time datetime="{{ article.published|date:'Y-m-d' }}">{{ article.published|date:"j F Y" }}</time>{% else %}undated{% endif %}{% if article.source %} · {{ article.source }}{% endif %}
        </p>
        {% if row.figure %}<p class="figure">Largest figure{% if query.money_filtered %} in this search{% endif %}: {{ row.figure.text }} (about {{ row.figure.usd }}, {{ row.figure.measure }})</p>{% endif %}
        <p class="snippet">{{ hit.snippet_html|safe }}</p>
        <ul class="entities" aria-label="Filter by what this article names">
          {% for kind, name, url in row.filter_links %}<li class="tag tag-{{ kind }}"><a href="{{ url }}" title="Add this filter">{{ name }}</a></li>{% endfor %}
        </ul>
        {% if row.versions %}<p class="versions"><span class="versions-count">{{ row.versions|length|add:1 }} versions</span>{% if hit.versions > 1 %} ({{ hit.versions }} match){% endif %}: also published by
          {% for v in row.versions %}{% if v.url %}<a href="{{ v.url }}">{% endif %}{{ v.article.source|default:v.article.publisher|default:"another outlet" }}, “{{ v.article.title }}”, {% if v.article.published %}{{ v.article.published|date:"j M Y" }}{% else %}undated{% endif %}{% if v.url %}</a>{% endif %}{% if not forloop.last %}; {% endif %}{% endfor %}</p>{% endif %}
      </li>{% endwith %}
    {% endfor %}"""  # noqa: E501
)


def article(title, published=None, source="", publisher=""):
    return SimpleNamespace(title=title, published=published, source=source, publisher=publisher)


def rows():
    odd = "<script>alert(\"x\")</script> & 'quotes'"
    return [
        {
            "article": article(f"Park {odd}", date(2024, 3, 5), source=f"VNA {odd}"),
            "url": '/articles/park/?from=q%3D%22x%22&a=<b>"',
            "hit": SimpleNamespace(snippet_html="…the <mark>park</mark> &amp; more…", versions=3),
            "figure": {"text": f"US$5 {odd}", "usd": "US$5", "measure": f"ODA {odd}"},
            "filter_links": [
                ("country", f"Japan {odd}", '?q=park&country=japan"<'),
                ("province", "Bắc Ninh", "?q=park&province=bac-ninh"),
            ],
            "versions": [
                {"article": article(f"Other {odd}", date(2024, 3, 6), "", f"Pub {odd}"), "url": ""},
                {"article": article("Third", None), "url": "/articles/third/?from=x&y=<"},
            ],
        },
        {
            "article": article("No link, undated", None),
            "url": "",
            "hit": SimpleNamespace(snippet_html="plain start", versions=1),
            "figure": None,
            "filter_links": [],
            "versions": [{"article": article("One other", date(2020, 1, 1), "VNS"), "url": "/a/"}],
        },
        {
            "article": article("Single", date(2019, 12, 31), source=""),
            "url": "/articles/single/",
            "hit": SimpleNamespace(snippet_html="", versions=1),
            "figure": {"text": "VND 1 billion", "usd": "US$40,000", "measure": "Capital"},
            "filter_links": [("foreign_place", "Seoul (South Korea)", "?foreign_place=seoul")],
            "versions": [],
        },
    ]


@pytest.mark.parametrize("money_filtered", [False, True])
def test_the_result_list_is_the_markup_of_the_template_loop(money_filtered):
    expected = TEMPLATE_LOOP.render(
        Context({"rows": rows(), "query": {"money_filtered": money_filtered}})
    )
    assert result_items(rows(), money_filtered) == expected


def test_every_value_but_the_snippet_is_escaped():
    markup = result_items(rows(), True)
    assert "<script>" not in markup
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#x27;quotes&#x27;" in markup
    assert "<mark>park</mark> &amp; more" in markup  # the backend's own escaped snippet
