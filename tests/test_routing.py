"""Read replicas, routed (archive/routing.py): public reads to a replica, writes and the admin to
the primary, a browser pinned to the primary after it writes, the primary when a replica is down
or behind. On any database: the views here only ask the router where they would read, except
where a replica "fails" by raising the error a stopped server gives. tests/test_replicas.py runs
the real thing (a primary, a streaming replica, two application servers) on PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.contrib.sessions.models import Session
from django.core import signing
from django.db import OperationalError, router
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.test import Client
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from archive import routing
from archive.models import Article

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPLICAS = ["replica1", "replica2"]


def where(request):
    """Where this request reads articles, search entries and sessions."""
    return JsonResponse(
        {
            "articles": router.db_for_read(Article),
            "search": routing.read_alias(),
            "sessions": router.db_for_read(Session),
        }
    )


@csrf_exempt
def save(request):
    """A write: where it goes, and where this request reads afterwards."""
    return JsonResponse({"write": router.db_for_write(Article), "read": routing.read_alias()})


def write_on_get(request):
    router.db_for_write(Article)
    return HttpResponse("written")


def download(request):
    """A download made while it is sent: each line says where that line was read."""
    return StreamingHttpResponse(f"{router.db_for_read(Article)}\n" for _ in range(3))


calls: list[str] = []


def flaky(request):
    """Fails as a query on a stopped replica fails; answers on the primary."""
    calls.append(routing.read_alias())
    if routing.is_replica(routing.read_alias()):
        raise OperationalError("server closed the connection unexpectedly")
    return HttpResponse(f"from {routing.read_alias()}")


urlpatterns = [
    path("where/", where),
    path("save/", save),
    path("write-on-get/", write_on_get),
    path("flaky/", flaky),
    path("download/", download),
    path("admin/where/", where),
    path("admin/", admin.site.urls),
]


class Probe:
    """Replica lag as the health check would measure it: seconds, or an error for 'down'."""

    def __init__(self) -> None:
        self.lag: dict[str, float | Exception] = dict.fromkeys(REPLICAS, 0.0)
        self.calls: list[str] = []

    def __call__(self, alias: str) -> float:
        self.calls.append(alias)
        lag = self.lag[alias]
        if isinstance(lag, Exception):
            raise lag
        return lag


@pytest.fixture
def probe(settings, monkeypatch):
    settings.ROOT_URLCONF = __name__
    settings.DATABASE_REPLICA_ALIASES = REPLICAS
    settings.DATABASE_ROUTERS = ["archive.routing.ReplicaRouter"]
    settings.DATABASE_PIN_SECONDS = 10
    settings.DATABASE_REPLICA_MAX_LAG_SECONDS = 30
    settings.DATABASE_REPLICA_CHECK_SECONDS = 5
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(
        middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "archive.routing.ReplicaReadsMiddleware",
    )
    settings.MIDDLEWARE = middleware
    probe = Probe()
    monkeypatch.setattr(routing, "health", routing.ReplicaHealth(probe))
    closed: list[str] = []
    monkeypatch.setattr(routing, "_close", closed.append)
    probe.closed = closed
    calls.clear()
    return probe


def get(client: Client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content)


def test_public_reads_go_to_a_replica_sessions_to_the_primary(probe):
    seen = {get(Client(), "/where/")["articles"] for _ in range(40)}

    # Both replicas serve (chosen at random per request); sessions never come from one.
    assert seen == set(REPLICAS)
    answer = get(Client(), "/where/")
    assert answer["search"] == answer["articles"]  # one request reads one database
    assert answer["sessions"] == "default"


def test_writes_the_admin_and_other_methods_use_the_primary(probe):
    client = Client()

    assert json.loads(client.post("/save/").content) == {"write": "default", "read": "default"}
    assert get(Client(), "/admin/where/")["articles"] == "default"


def test_after_a_write_the_same_browser_reads_the_primary_until_the_pin_expires(probe, monkeypatch):
    editor, reader = Client(), Client()
    assert get(editor, "/where/")["articles"] in REPLICAS

    saved = editor.post("/save/")

    cookie = saved.cookies[routing.PIN_COOKIE]
    assert cookie["max-age"] == 10 and cookie["httponly"]
    assert get(editor, "/where/")["articles"] == "default"
    assert get(reader, "/where/")["articles"] in REPLICAS  # other browsers are not pinned

    later = time.time() + 11
    monkeypatch.setattr(signing, "time", SimpleNamespace(time=lambda: later))
    assert get(editor, "/where/")["articles"] in REPLICAS


def test_a_write_made_by_a_get_pins_too(probe):
    client = Client()

    assert routing.PIN_COOKIE in client.get("/write-on-get/").cookies
    assert get(client, "/where/")["articles"] == "default"


def test_a_forged_pin_cookie_is_ignored(probe):
    client = Client()
    client.cookies[routing.PIN_COOKIE] = "1"

    assert get(client, "/where/")["articles"] in REPLICAS


def test_a_replica_that_is_down_or_behind_is_skipped(probe):
    probe.lag["replica1"] = OperationalError("connection refused")
    probe.lag["replica2"] = 31.0  # further behind than DATABASE_REPLICA_MAX_LAG_SECONDS

    assert {get(Client(), "/where/")["articles"] for _ in range(10)} == {"default"}
    # Measured once per check interval, not per request; an unreachable one's connection closed.
    assert sorted(probe.calls) == REPLICAS
    assert probe.closed == ["replica1"]

    probe.lag["replica2"] = 2.0
    routing.health.reset()  # the next check
    assert {get(Client(), "/where/")["articles"] for _ in range(10)} == {"replica2"}


def test_a_replica_failing_during_a_request_is_answered_from_the_primary(probe):
    response = Client().get("/flaky/")

    assert response.status_code == 200
    assert response.content == b"from default"
    failed = calls[0]
    assert calls == [failed, "default"] and failed in REPLICAS
    assert probe.closed == [failed]
    # Until its next check, the failed replica gets no reads.
    assert {get(Client(), "/where/")["articles"] for _ in range(20)} == set(REPLICAS) - {failed}


def test_a_download_is_read_from_one_replica_while_it_is_sent(probe):
    lines = b"".join(Client().get("/download/").streaming_content).decode().split()

    assert len(lines) == 3 and len(set(lines)) == 1 and lines[0] in REPLICAS


def test_a_post_that_fails_on_the_primary_is_not_run_again(probe):
    client = Client(raise_request_exception=False)

    response = client.post("/flaky/")  # on the primary: it answers; nothing to retry

    assert response.status_code == 200 and calls == ["default"]


def test_outside_a_request_everything_is_the_primary(probe):
    assert router.db_for_read(Article) == "default"
    assert router.db_for_write(Article) == "default"
    assert routing.read_alias() == "default"
    assert routing.read_alias("other") == "other"


def test_migrations_run_on_the_primary_only():
    replicas = routing.ReplicaRouter()

    assert replicas.allow_migrate("default", "archive")
    assert not replicas.allow_migrate("replica1", "archive")


def settings_of(**env: str) -> subprocess.CompletedProcess:
    """Load the settings in a fresh interpreter with these environment variables."""
    code = (
        "import json; from django.conf import settings; print(json.dumps(["
        "sorted(settings.DATABASES), settings.DATABASE_ROUTERS, "
        "[m for m in settings.MIDDLEWARE if 'routing' in m]]))"
    )
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**environment, "DJANGO_SETTINGS_MODULE": "archive.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_without_replicas_nothing_is_installed():
    done = settings_of(DATABASE_URL="postgres://archive@127.0.0.1/archive")

    assert json.loads(done.stdout) == [["default"], [], []]


def test_replica_urls_add_aliases_the_router_and_the_middleware():
    done = settings_of(
        DATABASE_URL="postgres://archive@127.0.0.1/archive",
        DATABASE_REPLICA_URLS="postgres://archive@10.0.0.2/archive, postgres://archive@10.0.0.3/archive",
    )

    assert json.loads(done.stdout) == [
        ["default", "replica1", "replica2"],
        ["archive.routing.ReplicaRouter"],
        ["archive.routing.ReplicaReadsMiddleware"],
    ]


def test_replicas_of_a_sqlite_database_are_refused_with_a_reason():
    done = settings_of(DATABASE_REPLICA_URLS="postgres://archive@10.0.0.2/archive")

    assert done.returncode != 0
    assert "DATABASE_URL must be PostgreSQL" in done.stderr
