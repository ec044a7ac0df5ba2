"""Read replicas: which database a query goes to (README, "When one machine is not enough").

Active only when ``DATABASE_REPLICA_URLS`` names replicas: settings then add them as the aliases in
``settings.DATABASE_REPLICA_ALIASES`` (``replica1``, ``replica2``, ...), ``ReplicaRouter`` to
DATABASE_ROUTERS and ``ReplicaReadsMiddleware`` to MIDDLEWARE. Without replicas none of this runs.

- Per request, the middleware picks where that request reads (``Route``, held in a context
  variable, so each gunicorn thread has its own): a healthy replica, at random, for a GET or HEAD
  of a public page; the primary for the admin, for any other method, and for a session pinned to
  the primary. Outside a request (management commands, ``drain_index``) everything is the primary.
- ``ReplicaRouter`` reads that choice. Writes and migrations always go to the primary; so do
  sessions, users, permissions and sign-in attempts (small, and they must never be stale).
- Pinning: a request that writes (any POST, such as a sign-in or an admin save, or any ORM write)
  sets a signed cookie; for ``DATABASE_PIN_SECONDS`` after it that browser reads from the primary,
  so an editor sees their own save at once, on any application server sharing the secret key.
- Health: each process measures each replica's lag (``lag_seconds``) at most once every
  ``DATABASE_REPLICA_CHECK_SECONDS``; a replica that cannot be reached or is more than
  ``DATABASE_REPLICA_MAX_LAG_SECONDS`` behind is skipped until a later check says otherwise. A
  replica that fails during a request (stopped, restarted, a query cancelled by recovery) is marked
  down and the view is run again on the primary: readers get the page, never a 500.
"""

from __future__ import annotations

import contextlib
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

logger = logging.getLogger("archive.routing")

PRIMARY = DEFAULT_DB_ALIAS
PIN_COOKIE = "archive_primary"
PIN_SALT = "archive.routing.pin"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Apps whose rows say who someone is or may do: always read where they are written.
PRIMARY_APPS = frozenset({"sessions", "auth", "admin", "axes", "contenttypes"})
# Whatever a replica fails with (stopped, restarted, a query cancelled by recovery, a migration
# not replayed yet), the primary is asked instead; if it fails too, that is the page's error.
REPLICA_FAILURES = (DatabaseError,)

# Seconds a replica is behind: 0 when it has replayed all it received (or is no longer a standby);
# otherwise the age of the last transaction it replayed. Cheap: no table is read.
LAG_SQL = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn() THEN 0
    ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)
END
"""


@dataclass
class Route:
    """Where this request reads (``alias``) and whether it has written."""

    alias: str
    wrote: bool = False


_route: ContextVar[Route | None] = ContextVar("archive_route", default=None)


def read_alias(using: str = PRIMARY) -> str:
    """The alias a raw-SQL reader (the PostgreSQL search backend) should read ``using`` from:
    this request's replica when ``using`` is the primary, else ``using`` itself."""
    route = _route.get()
    return route.alias if route is not None and using == PRIMARY else using


def is_replica(alias: str) -> bool:
    return alias in settings.DATABASE_REPLICA_ALIASES


class ReplicaRouter:
    """Reads where this request's Route says; writes and migrations on the primary."""

    def db_for_read(self, model, **hints) -> str:
        route = _route.get()
        if route is None or model._meta.app_label in PRIMARY_APPS:
            return PRIMARY
        return route.alias

    def db_for_write(self, model, **hints) -> str:
        route = _route.get()
        if route is not None:
            route.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # every alias holds the same data

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == PRIMARY  # replicas follow the primary's schema through replication


def lag_seconds(alias: str) -> float:
    """How far ``alias`` is behind its primary, in seconds (raises DatabaseError if unreachable)."""
    with connections[alias].cursor() as cursor:
        cursor.execute(LAG_SQL)
        return float(cursor.fetchone()[0] or 0)


class ReplicaHealth:
    """Per process: which replicas may be read now. Each is measured by ``probe`` (its lag in
    seconds) at most once every ``check_seconds``; unreachable or lagging, it is skipped until a
    later check. Threads share the verdicts; one thread measures while the others use the last."""

    def __init__(self, probe: Callable[[str], float] = lag_seconds) -> None:
        self.probe = probe
        self._verdicts: dict[str, tuple[float, bool]] = {}  # alias -> (checked at, usable)
        self._checking: set[str] = set()
        self._lock = threading.Lock()

    def pick(self) -> str:
        """A usable replica at random, else the primary."""
        usable = [alias for alias in settings.DATABASE_REPLICA_ALIASES if self.usable(alias)]
        return random.choice(usable) if usable else PRIMARY

    def usable(self, alias: str) -> bool:
        now = time.monotonic()
        with self._lock:
            checked_at, verdict = self._verdicts.get(alias, (None, False))
            fresh = (
                checked_at is not None
                and now - checked_at < settings.DATABASE_REPLICA_CHECK_SECONDS
            )
            if fresh or alias in self._checking:
                return verdict
            self._checking.add(alias)
        try:
            verdict = self._check(alias)
        finally:
            with self._lock:
                self._checking.discard(alias)
                self._set(alias, verdict)
        return verdict

    def mark_down(self, alias: str) -> None:
        """``alias`` failed a request: skip it until the next check."""
        with self._lock:
            self._set(alias, False)

    def reset(self) -> None:
        with self._lock:
            self._verdicts.clear()

    def _set(self, alias: str, verdict: bool) -> None:
        previous = self._verdicts.get(alias, (None, None))[1]
        self._verdicts[alias] = (time.monotonic(), verdict)
        if previous is not None and previous != verdict:
            logger.warning("Read replica %s is %s", alias, "back" if verdict else "skipped")

    def _check(self, alias: str) -> bool:
        try:
            lag = self.probe(alias)
        except DatabaseError as exc:
            logger.warning(
                "Read replica %s cannot be read (%s); reading from the primary", alias, exc
            )
            _close(alias)
            return False
        if lag > settings.DATABASE_REPLICA_MAX_LAG_SECONDS:
            logger.warning("Read replica %s is %.1f s behind; reading from the primary", alias, lag)
            return False
        return True


health = ReplicaHealth()


def _close(alias: str) -> None:
    # Closing a connection to a server that is gone can fail too; it is closed either way.
    with contextlib.suppress(DatabaseError):
        connections[alias].close()


class ReplicaReadsMiddleware:
    """Chooses each request's Route, pins a browser to the primary after it writes, and answers
    from the primary when the replica fails mid-request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._admin_prefix: str | None = None

    def __call__(self, request: HttpRequest) -> HttpResponse:
        route = Route(self.choose(request))
        token = _route.set(route)
        try:
            response = self.get_response(request)
        finally:
            _route.reset(token)
        if response.streaming and is_replica(route.alias):
            # A download is read while it is sent, after this returns: from the same replica.
            response.streaming_content = _streamed_on(route, response.streaming_content)
        if route.wrote or request.method not in SAFE_METHODS:
            pin(response)
        return response

    def choose(self, request: HttpRequest) -> str:
        if request.method not in SAFE_METHODS or pinned(request):
            return PRIMARY
        if self._admin_prefix is None:
            self._admin_prefix = reverse("admin:index")
        if request.path.startswith(self._admin_prefix):
            return PRIMARY
        return health.pick()

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        route = _route.get()
        if (
            route is None
            or not is_replica(route.alias)
            or not isinstance(exception, REPLICA_FAILURES)
        ):
            return None
        logger.warning(
            "Read replica %s failed during %s (%s); answering from the primary",
            route.alias,
            request.path,
            exception,
        )
        health.mark_down(route.alias)
        _close(route.alias)
        route.alias = PRIMARY
        match = request.resolver_match
        if match is None:
            return None
        return match.func(request, *match.args, **match.kwargs)


def _streamed_on(route: Route, chunks: Iterable) -> Iterator:
    """``chunks``, each made with ``route`` as this request's route. A replica failing half way
    is marked down; the download breaks off (its status was sent with the first chunk)."""
    iterator = iter(chunks)
    while True:
        token = _route.set(route)
        try:
            chunk = next(iterator)
        except StopIteration:
            return
        except REPLICA_FAILURES:
            health.mark_down(route.alias)
            raise
        finally:
            _route.reset(token)
        yield chunk


def pin(response: HttpResponse) -> None:
    """Pin the browser that gets ``response`` to the primary for DATABASE_PIN_SECONDS."""
    seconds = settings.DATABASE_PIN_SECONDS
    if seconds <= 0:
        return
    response.set_signed_cookie(
        PIN_COOKIE,
        "1",
        salt=PIN_SALT,
        max_age=seconds,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def pinned(request: HttpRequest) -> bool:
    """Whether the request carries a pin cookie signed here less than DATABASE_PIN_SECONDS ago."""
    if PIN_COOKIE not in request.COOKIES:
        return False
    value = request.get_signed_cookie(
        PIN_COOKIE, default=None, salt=PIN_SALT, max_age=settings.DATABASE_PIN_SECONDS
    )
    return value is not None
