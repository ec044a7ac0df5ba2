"""Several application servers, one database: a PostgreSQL primary and a streaming replica on
127.0.0.1 (initdb, pg_basebackup -R; temp dirs, removed afterwards), two gunicorn servers reading
the replica through archive.routing and searching with the PostgreSQL backend, as two hosts would.

Server A measures the replica's lag every second; server B measured it once, at its first
request, and trusts it for an hour, so that each behaviour below shows deterministically, not by
luck of timing. What a user would notice, in one scenario (each step needs the one before):
1. A search and an article page answer on either server, and their reads reach the replica.
2. An editor's admin save is visible at once to the editor on both servers (pinned to the
   primary), reaches the replica, and then shows to everyone on server B (read from the replica).
3. While the replica holds back changes (recovery_min_apply_delay), the editor still sees their
   next save at once on B, where everyone else still gets the replica's older copy; server A
   answers from the primary once the replica is further behind than
   DATABASE_REPLICA_MAX_LAG_SECONDS.
4. With the replica stopped, server B's next reads fail on it mid-request and are answered from
   the primary; pages and search answer 200 on both servers.
No response is ever a 500, and neither server logs a traceback. Counted, never timed: each wait
polls for what a user would see, with a generous deadline.

Runs in the PostgreSQL phase of `make test` (scripts/with_postgres.sh installs PostgreSQL there);
alone: `bash scripts/with_postgres.sh .venv/bin/pytest tests/test_replicas.py`.
"""

from __future__ import annotations

import glob
import html
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.conf import settings

from tests.load.editor import AdminEditor
from tests.load.sandbox import PYTHON, REPO, sandbox_env, write_articles
from tests.load.server import GUNICORN, Server, free_port

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
pytestmark = pytest.mark.skipif(
    not ON_POSTGRES,
    reason="starts its own PostgreSQL primary and replica: runs in the PostgreSQL phase of "
    "`make test` (scripts/with_postgres.sh), which installs PostgreSQL",
)

ARTICLES = 24
EDITOR, PASSWORD = "replica-editor", "a long replica-test password"
SECRET_KEY = "replica-test-secret-shared-by-both-servers-" + "x" * 20
MAX_LAG_SECONDS = 4  # small, so that step 3 does not wait long
DEADLINE = 90.0  # seconds any one wait may take on a busy machine before the test gives up


def postgres_bin() -> Path | None:
    """The newest Debian PostgreSQL's programs, as scripts/with_postgres.sh finds them."""
    found = sorted(
        (Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin") if Path(p, "initdb").exists()),
        key=lambda p: [int(part) for part in p.parent.name.split(".") if part.isdigit()],
    )
    return found[-1] if found else None


def unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true: PostgreSQL must be available, but {reason}")
    pytest.skip(reason)


def scratch_dir() -> str | None:
    """Memory (tmpfs) when it has room, else the usual temp dir: the clusters are thrown away,
    and on a disk mounted with `discard` removing their files alone takes seconds."""
    try:
        if shutil.disk_usage("/dev/shm").free > 1 << 30:
            return "/dev/shm"
    except OSError:
        pass
    return None


@dataclass
class Cluster:
    """One PostgreSQL server in ``data`` on 127.0.0.1:``port``."""

    bin: Path
    data: Path
    port: int
    as_owner: list[str]

    @property
    def log(self) -> Path:
        return self.data.with_suffix(".log")

    def url(self, application: str = "") -> str:
        query = f"?{urlencode({'application_name': application})}" if application else ""
        return f"postgres://postgres@127.0.0.1:{self.port}/archive{query}"

    def run(self, program: str, *args: str) -> None:
        done = subprocess.run(
            [*self.as_owner, str(self.bin / program), *args],
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} failed: {done.stderr[-2000:]}\n{log}")

    def configure(self, **options: str) -> None:
        with open(self.data / "postgresql.conf", "a") as conf:
            conf.writelines(f"{name} = {value}\n" for name, value in options.items())

    def start(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start")

    def reload(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "reload")

    def stop(self, mode: str = "fast") -> None:
        subprocess.run(
            [*self.as_owner, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", mode, "stop"],
            capture_output=True,
            timeout=60,
        )

    def query(self, sql: str, *params) -> list[tuple]:
        with psycopg.connect(self.url(), connect_timeout=10, autocommit=True) as connection:
            return connection.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def clusters():
    """A primary and its streaming replica, each logging every statement with its client's name."""
    pg_bin = postgres_bin()
    if pg_bin is None:
        unavailable("PostgreSQL's server programs (initdb, pg_basebackup) are not installed")
    as_owner: list[str] = []
    work = Path(tempfile.mkdtemp(prefix="archive-replicas-", dir=scratch_dir()))
    if os.geteuid() == 0:  # initdb refuses root: the clusters belong to Debian's postgres user
        if (
            shutil.which("runuser") is None
            or subprocess.run(["id", "postgres"], capture_output=True).returncode
        ):
            shutil.rmtree(work)
            unavailable("running as root and there is no postgres user to own the clusters")
        as_owner = ["runuser", "-u", "postgres", "--"]
        shutil.chown(work, "postgres")
    work.chmod(0o700)
    primary = Cluster(pg_bin, work / "primary", free_port(), as_owner)
    replica = Cluster(pg_bin, work / "replica", free_port(), as_owner)
    try:
        primary.run(
            "initdb", "-D", str(primary.data), "-U", "postgres", "-E", "UTF8", "--no-locale"
        )
        (primary.data / "pg_hba.conf").write_text(
            "# Throwaway test clusters: the postgres user over TCP from this machine only.\n"
            "host all postgres 127.0.0.1/32 trust\n"
            "host replication postgres 127.0.0.1/32 trust\n"
        )
        primary.configure(
            listen_addresses="'127.0.0.1'",
            port=str(primary.port),
            unix_socket_directories=f"'{work}'",
            fsync="off",
            synchronous_commit="off",
            log_statement="'all'",
            log_line_prefix="'%a '",
        )
        primary.start()
        primary.run("createdb", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                    "archive")  # fmt: skip
        primary.run("pg_basebackup", "-h", "127.0.0.1", "-p", str(primary.port), "-U", "postgres",
                    "-D", str(replica.data), "-R", "-X", "stream", "-c", "fast")  # fmt: skip
        replica.configure(port=str(replica.port))  # the rest as the primary's, copied
        replica.start()
        yield primary, replica
    finally:
        # A clean stop (fast, not immediate) leaves no shared memory segment behind in /dev/shm.
        replica.stop()
        primary.stop()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture(scope="module")
def servers(clusters, tmp_path_factory):
    """The archive migrated and imported on the primary; two servers (two hosts: own data
    directories, one secret key) reading from the replica."""
    primary, replica = clusters
    root = tmp_path_factory.mktemp("replicas")
    write_articles(root / "corpus", ARTICLES)
    common = {
        "DATABASE_URL": primary.url(),
        "ARCHIVE_SEARCH_BACKEND": "postgres",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SECURE_COOKIES": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_REPLICA_MAX_LAG_SECONDS": str(MAX_LAG_SECONDS),
        "DJANGO_SUPERUSER_PASSWORD": PASSWORD,
    }
    for command in (
        ("migrate", "--noinput"),
        ("import_articles", str(root / "corpus")),
        ("createsuperuser", "--noinput", "--username", EDITOR, "--email", "e@example.org"),
    ):
        done = subprocess.run(
            [PYTHON, "manage.py", *command],
            cwd=REPO,
            env=sandbox_env(root / "setup", **common),
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"{command[0]}: {done.stderr[-3000:]}"
    started = [
        start(
            root / name,
            {
                **common,
                "DATABASE_REPLICA_URLS": replica.url(name),
                "DATABASE_REPLICA_CHECK_SECONDS": check_seconds,
            },
        )
        for name, check_seconds in (("server-a", "1"), ("server-b", "3600"))
    ]
    try:
        for server in started:
            wait_until_ready(server)
        yield started
    finally:
        for server in started:
            server.process.terminate()  # both at once, then wait for each
        for server in started:
            server.stop()


def start(host: Path, env: dict[str, str]) -> Server:
    host.mkdir()
    port, log = free_port(), host / "server.log"
    with open(log, "w") as handle:
        process = subprocess.Popen(
            [str(GUNICORN), "archive.wsgi", "--config", "scripts/gunicorn.conf.py",
             "--bind", f"127.0.0.1:{port}", "--workers", "1", "--no-control-socket",
             "--timeout", "60"],
            cwd=REPO,
            env=sandbox_env(host / "data", **env),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    return Server(process, port, log)


def wait_until_ready(server: Server) -> None:
    deadline = time.monotonic() + DEADLINE
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {server.log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"{server.base_url}/search.json", timeout=10) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    raise TimeoutError("gunicorn did not answer in time")


class Reader:
    """Anonymous requests, every status kept: the test fails on any 500."""

    def __init__(self) -> None:
        self.statuses: list[tuple[str, int]] = []

    def get(self, server: Server, path: str) -> str:
        try:
            with urllib.request.urlopen(server.base_url + path, timeout=30) as answer:
                status, body = answer.status, answer.read().decode()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read().decode()
        self.statuses.append((path, status))
        assert status == 200, f"{server.base_url}{path}: {status}"
        return body

    def search(self, server: Server, **params: str) -> dict:
        return json.loads(self.get(server, f"/search.json?{urlencode(params)}"))


def signed_in_as_editor(server: Server, editor: AdminEditor, path: str) -> str:
    status, _, page = editor.request("GET", path)
    assert status == 200, f"{path}: {status}"
    return page


def shows(page: str, title: str) -> bool:
    return title in html.unescape(page)


def wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.3)


def replica_title(replica: Cluster, article_id: int) -> str:
    return replica.query("SELECT title FROM archive_article WHERE id = %s", article_id)[0][0]


def test_two_servers_share_one_primary_and_its_replica(clusters, servers):
    primary, replica = clusters
    reader = Reader()
    article_id, slug, title = primary.query(
        "SELECT id, slug, title FROM archive_article ORDER BY id LIMIT 1"
    )[0]
    page = f"/articles/{slug}/"
    word = "investment"

    # 1. Either server: a search and an article page, read from the replica.
    for server in servers:
        found = reader.search(server, q=word)
        assert found["total"] > 0
        assert shows(reader.get(server, page), title)
        assert reader.get(server, f"/search/?{urlencode({'q': word})}")
    statements = replica.log.read_text().splitlines()
    for name in ("server-a", "server-b"):
        assert any(line.startswith(name) and "archive_searchentry" in line for line in statements)
        assert any(line.startswith(name) and "archive_article" in line for line in statements)

    # 2. The editor saves on server A: they see it at once on both servers (pinned to the
    #    primary); it reaches the replica; then everyone sees it on server B, from the replica.
    editor = AdminEditor(servers[0].port)
    editor.sign_in(EDITOR, PASSWORD)
    saved = "Replica check zqxwvk first retitle"
    assert editor.retitle(article_id, saved) == 302
    same_session_on_b = AdminEditor(servers[1].port)
    same_session_on_b.cookies = editor.cookies
    for session in (editor, same_session_on_b):
        assert shows(signed_in_as_editor(servers[0], session, page), saved)
    wait_for(lambda: replica_title(replica, article_id) == saved, "the save on the replica")
    wait_for(lambda: shows(reader.get(servers[1], page), saved), "the save on server B")
    wait_for(lambda: reader.search(servers[1], q="zqxwvk")["total"] == 1, "the save in B's search")

    # 3. The replica holds back every change for an hour. The editor sees the next save at once
    #    on B (pinned to the primary) while B's other readers get the replica's copy; A answers
    #    from the primary once the replica is more than DATABASE_REPLICA_MAX_LAG_SECONDS behind.
    replica.configure(recovery_min_apply_delay="'1h'")
    replica.reload()
    held_back = "Replica check held back second retitle"
    assert editor.retitle(article_id, held_back) == 302
    assert shows(signed_in_as_editor(servers[1], same_session_on_b, page), held_back)
    wait_for(lambda: shows(reader.get(servers[0], page), held_back), "A answering from primary")
    assert replica_title(replica, article_id) == saved  # so A's page came from the primary
    assert shows(reader.get(servers[1], page), saved)  # and B's from the replica

    # 4. The replica stops: B's reads fail on it and are made again on the primary; both
    #    servers answer every page from the primary, search included.
    replica.stop()
    assert shows(reader.get(servers[1], page), held_back)
    for _ in range(3):
        for server in servers:
            assert shows(reader.get(server, page), held_back)
            assert reader.search(server, q=word)["total"] > 0
            reader.get(server, f"/search/?{urlencode({'q': word})}")
            reader.get(server, "/")

    assert [status for _, status in reader.statuses if status >= 500] == []
    assert [server.problems() for server in servers] == [[], []]
