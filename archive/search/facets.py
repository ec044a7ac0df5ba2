"""Per-document arrays for facets, dates, sorting and scoring, and the numpy counting over them.

Whoosh segments never change once written, so each segment's arrays are built once (from its
postings and columns) and cached by segment id; a searcher's DocTable concatenates them with the
segment offsets. A query's matches become a boolean mask over docnums; counts are np.bincount over
the (doc, value) pairs whose doc is in the mask. No per-hit Python loop, no per-search rebuild.

On a directory index a segment's arrays are also kept in a file beside the segment
(`segment_files`), so that a new process, or one that sees segments another process wrote, loads
them instead of reading every posting again: writers save them when they commit a segment, and a
reader that finds no sound file builds and saves them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from whoosh.reading import SegmentReader

from archive.search import segment_files
from archive.search.base import FacetCount, SearchQuery
from archive.search.postings import segment_lengths, segment_postings
from archive.search.schema import FACET_INDEX_FIELDS, MONEY_FIELD, TEXT_FIELDS, money_figures

logger = logging.getLogger("archive.search")


@dataclass(frozen=True)
class FacetColumn:
    """One facet field: value ids per (doc, value) pair, over a searcher's docnums."""

    values: tuple[str, ...]  # value id -> value, sorted
    pair_docs: np.ndarray  # docnum of each pair
    pair_values: np.ndarray  # value id of each pair

    def value_ids(self, values: Iterable[str]) -> np.ndarray:
        wanted = set(values)
        return np.array([i for i, v in enumerate(self.values) if v in wanted], dtype=np.int64)

    def docs_with_any(self, values: Iterable[str], size: int) -> np.ndarray:
        """A mask of the docs that have at least one of these values (OR within a facet)."""
        mask = np.zeros(size, dtype=bool)
        ids = self.value_ids(values)
        if ids.size:
            mask[self.pair_docs[np.isin(self.pair_values, ids)]] = True
        return mask

    def counts(self, mask: np.ndarray) -> np.ndarray:
        """Docs in the mask per value id."""
        return np.bincount(self.pair_values[mask[self.pair_docs]], minlength=len(self.values))


@dataclass(frozen=True)
class MoneyFigures:
    """Every money figure of a searcher's documents, one entry per figure."""

    docs: np.ndarray  # docnum, never decreasing
    usd: np.ndarray  # approximate USD, NaN when unconverted
    measures: np.ndarray  # index into ``values``
    values: tuple[str, ...]  # the measures (base.MEASURE_VALUES) the figures have, sorted

    def kept(self, query: SearchQuery) -> np.ndarray:
        """The figures the query's amount range and measure filter keep (all when neither)."""
        keep = np.ones(self.docs.size, dtype=bool)
        if query.usd_min is not None:
            keep &= self.usd >= query.usd_min  # NaN compares False: unconverted figures drop
        if query.usd_max is not None:
            keep &= self.usd <= query.usd_max
        selected = query.filters.get("measure")
        if selected:
            ids = [i for i, measure in enumerate(self.values) if measure in selected]
            keep &= np.isin(self.measures, np.array(ids, dtype=np.int64))
        return keep

    def docs_with(self, figures: np.ndarray, size: int) -> np.ndarray:
        """A mask of the docs with at least one of these figures (a mask over figures)."""
        mask = np.zeros(size, dtype=bool)
        mask[self.docs[figures]] = True
        return mask

    def largest(self, figures: np.ndarray, size: int) -> np.ndarray:
        """Per doc, the largest USD value among these figures; -inf when it has none.

        ``docs`` never decreases (figures are read in docnum order, segments in offset order),
        so each doc's figures are one run: a maximum per run, no per-figure scatter."""
        largest = np.full(size, -np.inf)
        if self.docs.size:
            values = np.where(figures & ~np.isnan(self.usd), self.usd, -np.inf)
            starts = np.flatnonzero(np.r_[True, self.docs[1:] != self.docs[:-1]])
            largest[self.docs[starts]] = np.maximum.reduceat(values, starts)
        return largest

    def measure_column(self, figures: np.ndarray, size: int) -> FacetColumn:
        """The "measure" facet over these figures: (doc, measure) pairs, each counted once (a
        docs x measures table of flags: a few values, so cheaper than sorting the pairs)."""
        seen = np.zeros((size, max(1, len(self.values))), dtype=bool)
        seen[self.docs[figures], self.measures[figures]] = True
        docs, measures = np.nonzero(seen)
        return FacetColumn(self.values, docs, measures)


@dataclass(frozen=True)
class DocTable:
    """Everything search needs per docnum of one searcher, as arrays."""

    ids: np.ndarray  # article id
    published: np.ndarray  # yyyymmdd, 0 when undated
    live: np.ndarray  # False for deleted docnums
    facets: Mapping[str, FacetColumn]  # by SearchQuery facet name
    lengths: Mapping[str, np.ndarray]  # text field -> words per docnum, for BM25
    stories: np.ndarray  # story key per docnum (the article id when it has no story)
    grouped: np.ndarray  # live docnums whose story has another live version
    money: MoneyFigures  # every money figure, by docnum

    @property
    def size(self) -> int:
        return int(self.ids.size)


@dataclass(frozen=True)
class _SegmentArrays:
    ids: np.ndarray
    published: np.ndarray
    facets: Mapping[str, tuple[tuple[str, ...], np.ndarray, np.ndarray]]
    lengths: Mapping[str, np.ndarray]
    stories: np.ndarray
    # MoneyFigures' docs, usd and measures, with the segment's own sorted measure names
    money: tuple[np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]


def _segment_arrays(reader) -> _SegmentArrays:
    size = reader.doc_count_all()
    facets = {}
    for facet, fieldname in FACET_INDEX_FIELDS.items():
        values: list[str] = []
        docs: list[np.ndarray] = []
        value_ids: list[np.ndarray] = []
        # A segment written before a facet field existed has no values in it.
        known = fieldname in reader.schema
        field = reader.schema[fieldname] if known else None
        for raw in reader.lexicon(fieldname) if known else ():
            postings, _ = segment_postings(reader, fieldname, raw, weights=False)
            value_ids.append(np.full(postings.size, len(values), dtype=np.int64))
            values.append(field.from_bytes(raw))
            docs.append(postings)
        facets[facet] = (
            tuple(values),
            np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64),
            np.concatenate(value_ids) if value_ids else np.zeros(0, dtype=np.int64),
        )
    ids = np.fromiter(reader.column_reader("id"), dtype=np.int64, count=size)
    return _SegmentArrays(
        ids=ids,
        published=np.fromiter(reader.column_reader("published"), dtype=np.int64, count=size),
        facets=facets,
        lengths={name: segment_lengths(reader, name) for name in TEXT_FIELDS},
        stories=_story_keys(reader, ids),
        money=_money(reader),
    )


def _money(reader) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    """The segment's money figures; a segment written before the money column has none."""
    docs: list[int] = []
    usd: list[float] = []
    names: list[str] = []
    if MONEY_FIELD in reader.schema and reader.has_column(MONEY_FIELD):
        for docnum, raw in enumerate(reader.column_reader(MONEY_FIELD)):
            for measure, value in money_figures(raw):
                docs.append(docnum)
                usd.append(np.nan if value is None else value)
                names.append(measure)
    values = tuple(sorted(set(names)))
    position = {measure: i for i, measure in enumerate(values)}
    return (
        np.array(docs, dtype=np.int64),
        np.array(usd, dtype=np.float64),
        np.array([position[name] for name in names], dtype=np.int64),
        values,
    )


def segment_arrays(leaf, folder: Path | None) -> _SegmentArrays:
    """A segment's arrays: from its file in ``folder`` when there is a sound one, else built from
    the segment (and saved there, when ``folder`` is given)."""
    segment_id = leaf.segment().segment_id()
    path = segment_files.arrays_path(folder, segment_id, _SegmentArrays) if folder else None
    if path is not None:
        loaded = segment_files.load(path, segment_id, leaf.doc_count_all(), _SegmentArrays)
        if loaded is not None:
            return loaded
    arrays = _PREBUILT.pop(segment_id, None)
    if arrays is None or arrays.ids.size != leaf.doc_count_all():
        arrays = _segment_arrays(leaf)
    if path is not None:
        try:
            segment_files.save(path, segment_id, arrays)
        except OSError as exc:  # a read-only or full disk: search goes on without the file
            logger.warning("could not save the search arrays %s: %s", path, exc)
    return arrays


# The arrays a rebuild's worker processes built from the segments they had just written
# (building.fill), by segment id: the first segment_arrays call for such a segment takes them
# instead of reading the segment again, so this process, which waits for the last worker before it
# saves the arrays, does not read every segment once more on its own.
_PREBUILT: dict[str, _SegmentArrays] = {}


def new_segment_arrays(ix, segment) -> _SegmentArrays:
    """The arrays of a segment just written to ``ix`` (not yet in its table of contents)."""
    reader = SegmentReader(ix.storage, ix.schema, segment)
    try:
        return _segment_arrays(reader)
    finally:
        reader.close()


def adopt_prebuilt(arrays: Mapping[str, _SegmentArrays]) -> None:
    """Keep these arrays (segment id -> arrays built elsewhere) for segment_arrays; what an
    earlier rebuild left untaken goes."""
    _PREBUILT.clear()
    _PREBUILT.update(arrays)


def save_missing_arrays(reader, folder: Path, cache: dict[str, _SegmentArrays]) -> None:
    """Build and save the arrays of the reader's segments that have no file yet (a writer calls
    this after its commit, so readers elsewhere find them); ``cache`` gets them too."""
    for leaf, _ in reader.leaf_readers():
        if not leaf.segment():
            continue
        segment_id = leaf.segment().segment_id()
        if not segment_files.arrays_path(folder, segment_id, _SegmentArrays).exists():
            cache[segment_id] = segment_arrays(leaf, folder)


def _story_keys(reader, ids: np.ndarray) -> np.ndarray:
    """The story column; a segment written before stories (or a 0) means the article's own id."""
    if "story" not in reader.schema or not reader.has_column("story"):
        return ids.copy()
    keys = np.fromiter(reader.column_reader("story"), dtype=np.int64, count=ids.size)
    return np.where(keys > 0, keys, ids)


def _grouped(stories: np.ndarray, live: np.ndarray) -> np.ndarray:
    """Live docnums sharing their story key with another live docnum."""
    if not live.any():
        return np.zeros(stories.size, dtype=bool)
    keys, counts = np.unique(stories[live], return_counts=True)
    shared = keys[counts > 1]
    return live & np.isin(stories, shared) if shared.size else np.zeros(stories.size, dtype=bool)


def build_doc_table(
    reader, cache: dict[str, _SegmentArrays], folder: Path | None = None
) -> DocTable:
    """The DocTable of a (multi-segment) reader; ``cache`` keeps segment arrays between calls,
    ``folder`` (the generation's folder; None: nothing on disk) between processes.

    Entries for segments no longer in the reader are dropped from ``cache``.
    """
    # An empty index has one reader without a segment.
    leaves = [(leaf, offset) for leaf, offset in reader.leaf_readers() if leaf.segment()]
    segments: list[tuple[_SegmentArrays, int, np.ndarray]] = []
    for leaf, offset in leaves:
        key = leaf.segment().segment_id()
        if key not in cache:
            cache[key] = segment_arrays(leaf, folder)
        live = np.ones(leaf.doc_count_all(), dtype=bool)
        deleted = list(leaf.deleted_docs_set) if leaf.has_deletions() else []
        live[deleted] = False
        segments.append((cache[key], offset, live))
    for stale in set(cache) - {leaf.segment().segment_id() for leaf, _ in leaves}:
        del cache[stale]

    def joined(arrays: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.int64)

    facets = {}
    for facet in FACET_INDEX_FIELDS:
        values = tuple(sorted({v for arrays, _, _ in segments for v in arrays.facets[facet][0]}))
        position = {value: i for i, value in enumerate(values)}
        pair_docs, pair_values = [], []
        for arrays, offset, _ in segments:
            local_values, docs, local_ids = arrays.facets[facet]
            to_global = np.array([position[v] for v in local_values], dtype=np.int64)
            pair_docs.append(docs + offset)
            pair_values.append(to_global[local_ids] if local_ids.size else local_ids)
        facets[facet] = FacetColumn(values, joined(pair_docs), joined(pair_values))
    live = (
        np.concatenate([live for _, _, live in segments]) if segments else np.zeros(0, dtype=bool)
    )
    stories = joined([arrays.stories for arrays, _, _ in segments])
    measures = tuple(sorted({v for arrays, _, _ in segments for v in arrays.money[3]}))
    position = {measure: i for i, measure in enumerate(measures)}
    money = MoneyFigures(
        docs=joined([arrays.money[0] + offset for arrays, offset, _ in segments]),
        usd=np.concatenate([arrays.money[1] for arrays, _, _ in segments])
        if segments
        else np.zeros(0, dtype=np.float64),
        measures=joined(
            [
                np.array([position[v] for v in arrays.money[3]], dtype=np.int64)[arrays.money[2]]
                if arrays.money[2].size
                else arrays.money[2]
                for arrays, _, _ in segments
            ]
        ),
        values=measures,
    )
    return DocTable(
        ids=joined([arrays.ids for arrays, _, _ in segments]),
        published=joined([arrays.published for arrays, _, _ in segments]),
        live=live,
        stories=stories,
        grouped=_grouped(stories, live),
        money=money,
        facets=facets,
        lengths={
            name: np.concatenate([arrays.lengths[name] for arrays, _, _ in segments])
            if segments
            else np.zeros(0, dtype=np.float32)
            for name in TEXT_FIELDS
        },
    )


def facet_counts(
    column: FacetColumn, mask: np.ndarray, selected: Iterable[str], limit: int
) -> list[FacetCount]:
    """Values by count (desc) then value; zero counts dropped unless selected, which stay."""
    chosen = set(selected)
    counts = column.counts(mask)
    nonzero = np.flatnonzero(counts)
    # Value ids follow the sorted values, so the id breaks count ties alphabetically.
    order = nonzero[np.lexsort((nonzero, -counts[nonzero]))][: max(0, limit)]
    shown = [(column.values[i], int(counts[i])) for i in order]
    listed = {value for value, _ in shown}
    position = {value: i for i, value in enumerate(column.values)} if chosen - listed else {}
    for value in sorted(chosen - listed):
        shown.append((value, int(counts[position[value]]) if value in position else 0))
    return [FacetCount(value, count, value in chosen) for value, count in shown]
