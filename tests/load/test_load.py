"""The load test, scaled down for `make test`: 300 articles, 8 readers, an editor saving.

Counted, never timed: each reader makes a fixed number of requests and the editor a fixed number
of saves, however long a busy machine takes; the test checks what users would notice (errors,
lost saves, saves search cannot find). `make loadtest` runs the timed version (10,000 articles,
30 s) and prints its figures: requests/s and latency percentiles.
"""

import pytest

from tests.load.run import prepare, run_load
from tests.load.server import start_server

ARTICLES, CLIENTS = 300, 8
REQUESTS_PER_READER, SAVES = 8, 6


@pytest.fixture(scope="module")
def load_report(tmp_path_factory):
    sandbox = prepare(tmp_path_factory.mktemp("load"), ARTICLES)
    server = start_server(sandbox)
    try:
        report = run_load(
            sandbox,
            server,
            seconds=0,  # no clock: the run ends when the counts below are done
            clients=CLIENTS,
            least_requests=REQUESTS_PER_READER,
            least_saves=SAVES,
        )
    finally:
        server.stop()
    print(report.summary())
    return report


def test_readers_get_no_errors_while_an_editor_saves(load_report):
    assert (load_report.errors, load_report.server_problems) == ([], [])


def test_every_save_of_the_editor_lands_and_is_searchable_at_the_end(load_report):
    assert [status for _, _, status in load_report.saves] == [302] * SAVES
    assert load_report.unsearchable == []
