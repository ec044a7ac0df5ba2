"""make bench's choice of search backends and its side-by-side table (bench/run.py)."""

import pytest

from bench.run import comparison_lines, selected_backends


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("whoosh", ["whoosh"]),
        ("postgres", ["whoosh", "postgres"]),
        (" Postgres , whoosh,postgres ", ["whoosh", "postgres"]),
    ],
)
def test_bench_backends_always_measures_whoosh_first(monkeypatch, value, expected):
    monkeypatch.setenv("BENCH_BACKENDS", value)

    assert selected_backends() == expected


def test_an_unknown_backend_is_named_with_the_known_ones(monkeypatch):
    monkeypatch.setenv("BENCH_BACKENDS", "whoosh,elastic")

    with pytest.raises(SystemExit, match="unknown elastic; known: whoosh, postgres"):
        selected_backends()


def test_the_table_lists_each_backend_and_says_why_one_was_not_measured():
    figures = {
        "page_median_ms": 30.0,
        "page_p95_ms": 40.0,
        "page_first_median_ms": 300.0,
        "json_median_ms": 20.0,
        "json_p95_ms": 25.0,
        "import_index_per_s": 300.0,
        "index_mb": 46.5,
        "database_mb": 149.1,
    }
    result = {
        "articles": 10000,
        "backends": {
            "whoosh": figures,
            "postgres": {"unavailable": "postgres run exited 0 with no result"},
        },
        "latency": {"overall": {"fts5": {"median_ms": 50.0, "p95_ms": 64.0}}},
        "fts5": {"size_mb": 47.4},
    }

    rows = {line.split()[0]: line for line in comparison_lines(result)[3:]}

    assert (
        "30.0/40.0" in rows["whoosh"],
        rows["postgres"].endswith("unavailable: postgres run exited 0 with no result"),
        "50.0/64.0" in rows["fts5"],
    ) == (True, True, True)
