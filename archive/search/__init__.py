"""Search for the archive: the contract in `base`, the Whoosh backend in `whoosh_backend`, the
PostgreSQL full-text backend in `postgres_backend` (settings.ARCHIVE_SEARCH_BACKEND picks one), and
in `capabilities` what each promises beyond the contract (suggestions, fuzzy retry, shared index).

Design, in short:
- `analysis`: one analyzer (NFC, fold diacritics incl. đ, lowercase, stop words, Porter stems) for
  title, body and entity names; `Bắc Ninh`, NFD `Bắc Ninh` and `Bac Ninh` are the same terms.
- `querying`: a small tokenizer turns user text into clauses (AND, "phrases", OR, -exclusion);
  everything else is plain words, so input can never build a costly query or raise.
- `postings`: the fast path: a term's postings as numpy arrays, AND / OR / NOT as boolean
  algebra, BM25 over them; `whoosh_compat` checks the Whoosh release it reads internals of.
- `building`: rebuilds written as segments side by side, in worker processes.
- `indexing`: the database -> index documents (SearchDocument), and keeping the index in step.
- `facets`: per-segment numpy arrays (doc -> facet values, dates, ids), cached by segment id since
  segments are immutable; counts, filters, timeline and date sorts are numpy over a match mask.
  Facets are disjunctive: each is counted with the other facets' filters only.
- `segment_files`: each segment's arrays kept in a file beside it, so a new process loads them.
- `highlight`: escaped snippets with `<mark>` around matched words, the only markup.
- `storage`: index generations; `CURRENT` names the live one and is swapped atomically by a
  rebuild; an flock serialises writers across processes; writes made during a rebuild are
  journalled and replayed into the new generation so none is lost.
- `get_backend(alias)` builds the backend named in settings.ARCHIVE_SEARCH, once per alias.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.utils.module_loading import import_string

from archive.search.base import SearchBackend

_backends: dict[str, SearchBackend] = {}
_lock = threading.Lock()


def get_backend(alias: str = "default") -> SearchBackend:
    """The backend configured as ``settings.ARCHIVE_SEARCH[alias]``; built once per process.

    Options besides BACKEND are passed lower-cased as keyword arguments (PATH -> path).
    """
    with _lock:
        if alias not in _backends:
            config = dict(settings.ARCHIVE_SEARCH[alias])
            backend_class = import_string(config.pop("BACKEND"))
            options = {key.lower(): value for key, value in config.items()}
            _backends[alias] = backend_class(**options)
        return _backends[alias]


def reset_backends() -> None:
    """Forget built backends (tests change settings between cases)."""
    with _lock:
        _backends.clear()
