"""The Whoosh internals the fast path relies on, checked before it is used.

postings.py reads W3LeafMatcher's private block fields and decodes position data by hand;
building.py calls SegmentWriter's private segment methods (its _SegmentBuilder does what
add_document and _finalize_segment do, through the writer's own checks), writes each term's
posting blocks as W3PostingsWriter writes them (with the W3 codec's block settings, the field
writer's files and W3TermInfo's statistics: INSTANCE_NAMES, checked on the objects it gets) and
caches W3PerDocReader.has_column;
whoosh_backend.py walks each segment's spelling words with one Levenshtein automaton per word
(Automata.levenshtein_dfa and find_matches, what SegmentReader.terms_within does per segment).
All of that was written against one release of whoosh-reloaded (pinned in pyproject.toml).
Another release may keep every name and still change what they mean, so the check is on the
version first, then on the names: importing the fast path with anything else fails at start-up
with a message that says what to do, instead of wrong results.
The differential test (tests/search/test_fast_path_differential.py) holds the fast path to
Whoosh's own matchers and scorer on the pinned release.
"""

from __future__ import annotations

import whoosh
from django.core.exceptions import ImproperlyConfigured
from whoosh.codec.base import Automata
from whoosh.codec.whoosh3 import W3Codec, W3FieldWriter, W3LeafMatcher, W3PerDocReader, W3TermInfo
from whoosh.writing import SegmentWriter

WRITTEN_FOR = (2, 7, 5)
PRIVATE_NAMES: dict[type, tuple[str, ...]] = {
    W3LeafMatcher: ("_read_ids", "_read_weights", "_read_values", "_next_block"),
    W3PerDocReader: ("has_column", "_cached_reader"),
    SegmentWriter: (
        "_finalize_segment",
        "_close_segment",
        "_commit_toc",
        "_finish",
        # building._SegmentBuilder does add_document's and _finalize_segment's work itself
        "_check_state",
        "_doc_boost",
        "_check_fields",
        "_field_boost",
        "_assemble_segment",
    ),
    Automata: ("levenshtein_dfa", "find_matches"),
    # building._BlockWriter: a term's statistics and its row in the terms table
    W3TermInfo: ("add_block", "set_extent", "to_bytes"),
}
# Attributes Whoosh sets on each instance (so not on the class): checked by check_instance on
# the objects building._BlockWriter is given, before it uses them.
INSTANCE_NAMES: dict[type, tuple[str, ...]] = {
    W3Codec: ("_blocklimit", "_compression", "_inlinelimit"),
    W3FieldWriter: ("_postfile", "_tindex", "_fieldid"),
}


class WhooshMismatch(ImproperlyConfigured):
    """The installed Whoosh is not the release the search fast path was written for."""


def check_whoosh(version: tuple[int, ...] | None = None) -> None:
    """Raise WhooshMismatch unless the installed Whoosh is the release the fast path knows."""
    installed = tuple(whoosh.__version__ if version is None else version)
    wanted = ".".join(map(str, WRITTEN_FOR))
    if installed[: len(WRITTEN_FOR)] != WRITTEN_FOR:
        raise WhooshMismatch(
            f"Whoosh {'.'.join(map(str, installed))} is installed, but the archive's search fast "
            f"path reads internals of whoosh-reloaded {wanted}. Install the pinned release "
            f"(`make install`, or `pip install whoosh-reloaded=={wanted}`), or re-check "
            "archive/search/postings.py and building.py against the new release and run "
            "tests/search/test_fast_path_differential.py before changing WRITTEN_FOR."
        )
    missing = [
        f"{cls.__name__}.{name}"
        for cls, names in PRIVATE_NAMES.items()
        for name in names
        if not hasattr(cls, name)
    ]
    if missing:
        raise WhooshMismatch(
            f"Whoosh {wanted} is installed but lacks {', '.join(missing)}, which the search "
            "fast path uses; reinstall it with `make install`."
        )


def check_instance(obj: object) -> None:
    """Raise WhooshMismatch unless ``obj`` has the INSTANCE_NAMES of its class."""
    missing = [
        f"{type(obj).__name__}.{name}"
        for name in INSTANCE_NAMES.get(type(obj), ())
        if not hasattr(obj, name)
    ]
    if missing:
        raise WhooshMismatch(
            f"Whoosh {'.'.join(map(str, WRITTEN_FOR))} objects lack {', '.join(missing)}, which "
            "the index builder uses; reinstall it with `make install`."
        )
