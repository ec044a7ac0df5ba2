"""Stories: one wire story run by several outlets, found at import and grouped.

Outlets rerun agency copy with small edits: another dateline or credit, reworded sentences,
paragraphs cut or added. Each article's body gets a MinHash signature (datasketch) of its
*anchored* word 4-grams, those holding a number or a name-like capitalised word: names, places and
figures survive an outlet's edits, while the stock phrases every investment story shares ("the
provincial People's Committee said it would ...") are left out, so two different Korean
factories in Bac Ninh do not look alike.

Two articles are versions of one story when the smaller one's anchored 4-grams are mostly in the
larger one (containment, estimated from the signatures' Jaccard and the two set sizes): a cut
version is contained in the full one, a reworded one still shares most of its names and figures.
Candidates come from LSH bands kept in the database (StoryBand), so an import compares each new
article with a handful of earlier ones, never with the whole archive.

Grouping is in article order (pk): each article joins the story of its most similar earlier
article, or starts its own. The story's key is its first article's pk (``Article.story``; None
for an article no other article is a version of), so a new version never changes the key of the
articles already there, and regrouping everything (``group_stories``) gives what importing the
articles one by one gave.

``tests/ingest/stories_eval.py`` measures precision and recall on hand-written pairs.
"""

from __future__ import annotations

import re
import struct
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from hashlib import sha1
from itertools import compress

import numpy as np
from datasketch import MinHash
from datasketch.hashfunc import sha1_hash32
from django.db import connection, transaction
from django.db.models import F

from archive.extraction.text import fold_diacritics
from archive.models import Article, StoryBand
from archive.rows import in_chunks, insert_rows

SHINGLE_WORDS = 4
NUM_PERM = 128  # signature length: containment estimates within about +-0.05
SEED = 1  # fixed: signatures stored years apart must agree
BANDS, ROWS = 32, 2  # LSH over the first 64 values: a pair with Jaccard 0.3 is a candidate 95%
# of the time, one with 0.05 (unrelated stories sharing a few names) 8%
MIN_SHINGLES = 10  # shorter bodies (a caption, a one-line brief) are never grouped
SAME_STORY = 0.42  # containment at which two articles are one story (see stories_eval.py)
MAX_CANDIDATES = 20  # earlier articles compared per article: those sharing the most bands
VERSION = 1  # bump when the shingles or the hashing change: `group_stories` re-signs

_HEADER = struct.Struct("<BI")  # version, number of shingles
_TOKEN = re.compile(r"\w+|[.!?]")
_SENTENCE_ENDS = frozenset(".!?")
# Capitalised words every investment story uses: titles, institutions, the country itself.
STOCK_WORDS = frozenset(
    """
    a according after an and as at before both by during for from he in it its last of on she
    since that the these they this to under we while with
    viet vietnam vietnamese nam chairman chairwoman vice deputy minister ministry department
    committee people party secretary director general provincial province city municipal
    planning investment ambassador president prime national assembly chief representative head
    foreign direct agency association business council centre center office
    """.split()  # noqa: SIM905 - a word list reads better as text
)
_BAND_SALT = np.arange(BANDS, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
_BATCH = 400  # articles per query; x BANDS keys stays under SQLite's variable limit per chunk
_CHUNKS_PER_COMMIT = 10  # signing holds the write lock for 4,000 articles' band rows at most
IN_MEMORY_FROM = 2_000  # articles regrouped at once from which the band postings are read whole
_POSTINGS_PER_FETCH = 100_000


# -- signatures (pure) -------------------------------------------------------------------------


@dataclass(frozen=True)
class Signature:
    count: int  # distinct anchored shingles
    values: np.ndarray  # NUM_PERM uint32 min-hashes (empty when count is 0)

    @property
    def groupable(self) -> bool:
        return self.count >= MIN_SHINGLES


def shingles(text: str) -> set[str]:
    """The body's word 4-grams holding an anchor, lower-cased: a number, or a capitalised word
    that is neither the first of its sentence nor one of the titles and institutions every
    story names (STOCK_WORDS)."""
    words: list[str] = []
    anchored = bytearray()  # per word: 1 for an anchor
    first = True
    for token in _TOKEN.findall(fold_diacritics(text or "")):
        if token in _SENTENCE_ENDS:
            first = True
            continue
        lower = token.lower()
        head = token[0]
        anchored.append(
            head.isdigit() or (not first and head.isupper() and lower not in STOCK_WORDS)
        )
        words.append(lower)
        first = False
    # The windows holding an anchor, in C: byte i of ``held`` ORs the anchor flags of words i to
    # i + SHINGLE_WORDS - 1 (the flags as one integer, shifted a byte per word).
    flags = int.from_bytes(anchored, "little")
    held = 0
    for shift in range(SHINGLE_WORDS):
        held |= flags >> (8 * shift)
    # One window per start, the shorter slices ending the zip at the last full window.
    windows = zip(*(words[shift:] for shift in range(SHINGLE_WORDS)), strict=False)
    return set(map(" ".join, compress(windows, held.to_bytes(len(anchored), "little"))))


@cache
def _empty_minhash() -> MinHash:
    """A MinHash with nothing added, to copy: its permutations are drawn from SEED once per
    process instead of once per article."""
    return MinHash(num_perm=NUM_PERM, seed=SEED)


@cache
def _hashed_minhash() -> MinHash:
    """_empty_minhash taking the shingles' hashes already made (see _hashes), not the shingles."""
    empty = _empty_minhash()
    if empty.hashfunc is not sha1_hash32:  # another datasketch: let it hash
        return empty
    return MinHash(
        seed=SEED,
        hashfunc=int,
        hashvalues=empty.digest(),
        permutations=empty.permutations,
        **({"scheme": empty.scheme} if hasattr(empty, "scheme") else {}),
    )


def _hashes(grams: set[str]) -> list[int]:
    """datasketch's sha1_hash32 of each shingle's UTF-8, without a Python call per shingle for
    the unpacking: the four-byte prefixes joined and read as one little-endian uint32 array."""
    prefixes = b"".join([sha1(gram.encode("utf-8")).digest()[:4] for gram in grams])
    return np.frombuffer(prefixes, dtype="<u4").tolist()


def signature(text: str) -> Signature:
    grams = shingles(text)
    if not grams:
        return Signature(0, np.zeros(0, dtype=np.uint32))
    minhash = _hashed_minhash().copy()
    if minhash.hashfunc is int:
        minhash.update_batch(_hashes(grams))
    else:
        minhash.update_batch([gram.encode("utf-8") for gram in grams])
    return Signature(len(grams), minhash.hashvalues.astype(np.uint32))


def to_bytes(sig: Signature) -> bytes:
    return _HEADER.pack(VERSION, sig.count) + sig.values.astype("<u4").tobytes()


def from_bytes(blob: bytes | memoryview | None) -> Signature | None:
    """The stored signature; None when there is none or it was made by another VERSION."""
    if blob is None:
        return None
    data = bytes(blob)
    if len(data) < _HEADER.size:
        return None
    version, count = _HEADER.unpack_from(data)
    if version != VERSION:
        return None
    values = np.frombuffer(data, dtype="<u4", offset=_HEADER.size).astype(np.uint32)
    if count and values.size != NUM_PERM:
        return None
    return Signature(count, values)


def band_keys(sig: Signature) -> list[int]:
    """One signed 64-bit key per LSH band; none for a signature too short to group."""
    if not sig.groupable:
        return []
    rows = sig.values[: BANDS * ROWS].astype(np.uint64).reshape(BANDS, ROWS)
    mixed = (rows[:, 0] << np.uint64(32)) | rows[:, 1]
    keys = (mixed * np.uint64(0xBF58476D1CE4E5B9)) ^ _BAND_SALT  # band i never meets band j
    return keys.view(np.int64).tolist()


def jaccard(a: Signature, b: Signature) -> float:
    return float(np.count_nonzero(a.values == b.values)) / NUM_PERM


def similarity(a: Signature, b: Signature) -> float:
    """How much of the smaller article's shingles the larger one has (0..1), estimated."""
    if not (a.groupable and b.groupable):
        return 0.0
    return _containment(int(np.count_nonzero(a.values == b.values)), a, b)


def _containment(equal: int, a: Signature, b: Signature) -> float:
    """``similarity`` of two groupable signatures with ``equal`` min-hashes in common."""
    j = equal / NUM_PERM  # jaccard(a, b)
    shared = j * (a.count + b.count) / (1 + j)
    return min(1.0, shared / min(a.count, b.count))


def same_story(a: Signature, b: Signature) -> bool:
    return similarity(a, b) >= SAME_STORY


def candidates(a: Signature, b: Signature) -> bool:
    """Would LSH put these two side by side (one band equal)?"""
    keys = set(band_keys(a))
    return bool(keys) and not keys.isdisjoint(band_keys(b))


def group_in_memory(signatures: Sequence[Signature]) -> list[int]:
    """Story keys (the index of each story's first item) for signatures in import order: what
    the database grouping does, without a database (evaluation and tests)."""
    postings: dict[int, list[int]] = {}
    keys: list[int] = []
    for position, sig in enumerate(signatures):
        counts: Counter[int] = Counter()
        own = band_keys(sig)
        for key in own:
            counts.update(postings.get(key, ()))
        best = _best_match(sig, _top(counts), lambda i: signatures[i])
        keys.append(position if best is None else keys[best])
        for key in own:
            postings.setdefault(key, []).append(position)
    return keys


def _top(counts: Counter[int]) -> list[int]:
    return [pk for pk, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))][:MAX_CANDIDATES]


def _best_match(sig: Signature, ids: Iterable[int], signature_of) -> int | None:
    """The most similar of ``ids`` at SAME_STORY or above (ties: the earliest), or None.

    A signature too short to group is similar to nothing (0.0, under SAME_STORY), so only the
    groupable ones are compared: all at once, one row of equal min-hashes per candidate."""
    if not sig.groupable:
        return None
    others = [(other, signature_of(other)) for other in sorted(ids)]
    others = [
        (other, other_sig)
        for other, other_sig in others
        if other_sig is not None and other_sig.groupable
    ]
    if not others:
        return None
    equal = (np.stack([other_sig.values for _, other_sig in others]) == sig.values).sum(axis=1)
    best, best_score = None, SAME_STORY
    for (other, other_sig), same in zip(others, equal.tolist(), strict=True):
        score = _containment(same, sig, other_sig)
        if score > best_score or (score == best_score and best is None):
            best, best_score = other, score
    return best


# -- grouping in the database ------------------------------------------------------------------


def group_articles(ids: Iterable[int]) -> list[int]:
    """Sign these (new or changed) articles and (re)group them; returns the ids of OTHER
    articles whose story key changed, so the caller reindexes them too.

    Articles never signed (imported before stories existed, restored from a backup, or saved by an
    import killed before this step) are signed and grouped along with them.
    """
    wanted = set(ids)
    wanted.update(
        Article.objects.filter(story_signature=None).order_by().values_list("pk", flat=True)
    )
    if not wanted:
        return []
    fresh = _sign(sorted(wanted))
    # An article that changed may leave its story: the later versions are regrouped with it.
    affected = set(wanted)
    old_stories = set(
        Article.objects.filter(pk__in=wanted, story__isnull=False).values_list(
            "story_id", flat=True
        )
    )
    if old_stories:
        first_changed = min(wanted)
        affected.update(
            Article.objects.filter(story_id__in=old_stories, pk__gt=first_changed).values_list(
                "pk", flat=True
            )
        )
    changed = _regroup(sorted(affected), fresh)
    return sorted(changed - set(ids))


def regroup_all(*, progress=None) -> list[int]:
    """Sign every article again and group the whole archive from scratch, in article order.

    Returns the ids whose story key changed. ``progress(done, total)`` after each batch.
    """
    ids = list(Article.objects.order_by("pk").values_list("pk", flat=True))
    _sign(ids, resign=True, progress=progress)
    return sorted(_regroup(ids, {}, reset=True))


def _insert_bands(rows: list[tuple[int, int]]) -> None:
    """INSERT the (article, band key) rows, 32 an article. In key order: the (key, article)
    index then takes them page after page instead of at random places all over it."""
    insert_rows(StoryBand, ("article", "key"), sorted(rows, key=_by_key))


def _by_key(row: tuple[int, int]) -> tuple[int, int]:
    return row[1], row[0]


def _stored_signatures(ids: list[int]) -> dict[int, Signature]:
    rows = Article.objects.filter(pk__in=ids).values_list("pk", "story_signature")
    found = {pk: from_bytes(blob) for pk, blob in rows}
    return {pk: sig for pk, sig in found.items() if sig is not None}


def _sign(ids: list[int], *, resign: bool = False, progress=None) -> dict[int, Signature]:
    """Band the signatures of ``ids``, computing and storing those not stored yet (all of them
    with ``resign``); returns them."""
    signed: dict[int, Signature] = {}
    # Several chunks a transaction: a commit writes every index page its band rows touched,
    # and random keys touch pages all over the (key, article) index.
    per_commit = _BATCH * _CHUNKS_PER_COMMIT
    for outer in range(0, len(ids), per_commit):
        with transaction.atomic():
            for start in range(outer, min(outer + per_commit, len(ids)), _BATCH):
                signed.update(_sign_chunk(ids[start : start + _BATCH], resign=resign))
        if progress:
            progress(min(outer + per_commit, len(ids)), len(ids))
    return signed


def _sign_chunk(chunk: list[int], *, resign: bool) -> dict[int, Signature]:
    """Sign and band a few hundred articles, in the caller's transaction; their signatures."""
    # The importer stores a fresh signature with the article (made in its worker processes);
    # only the others (never signed, an older VERSION, regroup_all) are signed here.
    stored = {} if resign else _stored_signatures(chunk)
    unsigned = [pk for pk in chunk if pk not in stored]
    rows = Article.objects.filter(pk__in=unsigned).values_list("pk", "body")
    made = {pk: signature(body) for pk, body in rows}
    batch = {**stored, **made}
    StoryBand.objects.filter(article_id__in=list(batch)).delete()
    Article.objects.bulk_update(
        [Article(pk=pk, story_signature=to_bytes(sig)) for pk, sig in made.items()],
        ["story_signature"],
        batch_size=200,
    )
    _insert_bands([(pk, key) for pk, sig in batch.items() for key in band_keys(sig)])
    return batch


def _regroup(ordered: list[int], fresh: dict[int, Signature], *, reset: bool = False) -> set[int]:
    """Give each of ``ordered`` (ascending pks) the story of its best earlier match; write the
    changes. Returns the ids whose story key (``story_id or pk``) changed."""
    before: dict[int, int] = {}
    for chunk in in_chunks(ordered):
        for pk, story in Article.objects.filter(pk__in=chunk).values_list("pk", "story_id"):
            before[pk] = story or pk
    assigned: dict[int, int] = {}  # pk -> story key, for the articles regrouped here
    signatures: dict[int, Signature | None] = dict(fresh)
    stories: dict[int, int] = {}  # story key of earlier articles looked up

    kept = [pk for pk in ordered if pk in before]
    # Many articles (an import) share the band postings read once; a few ask the database.
    candidates_of = _BandPostings().candidates if len(kept) >= IN_MEMORY_FROM else _candidates
    for chunk in in_chunks(kept, _BATCH // 4):
        own = {pk: band_keys(_signature(pk, signatures)) for pk in chunk}
        picks = candidates_of(own)
        _load({other for ids in picks.values() for other in ids}, signatures, stories)
        for pk in chunk:
            sig = _signature(pk, signatures)
            best = _best_match(sig, picks[pk], signatures.get) if sig else None
            if best is None:
                assigned[pk] = pk
            else:  # an earlier one regrouped here has its new key; others keep theirs
                assigned[pk] = assigned.get(best) or stories.get(best, best)
    _write(assigned, before, reset=reset)
    return {pk for pk, key in assigned.items() if before.get(pk) != key}


def _signature(pk: int, signatures: dict[int, Signature | None]) -> Signature | None:
    if pk not in signatures:
        row = Article.objects.filter(pk=pk).values_list("story_signature", flat=True).first()
        signatures[pk] = from_bytes(row)
    return signatures[pk]


def _band_names() -> tuple[str, str, str]:
    """StoryBand's table, key column and article column, quoted for raw SQL."""
    quote = connection.ops.quote_name
    fields = StoryBand._meta
    return (
        quote(fields.db_table),
        quote(fields.get_field("key").column),
        quote(fields.get_field("article").column),
    )


def _candidates(own: dict[int, list[int]]) -> dict[int, list[int]]:
    """pk -> the earlier articles sharing the most bands with it (``_top``'s choice: at most
    MAX_CANDIDATES, by shared bands then pk), from the database's bands.

    A band key's postings grow with the archive (names and places recur), so the database finds
    them from its (key, article) index and hands each article's in one string, one row per
    article; they are counted and ranked here by numpy (``_ranked``), which costs less than the
    database grouping them by (article, other) and ranking each group."""
    picks: dict[int, list[int]] = {pk: [] for pk in own}
    table, key, article = _band_names()
    if connection.vendor == "postgresql":
        joined = f"string_agg(CAST(b.{article} AS TEXT), ',')"
    else:
        joined = f"group_concat(b.{article})"
    # Two parameters a (article, band key) pair; an article's keys stay in one statement.
    per_statement = max(1, (connection.features.max_query_params or 32766) // (2 * BANDS))
    signed = [pk for pk, keys in own.items() if keys]
    with connection.cursor() as cursor:
        for chunk in in_chunks(signed, per_statement):
            pairs = [(pk, band) for pk in chunk for band in own[pk]]
            values = ", ".join(["(CAST(%s AS BIGINT), CAST(%s AS BIGINT))"] * len(pairs))
            cursor.execute(
                f"WITH own (pk, band) AS (VALUES {values}) SELECT own.pk, {joined} "
                f"FROM own JOIN {table} AS b ON b.{key} = own.band AND b.{article} < own.pk "
                "GROUP BY own.pk",
                [value for pair in pairs for value in pair],
            )
            for pk, others in cursor.fetchall():
                picks[pk] = _ranked(np.array(others.split(","), dtype=np.int64))
    return picks


class _BandPostings:
    """Every (band key, article) row of the database, read once in key order into two numpy
    arrays: what ``_candidates`` asks the database for, answered in memory (the same picks).

    A large regroup (an import of thousands) pays one read of the table instead of one query
    per chunk whose postings grow with the archive; 16 bytes a row, 512 an article."""

    def __init__(self) -> None:
        table, key, article = _band_names()
        blocks = [np.empty((0, 2), dtype=np.int64)]
        with connection.chunked_cursor() as cursor:
            cursor.execute(f"SELECT {key}, {article} FROM {table} ORDER BY {key}, {article}")
            while rows := cursor.fetchmany(_POSTINGS_PER_FETCH):
                blocks.append(np.array(rows, dtype=np.int64))
        rows = np.concatenate(blocks)
        self.keys, self.articles = rows[:, 0].copy(), rows[:, 1].copy()

    def candidates(self, own: dict[int, list[int]]) -> dict[int, list[int]]:
        picks: dict[int, list[int]] = {}
        for pk, bands in own.items():
            starts = np.searchsorted(self.keys, bands, "left").tolist()
            ends = np.searchsorted(self.keys, bands, "right").tolist()
            parts = [self.articles[a:b] for a, b in zip(starts, ends, strict=True) if b > a]
            others = np.concatenate(parts) if parts else self.articles[:0]
            others = others[others < pk]
            picks[pk] = _ranked(others) if others.size else []
        return picks


def _ranked(others: np.ndarray) -> list[int]:
    """``_top`` of the Counter of ``others`` (one id per shared band): the MAX_CANDIDATES ids
    seen most often, ties by the smaller id."""
    ids, counts = np.unique(others, return_counts=True)
    return ids[np.lexsort((ids, -counts))[:MAX_CANDIDATES]].tolist()


def _load(ids: set[int], signatures: dict, stories: dict[int, int]) -> None:
    """Signatures and story keys of earlier articles, once each."""
    missing = sorted(pk for pk in ids if pk not in signatures or pk not in stories)
    for chunk in in_chunks(missing):
        rows = Article.objects.filter(pk__in=chunk).values_list("pk", "story_id", "story_signature")
        for pk, story, blob in rows:
            signatures.setdefault(pk, from_bytes(blob))
            stories[pk] = story or pk


def _write(assigned: dict[int, int], before: dict[int, int], *, reset: bool) -> None:
    """Store the assignments: a member points at its story's first article, which points at
    itself while the story has other versions and at nothing once it is alone."""
    touched = set(assigned.values()) | {before[pk] for pk in assigned if pk in before}
    by_key: dict[int | None, list[int]] = {}
    for pk, key in assigned.items():
        # An article keeping its key keeps its row: a member already points at the key, and a
        # first article's own pointer (itself or nothing) is set by the loop over ``touched``.
        if reset or before.get(pk) != key:
            by_key.setdefault(None if key == pk else key, []).append(pk)
    with transaction.atomic():
        if reset:
            Article.objects.exclude(story=None).update(story=None)
        for key, pks in by_key.items():
            for chunk in in_chunks(pks):
                Article.objects.filter(pk__in=chunk).update(story=key)
        for chunk in in_chunks(sorted(touched)):
            shared = set(
                Article.objects.filter(story_id__in=chunk)
                .exclude(pk=F("story_id"))
                .values_list("story_id", flat=True)
            )
            Article.objects.filter(pk__in=shared).update(story=F("pk"))
            alone = [pk for pk in chunk if pk not in shared]
            Article.objects.filter(pk__in=alone, story=F("pk")).update(story=None)


# -- reading -----------------------------------------------------------------------------------


def versions(article: Article) -> list[Article]:
    """The other versions of the article's story, oldest first (undated last)."""
    return article.other_versions()


def versions_by_story(story_ids: Iterable[int]) -> dict[int, list[Article]]:
    """story key -> every version of that story, oldest first (one query)."""
    wanted = sorted({pk for pk in story_ids if pk})
    found: dict[int, list[Article]] = {}
    if not wanted:
        return found
    for article in _ordered(Article.objects.filter(story_id__in=wanted)):
        found.setdefault(article.story_id, []).append(article)
    return found


def _ordered(queryset) -> list[Article]:
    fields = ("id", "title", "slug", "published", "source", "publisher", "story_id")
    return sorted(
        queryset.only(*fields),
        key=lambda a: (a.published is None, a.published or 0, a.pk),
    )
