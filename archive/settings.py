"""Settings for the archive, read from the environment.

ARCHIVE_DATA_DIR (default ``var/``) holds the SQLite database, the search index and, when
DJANGO_SECRET_KEY is not set, a secret key generated once for this machine.

Production is the default: DEBUG off, secure cookies, HSTS, a Content-Security-Policy. `make run`
turns DJANGO_DEBUG on; `make serve` turns DJANGO_SECURE_SSL_REDIRECT on (README, "Deployment").
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """The environment variable as a flag: 1/true/yes/on, anything else off, unset `default`."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    """The environment variable as a whole number, `default` when unset or empty."""
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


DATA_DIR = Path(os.environ.get("ARCHIVE_DATA_DIR", "var"))
if not DATA_DIR.is_absolute():
    DATA_DIR = BASE_DIR / DATA_DIR
DATA_DIR.mkdir(parents=True, exist_ok=True)


def load_secret_key() -> str:
    """The key from the environment, else one generated once for this data directory."""
    if key := os.environ.get("DJANGO_SECRET_KEY"):
        return key
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        # Written private from the start, then linked into place: gunicorn workers starting
        # together all end up with the one key that won, never a half-written or readable one.
        draft = DATA_DIR / f".secret_key.{os.getpid()}"
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
        try:
            os.link(draft, key_file)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return key_file.read_text().strip()


SECRET_KEY = load_secret_key()
DEBUG = env_bool("DJANGO_DEBUG")
ALLOWED_HOSTS = [
    host.strip()
    for host in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if host.strip()
]

# HTTPS. Behind a TLS proxy, gunicorn takes X-Forwarded-Proto from a proxy on 127.0.0.1, so
# request.is_secure() is right without SECURE_PROXY_SSL_HEADER. The redirect is off here and on in
# `make serve`: the test client and runserver speak plain http.
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT")
# Browsers drop Secure cookies on plain http, so a plain-http try-out turns them off (make serve).
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Sent only on https responses, so harmless on plain http.
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", default=0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")
SILENCED_SYSTEM_CHECKS = []
if not SECURE_HSTS_PRELOAD:
    # Preloading asks browser makers to hard-code HTTPS for the domain, for months, and anyone may
    # submit a domain that sends the flag: the domain owner's decision, not a default.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Pages and the admin load scripts and styles from /static only, never inline; the timeline is
# inline SVG markup, which needs no source. archive.middleware sends this on every response.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "axes",
    "archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "archive.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "archive.middleware.RejectNulBytesInAdminMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]


def database_from_url(url: str) -> dict:
    """One DATABASES entry from a URL (dj-database-url): the primary's and each replica's."""
    # Persistent connections (one per worker thread), checked before reuse: a request does not
    # pay for a new connection; DATABASE_CONN_MAX_AGE=0 closes each at the end of its request.
    return dj_database_url.parse(
        url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )


DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'archive.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import or an editor writes; writers wait, not fail.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }

# Read replicas (README, "When one machine is not enough"): DATABASE_REPLICA_URLS, comma-separated
# PostgreSQL URLs of streaming replicas of DATABASE_URL, become the aliases replica1, replica2, ...
# archive.routing sends public page reads there and everything else to the primary. Unset (the
# default), no router or middleware is installed at all.
DATABASE_REPLICA_URLS = [
    url.strip() for url in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if url.strip()
]
# After a browser writes (a sign-in, an admin save), it reads from the primary for this long.
DATABASE_PIN_SECONDS = float(os.environ.get("DATABASE_PIN_SECONDS") or 10)
# A replica further behind than this is skipped; each process measures at most this often.
DATABASE_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("DATABASE_REPLICA_MAX_LAG_SECONDS") or 30)
DATABASE_REPLICA_CHECK_SECONDS = float(os.environ.get("DATABASE_REPLICA_CHECK_SECONDS") or 5)
DATABASE_REPLICA_ALIASES: list[str] = []
DATABASE_ROUTERS: list[str] = []
if DATABASE_REPLICA_URLS:
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_REPLICA_URLS names PostgreSQL streaming replicas of the primary, so "
            "DATABASE_URL must be PostgreSQL (postgres://...) too."
        )
    for number, url in enumerate(DATABASE_REPLICA_URLS, start=1):
        replica = database_from_url(url)
        if replica["ENGINE"] != "django.db.backends.postgresql":
            raise ImproperlyConfigured(
                f"DATABASE_REPLICA_URLS: replica {number} is not a PostgreSQL URL (postgres://...)."
            )
        # The driver's connect timeout keeps an unreachable replica from holding a request long.
        replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
        replica["TEST"] = {"MIRROR": "default"}  # a test run reads its one test database
        DATABASES[f"replica{number}"] = replica
        DATABASE_REPLICA_ALIASES.append(f"replica{number}")
    DATABASE_ROUTERS = ["archive.routing.ReplicaRouter"]
    # Each request's database is chosen before anything reads one (static files need none).
    MIDDLEWARE.insert(
        MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1,
        "archive.routing.ReplicaReadsMiddleware",
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Password guessing: AxesStandaloneBackend refuses a locked-out user+address before the password
# is even checked. `manage.py axes_reset` lifts every lockout.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]  # one user from one address, not all users
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_RESET_ON_SUCCESS = True  # a correct password forgives the typos before it
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_CLIENT_IP_CALLABLE = "archive.middleware.client_ip_address"
# The reverse proxies whose X-Forwarded-For names the client (comma-separated addresses, e.g.
# 127.0.0.1 behind nginx on this machine). Empty: the header is ignored and the lockout keys on the
# peer address, so no process on the host can rotate the header to dodge it.
TRUSTED_PROXIES = frozenset(
    address.strip()
    for address in os.environ.get("TRUSTED_PROXIES", "").split(",")
    if address.strip()
)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"  # collectstatic's target (make serve)
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

# Search backends, chosen like CACHES: a dotted path and its options. ARCHIVE_SEARCH_BACKEND picks
# one: "whoosh" (the default: an index folder on this machine) or "postgres" (PostgreSQL full-text
# search in the database itself, shared by every application server; needs DATABASE_URL to be
# PostgreSQL). README, "Search backends".
SEARCH_BACKENDS = {
    "whoosh": {
        "BACKEND": "archive.search.whoosh_backend.WhooshBackend",
        "PATH": str(DATA_DIR / "index"),
        # Each segment's search arrays kept in a file beside it, so a new process loads them
        # (README, "Benchmark": warm starts); ARCHIVE_SEARCH_ARRAYS=0 builds them in every process.
        "PERSIST_ARRAYS": os.environ.get("ARCHIVE_SEARCH_ARRAYS", "1").strip() != "0",
    },
    "postgres": {"BACKEND": "archive.search.postgres_backend.PostgresBackend", "USING": "default"},
}
ARCHIVE_SEARCH_BACKEND = os.environ.get("ARCHIVE_SEARCH_BACKEND", "").strip().lower() or "whoosh"
if ARCHIVE_SEARCH_BACKEND not in SEARCH_BACKENDS:
    raise ImproperlyConfigured(
        f"ARCHIVE_SEARCH_BACKEND={ARCHIVE_SEARCH_BACKEND!r}: it must be one of "
        f"{', '.join(SEARCH_BACKENDS)}."
    )
if (
    ARCHIVE_SEARCH_BACKEND == "postgres"
    and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql"
):
    raise ImproperlyConfigured(
        "ARCHIVE_SEARCH_BACKEND=postgres searches with PostgreSQL full-text search, so "
        "DATABASE_URL must be a PostgreSQL database (postgres://...); it is "
        f"{DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}. Unset ARCHIVE_SEARCH_BACKEND to use "
        "the Whoosh index instead."
    )
ARCHIVE_SEARCH = {"default": SEARCH_BACKENDS[ARCHIVE_SEARCH_BACKEND]}

# How long a web request (an editor's save) waits for the search index's write lock before it
# leaves its change in the index outbox for the next writer or `drain_index` (README, Settings).
ARCHIVE_INDEX_WAIT_SECONDS = float(os.environ.get("ARCHIVE_INDEX_WAIT_SECONDS") or 2)

# Files larger than this are refused by the importer: no news article is 5 MB of text.
ARCHIVE_MAX_FILE_BYTES = 5 * 1024 * 1024

LOGIN_URL = "admin:login"
# Where signing in lands when ?next= is missing or refused (another host, a scheme): the admin
# index, not Django's default /accounts/profile/ (a 404 here).
LOGIN_REDIRECT_URL = "admin:index"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"archive": {"handlers": ["console"], "level": "INFO"}},
}
