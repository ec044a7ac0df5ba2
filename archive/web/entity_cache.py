"""The countries, places, officials and organisations pages look up, remembered per process.

A search page validates its filters' slugs and labels every facet value it shows: without this,
several queries a request for rows that almost never change. Each process remembers the rows it
has looked up (by slug, each model apart; places with their country) for as long as the
database's EntityGeneration token is the one it read them under. Every save or delete of an
existing entity replaces the token in its own transaction (archive/models.py), so the first request
after an editor's rename, on any worker of any application server, reads the token (one small
query a request, made only by requests that look entities up), sees it changed and forgets
everything. New entities need no new token: a slug that is not remembered is asked for.

Inside a request the token is read once, at the first lookup; outside one (management commands,
tests calling functions directly) at every lookup.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.core.signals import request_finished, request_started
from django.db import models

from archive.models import EntityGeneration, Locality


class EntityCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._token: int | None = None
        self._rows: dict[type[models.Model], dict[str, models.Model]] = {}
        self._names: dict[type[models.Model], dict[str, tuple[str, str]]] = {}
        self._request = threading.local()  # per thread: inside a request? the token it read

    def request_started(self, **kwargs) -> None:
        self._request.open = True
        self._request.token = None

    def request_finished(self, **kwargs) -> None:
        self._request.open = False
        self._request.token = None

    def _token_for_this_lookup(self) -> int:
        """The database's token (read once a request), the remembered rows forgotten if it moved."""
        token = getattr(self._request, "token", None)
        if token is None:
            token = EntityGeneration.current()
            if getattr(self._request, "open", False):
                self._request.token = token
        with self._lock:
            if token != self._token:
                self._token = token
                self._rows = {}
                self._names = {}
        return token

    def get(self, model: type[models.Model], slugs: Iterable[str]) -> dict[str, models.Model]:
        """slug -> row for those of ``slugs`` that exist (places with their country loaded).

        The rows are shared between threads: read them, never change or save them.
        """
        wanted = {slug for slug in slugs if slug}
        if not wanted:
            return {}
        token = self._token_for_this_lookup()
        with self._lock:
            known = self._rows.get(model, {})
            found = {slug: known[slug] for slug in wanted if slug in known}
        missing = wanted - found.keys()
        if missing:
            queryset = model.objects.filter(slug__in=missing)
            if model is Locality:
                queryset = queryset.select_related("country")
            fetched = {row.slug: row for row in queryset}
            found.update(fetched)
            with self._lock:
                # Only under the token this lookup read: rows read before another thread saw a
                # newer token must not be remembered under it.
                if fetched and token == self._token:
                    self._rows.setdefault(model, {}).update(fetched)
        return found

    def names(self, model: type[models.Model], slugs: Iterable[str]) -> dict[str, tuple[str, str]]:
        """slug -> (name, its country's name for a place, else the name again), for those of
        ``slugs`` that exist: what facet labels are made of, remembered like the rows."""
        rows = self.get(model, slugs)
        with self._lock:
            known = self._names.get(model, {})
            found = {slug: known[slug] for slug in rows if slug in known}
        missing = [slug for slug in rows if slug not in found]
        if missing:
            made = {
                slug: (row.name, row.country.name if model is Locality else row.name)
                for slug in missing
                for row in [rows[slug]]
            }
            found.update(made)
            with self._lock:
                remembered = self._rows.get(model, {})
                # Only names made from the rows remembered now (not from a token since replaced).
                self._names.setdefault(model, {}).update(
                    (slug, names)
                    for slug, names in made.items()
                    if remembered.get(slug) is rows[slug]
                )
        return found

    def clear(self) -> None:
        with self._lock:
            self._token = None
            self._rows = {}
            self._names = {}


entity_cache = EntityCache()
request_started.connect(entity_cache.request_started, dispatch_uid="archive-entity-cache-start")
request_finished.connect(entity_cache.request_finished, dispatch_uid="archive-entity-cache-end")
