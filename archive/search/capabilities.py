"""What a search backend promises beyond the common contract (base.py); the contract suite reads it.

Every backend finds the same articles for the archive's query language (the terms of analysis.py:
folded, đ included, stop words, Porter stems; phrases, OR, exclusions), counts facets and the
timeline the same way, sorts by date the same way and gives the same escaped snippets. Relevance
scores differ in their numbers (BM25 in Whoosh, ts_rank_cd in PostgreSQL), though both put a title
match above a body match. These differ as well, and a backend says which it gives:
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Capabilities:
    # "Did you mean": SearchResults.suggestion and suggest() from the index's vocabulary. Without
    # it both are always None, and the search page offers no other spelling.
    suggestions: bool = True
    # When nothing matches exactly, a retry with near spellings (SearchResults.fuzzy). Without it
    # a misspelt search finds nothing, fuzzy is always False and the page never says "close
    # spellings".
    fuzzy_retry: bool = True
    # The index lives in the database, so every application server reaching that database searches
    # the same index; False: a folder on one machine, so one application host only.
    shared_across_hosts: bool = False


# What a backend declaring nothing gives: the Whoosh backend's set.
FULL = Capabilities()


def capabilities_of(backend: object) -> Capabilities:
    """The backend's ``capabilities`` attribute; FULL for a backend that declares none."""
    found = getattr(backend, "capabilities", None)
    return found if isinstance(found, Capabilities) else FULL
