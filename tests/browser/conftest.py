"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Playwright's own browser download cannot work here, so the browser is /usr/bin/chromium. Without it the
tests skip with a reason, except under CI=true, where a missing browser is a failure.
"""

import importlib
import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import expect

from tests.browser.data import import_articles

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still
# plain synchronous calls, so Django's async-safety guard does not apply to them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        message = "Debian's chromium is not installed (make test installs it as root)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


# A page of this small site answers in well under a second: fail in seconds, not Playwright's 30.
QUICK_TIMEOUT_MS = 10_000


@pytest.fixture(autouse=True)
def quick_timeouts(page):
    """Every browser test's waits give up after QUICK_TIMEOUT_MS."""
    page.set_default_timeout(QUICK_TIMEOUT_MS)
    expect.set_options(timeout=QUICK_TIMEOUT_MS)


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """Pages open by path (page.goto("/search/")) on pytest-django's live server. Defined here, it
    also replaces pytest-playwright's own fallback fixture, which pytest 9 warns about."""
    return live_server.url


@pytest.fixture
def screenshot(page):
    """Save a full-page screenshot under test-artifacts/screenshots/ for a person to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


# --- axe-core, data and sign-in shared by the browser tests ---------------------------------------

AXE_SCRIPT = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
EDITOR_PASSWORD = "a-long-editor-passphrase-42"


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe.min.js from npm (make test runs `npm ci` in tests/browser/); skip or fail without it."""
    if not AXE_SCRIPT.exists():
        message = f"axe-core is not installed ({AXE_SCRIPT}); `make browser` runs npm ci for it"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return AXE_SCRIPT


@pytest.fixture
def import_snippets(transactional_db, tmp_path):
    """Import invented article texts (file name -> text) and rebuild the index; the live server
    sees them because transactional_db commits."""

    def run(articles: dict[str, str]) -> list:
        return import_articles(tmp_path / "articles", articles)

    return run


@pytest.fixture
def editor(transactional_db, django_user_model, settings):
    """A staff user in the Editors group with exactly the migration's permissions.

    transactional_db empties every table between tests, the data migration's group included, so
    the group is made again here from the migration's own list of permissions.
    """
    # The live server runs in this process: a fast hasher there too saves seconds per sign-in.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    migration = importlib.import_module("archive.migrations.0002_editors_group")
    group, _ = Group.objects.get_or_create(name=migration.GROUP_NAME)
    group.permissions.set(
        Permission.objects.filter(
            content_type__app_label="archive", codename__in=migration.codenames()
        )
    )
    user = django_user_model.objects.create_user("editor", password=EDITOR_PASSWORD, is_staff=True)
    user.groups.add(group)
    return user


@pytest.fixture
def sign_in(page):
    """Sign in through the admin's login form, as a person does."""

    def run(user) -> None:
        page.goto("/admin/login/?next=/admin/")
        page.get_by_label("Username").fill(user.get_username())
        page.get_by_label("Password").fill(EDITOR_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        expect(
            page.get_by_role("heading", name="Correct articles and their entities")
        ).to_be_visible()

    return run
