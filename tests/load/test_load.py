"""The load test, scaled down for `make test`: 300 articles, 8 clients, 8 s, an editor each second.

`make loadtest` runs the full version (10,000 articles, 30 s) and prints its figures.
"""

import pytest

from tests.load.run import prepare, run_load
from tests.load.server import start_server

ARTICLES, CLIENTS, SECONDS = 300, 8, 8
# Counted by construction (the run goes on until they are done), never by the clock: a busy
# machine makes the run longer, not the test red. Figures belong to `make loadtest`.
LEAST_REQUESTS, LEAST_SAVES = 8, 6


@pytest.fixture(scope="module")
def load_report(tmp_path_factory):
    sandbox = prepare(tmp_path_factory.mktemp("load"), ARTICLES)
    server = start_server(sandbox)
    try:
        report = run_load(
            sandbox,
            server,
            seconds=SECONDS,
            clients=CLIENTS,
            least_requests=LEAST_REQUESTS,
            least_saves=LEAST_SAVES,
        )
    finally:
        server.stop()
    print(report.summary())
    return report


def test_readers_get_no_errors_while_an_editor_saves(load_report):
    assert (load_report.errors, load_report.server_problems) == ([], [])
    assert len(load_report.latencies_ms) >= CLIENTS * LEAST_REQUESTS  # the clients really ran


def test_every_save_of_the_editor_lands_and_is_searchable_at_the_end(load_report):
    assert len(load_report.saves) >= LEAST_SAVES
    assert (load_report.failed_saves, load_report.unsearchable) == ([], [])
