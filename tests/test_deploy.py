"""Production readiness: error pages, security headers, deployment checks and `make serve`."""

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import path, reverse

from archive import urls as archive_urls
from archive.ingest.pipeline import import_paths
from archive.models import Article, Country, Official
from tests.corpus import ARTICLES

ROOT = Path(__file__).resolve().parents[1]
PRODUCTION_SECRET = "a-test-only-secret-that-is-long-and-random-enough-4f9c2e7d1b8a6305"

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def broken_view(request):
    raise OperationalError("could not connect to server: secret-host:5432 is down")


# This module doubles as a URLconf: the site's URLs plus one that fails.
urlpatterns = [path("broken/", broken_view), *archive_urls.urlpatterns]


# --- Error pages ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_address_gets_our_404_page(client):
    response = client.get("/no-such-page/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in page
    assert f'href="{reverse("search")}"' in page
    assert "URLconf" not in page  # Django's debug page lists the URL patterns


def test_a_server_error_gets_our_500_page_without_the_database_or_a_trace(settings):
    """No django_db mark: pytest-django would fail the test if the page touched the database."""
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/broken/")

    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong on our side</h1>" in page
    assert "Vietnam investment archive" in page  # the site's own layout
    assert "OperationalError" not in page
    assert "secret-host" not in page


def test_a_request_for_another_host_gets_our_400_page(client):
    response = client.get("/", HTTP_HOST="attacker.example")

    assert response.status_code == 400
    assert "<h1>Bad request</h1>" in response.content.decode()


@pytest.mark.django_db
def test_a_form_sent_without_its_token_gets_our_explanation():
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("admin:login"), {"username": "x", "password": "y"})

    assert response.status_code == 403
    assert "<h1>The form could not be sent</h1>" in response.content.decode()


# --- Security headers and the Content-Security-Policy ---------------------------------------------


class InlineCode(HTMLParser):
    """Collects what a `script-src 'self'; style-src 'self'` policy would block in a page."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._inline_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes:
            # Data blocks (json_script) are never executed, so the policy lets them be.
            self._inline_script = attributes.get("type") != "application/json"
        if tag == "style":
            self.found.append("<style>")
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f"<{tag} {name}=...>")
            if name in {"href", "src", "action"} and (value or "").startswith("javascript:"):
                self.found.append(f"<{tag} {name}=javascript:...>")

    def handle_data(self, data):
        if self._inline_script and data.strip():
            self.found.append(f"<script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._inline_script = False


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found


def test_the_inline_code_finder_finds_what_the_policy_blocks():
    html = (
        '<script>alert(1)</script><script type="application/json">{"a": 1}</script>'
        '<script src="/static/x.js"></script><style>p{}</style><p style="color:red" onclick="x()">'
        '<a href="javascript:void(0)">'
    )

    assert inline_code(html) == [
        "<script>alert(1)",
        "<style>",
        "<p style=...>",
        "<p onclick=...>",
        "<a href=javascript:...>",
    ]


@pytest.fixture
def corpus(write_article):
    from archive.search import indexing

    for name, text in ARTICLES.items():
        folder = write_article(name, text).parent
    import_paths([folder])
    indexing.rebuild()
    return Article.objects.all()


def public_pages(corpus) -> list[str]:
    article = corpus.first()
    return [
        reverse("home"),
        reverse("search") + "?q=investment",
        article.get_absolute_url(),
        Country.objects.first().get_absolute_url(),
        Official.objects.first().get_absolute_url(),
    ]


def admin_pages(corpus) -> list[str]:
    article = corpus.first()
    return [
        reverse("admin:index"),
        reverse("admin:archive_article_changelist"),
        reverse("admin:archive_article_change", args=[article.pk]),
        reverse("admin:archive_official_changelist"),
        reverse("admin:auth_user_add"),
        reverse("admin:axes_accessattempt_changelist"),
    ]


@pytest.mark.django_db
def test_public_pages_send_the_security_headers_and_need_no_inline_code(client, corpus):
    for url in public_pages(corpus):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {name: response.get(name) for name in SECURITY_HEADERS} == SECURITY_HEADERS, url
        assert inline_code(response.content.decode()) == [], url


@pytest.mark.django_db
def test_the_admin_works_under_the_policy(admin_client, corpus):
    for url in admin_pages(corpus):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
        assert inline_code(response.content.decode()) == [], url


@pytest.mark.django_db
def test_the_admin_sign_in_page_works_under_the_policy(client):
    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]
    assert inline_code(response.content.decode()) == []


def test_the_error_pages_send_the_policy_too(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/broken/")

    assert response["Content-Security-Policy"] == SECURITY_HEADERS["Content-Security-Policy"]


@pytest.mark.django_db
def test_debug_error_pages_keep_their_inline_styles_readable(client, settings):
    """Django's own debug pages style themselves inline: in DEBUG they go without the policy."""
    settings.DEBUG = True

    response = client.get("/no-such-page/")

    assert (response.status_code, response.get("Content-Security-Policy")) == (404, None)


# --- Settings from the environment, as a fresh process reads them ---------------------------------


def clean_environment(data_dir: Path, **variables: str) -> dict[str, str]:
    """This process's environment without the archive's own settings, plus `variables`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "ARCHIVE_")) and name not in {"DATABASE_URL", "PORT"}
    }
    return {**env, "ARCHIVE_DATA_DIR": str(data_dir), **variables}


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def python(env: dict[str, str], code: str) -> str:
    """Run `code` after Django set-up in a fresh process; its output."""
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "archive.settings"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def settings_in(env: dict[str, str]) -> dict:
    names = [
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
    ]
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {names}}}))"
    )
    return json.loads(python(env, code))


def test_the_documented_production_environment_passes_the_deploy_check(tmp_path):
    env = clean_environment(
        tmp_path,
        DJANGO_SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="archive.example.org",
        DJANGO_SECURE_SSL_REDIRECT="1",
    )

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert (result.returncode, result.stderr) == (0, "")
    assert "System check identified no issues" in result.stdout


def test_the_generated_secret_key_also_passes_the_deploy_check(tmp_path):
    env = clean_environment(tmp_path, DJANGO_SECURE_SSL_REDIRECT="1")

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert (result.returncode, result.stderr) == (0, "")


def test_without_the_redirect_the_deploy_check_says_so(tmp_path):
    env = clean_environment(tmp_path, DJANGO_SECRET_KEY=PRODUCTION_SECRET)

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 1
    assert "security.W008" in result.stderr


def test_debug_is_off_and_https_on_unless_asked_otherwise(tmp_path):
    assert settings_in(clean_environment(tmp_path)) == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": False,  # `make serve` turns it on; the test client speaks http
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31_536_000,
    }


def test_development_turns_the_https_settings_off(tmp_path):
    assert settings_in(clean_environment(tmp_path, DJANGO_DEBUG="1")) == {
        "DEBUG": True,
        "SECURE_SSL_REDIRECT": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
        "SECURE_HSTS_SECONDS": 0,
    }


def test_trusted_proxies_come_from_the_environment_and_are_none_by_default(tmp_path):
    code = "from django.conf import settings as s; print(sorted(s.TRUSTED_PROXIES))"

    assert python(clean_environment(tmp_path), code).strip() == "[]"
    assert (
        python(clean_environment(tmp_path, TRUSTED_PROXIES=" 127.0.0.1, ::1 ,"), code).strip()
        == "['127.0.0.1', '::1']"
    )


def test_the_generated_secret_key_is_private_and_kept(tmp_path):
    env = clean_environment(tmp_path)
    code = "from django.conf import settings; print(settings.SECRET_KEY)"

    first, second = (python(env, code) for _ in range(2))

    key_file = tmp_path / "secret_key"
    assert first == second
    assert len(first.strip()) >= 50
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir() if "secret" in p.name] == ["secret_key"]


# --- make serve: gunicorn with production settings ----------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(data_dir: Path, **variables: str):
    """scripts/serve.sh, as `make serve` runs it; returns (process, port) once it answers."""
    port = free_port()
    env = clean_environment(
        data_dir,
        PORT=str(port),
        BIN=str(Path(sys.executable).parent),
        WEB_CONCURRENCY="1",
        **variables,
    )
    log = (data_dir / "serve.log").open("w")
    process = subprocess.Popen(
        ["bash", "scripts/serve.sh"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"serve.sh exited {process.returncode}:\n{(data_dir / 'serve.log').read_text()}"
            )
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process, port
        except OSError:
            time.sleep(0.1)
    stop_server(process)
    pytest.fail(f"serve.sh did not answer:\n{(data_dir / 'serve.log').read_text()}")


def stop_server(process) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


def fetch(port: int, url: str, **headers: str) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", url, headers=headers)
    response = connection.getresponse()
    response.body = response.read().decode("utf-8", "replace")
    connection.close()
    return response


# The proxy in front of gunicorn says the client's request came over https.
VIA_HTTPS = {"X-Forwarded-Proto": "https"}


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("serve")
    process, port = start_server(data_dir, DJANGO_SECRET_KEY=PRODUCTION_SECRET)
    yield port, data_dir
    stop_server(process)


def test_serve_redirects_plain_http_to_https(production_server):
    port, _ = production_server

    response = fetch(port, "/")

    assert (response.status, response.getheader("Location")) == (
        301,
        f"https://127.0.0.1:{port}/",
    )


def test_serve_answers_https_from_the_proxy_with_hsts(production_server):
    port, _ = production_server

    response = fetch(port, "/admin/login/", **VIA_HTTPS)

    assert response.status == 200
    assert response.getheader("Strict-Transport-Security") == "max-age=31536000; includeSubDomains"
    assert (
        response.getheader("Content-Security-Policy") == SECURITY_HEADERS["Content-Security-Policy"]
    )
    assert "; secure" in response.getheader("Set-Cookie").lower()


def test_serve_collects_and_serves_static_files(production_server):
    port, data_dir = production_server

    response = fetch(port, "/static/archive/site.css", **VIA_HTTPS)

    assert (data_dir / "staticfiles" / "archive" / "site.css").is_file()
    assert (response.status, response.getheader("Content-Type")) == (
        200,
        'text/css; charset="utf-8"',
    )
    assert fetch(port, "/static/admin/js/core.js", **VIA_HTTPS).status == 200


def test_serve_shows_our_404_page(production_server):
    port, _ = production_server

    response = fetch(port, "/no-such-page/", **VIA_HTTPS)

    assert response.status == 404
    assert "<h1>Page not found</h1>" in response.body


def send_headers_slowly(port: int, stop: threading.Event) -> None:
    """A slow client: a request's headers one byte a second, until told to stop."""
    request = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: a\r\n" * 1000
    with socket.create_connection(("127.0.0.1", port), timeout=5) as slow:
        for byte in request:
            if stop.is_set():
                return
            try:
                slow.sendall(bytes([byte]))
            except OSError:
                return
            stop.wait(1)


def test_serve_answers_while_slow_clients_hold_connections_open(production_server):
    """Eight clients trickling their headers do not starve the server (one worker here)."""
    port, _ = production_server
    assert fetch(port, "/admin/login/", **VIA_HTTPS).status == 200  # the worker has booted
    stop = threading.Event()
    slow_clients = [
        threading.Thread(target=send_headers_slowly, args=(port, stop), daemon=True)
        for _ in range(8)
    ]
    for slow_client in slow_clients:
        slow_client.start()
    try:
        time.sleep(2)  # every slow client has begun its request
        started = time.monotonic()
        response = fetch(port, "/admin/login/", **VIA_HTTPS)  # gives up after 10 s
        latency = time.monotonic() - started
        assert all(slow_client.is_alive() for slow_client in slow_clients)
    finally:
        stop.set()
        for slow_client in slow_clients:
            slow_client.join(timeout=10)

    print(f"a request beside 8 slow clients answered in {latency * 1000:.0f} ms")
    assert response.status == 200


def test_serve_over_plain_http_for_a_local_try_out(tmp_path):
    process, port = start_server(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0")
    try:
        response = fetch(port, "/admin/login/")
    finally:
        stop_server(process)

    assert response.status == 200
    assert "secure" not in response.getheader("Set-Cookie").lower()
