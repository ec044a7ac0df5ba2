"""One long-lived process: thousands of searches and hundreds of single saves stay bounded.

A gunicorn worker lives for days; whatever a search or a save leaves behind (open files, cached
arrays, Python objects) adds up. These tests run the on-disk backend as a worker would and compare
its open file descriptors, Python objects, memory and segment count before and after.
"""

import gc
import os
import random
from datetime import date

from archive.search.base import SearchDocument, SearchQuery
from archive.search.whoosh_backend import WhooshBackend

WORDS = [
    "investment",
    "factory",
    "province",
    "ambassador",
    "cooperation",
    "energy",
    "logistics",
    "loan",
    "metro",
    "railway",
    "electronics",
    "capital",
    "project",
    "minister",
    "semiconductor",
    "seaport",
    "textile",
    "delegation",
]
COUNTRIES = ("japan", "south-korea", "singapore", "united-states")
LOCALITIES = ("bac-ninh", "ha-noi", "binh-duong", "da-nang")
# A realistic mix: words, phrases, exclusions, a misspelling (the fuzzy retry), facets, dates,
# sorts and pages.
QUERIES = (
    *(SearchQuery(text=word) for word in WORDS[:8]),
    *(SearchQuery(text=f'"{a} {b}"') for a, b in zip(WORDS[8:12], WORDS[9:13], strict=True)),
    SearchQuery(text="investment -loan"),
    SearchQuery(text="investmnt"),
    SearchQuery(text="energy", filters={"country": ("japan",)}),
    SearchQuery(filters={"country": ("south-korea",), "locality": ("bac-ninh",)}, page=2),
    SearchQuery(text="capital", sort="newest", date_from=date(2018, 1, 1)),
    SearchQuery(sort="oldest", filters={"source": ("VNA",)}, page=3),
)
WARM_UP = 300
SEARCHES = 2000
SAVES = 150


def document(pk: int) -> SearchDocument:
    rng = random.Random(pk)
    return SearchDocument(
        id=pk,
        title=" ".join(rng.sample(WORDS, 5)),
        body=" ".join(rng.choices(WORDS, k=120)),
        published=date(2015 + pk % 10, 1 + pk % 12, 1 + pk % 28),
        source=rng.choice(("VNA", "VNS")),
        countries=(rng.choice(COUNTRIES),),
        localities=(rng.choice(LOCALITIES),),
        entity_names=("Japan", "Bac Ninh"),
    )


def open_files() -> int:
    return len(os.listdir("/proc/self/fd"))


def resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def live_objects() -> int:
    gc.collect()
    return len(gc.get_objects())


def run_searches(backend: WhooshBackend, count: int) -> None:
    for i in range(count):
        query = QUERIES[i % len(QUERIES)]
        backend.search(query)
        if i % 20 == 0:
            backend.suggest(query.text)


def segment_count(backend: WhooshBackend) -> int:
    index = backend.store.open(backend.store.current_key())
    with index.reader() as reader:
        return len(list(reader.leaf_readers()))


def test_thousands_of_searches_leave_files_objects_and_memory_flat(tmp_path):
    backend = WhooshBackend(tmp_path / "index")
    backend.rebuild(document(pk) for pk in range(1, 301))
    run_searches(backend, WARM_UP)  # caches fill up to their bounds
    before = (open_files(), live_objects(), resident_bytes())

    run_searches(backend, SEARCHES)

    files, objects, memory = open_files(), live_objects(), resident_bytes()
    assert files <= before[0]  # earlier tests' files may close meanwhile; none may open
    assert objects - before[1] < 200  # one object left per search would be 2,000
    assert memory - before[2] < 4 * 2**20


def test_hundreds_of_single_saves_keep_segments_files_and_folders_bounded(tmp_path):
    backend = WhooshBackend(tmp_path / "index")
    backend.rebuild(document(pk) for pk in range(1, 301))
    backend.search(QUERIES[0])
    files_before = open_files()
    segments, files = [], []

    for pk in range(1001, 1001 + SAVES):
        backend.index([document(pk)])  # an editor's save: one document, one commit
        backend.search(QUERIES[pk % len(QUERIES)])  # and a reader that sees it
        segments.append(segment_count(backend))
        files.append(open_files())

    assert max(segments) <= 12  # without merging it would be 201
    # The live view holds a file per segment; at most the readers closed by the latest write
    # wait to be collected. Leaving them to the cyclic collector reached 100 above the start.
    assert max(files) - files_before <= 2 * max(segments) + 4
    assert backend.search(SearchQuery()).total == 300 + SAVES
    assert list((tmp_path / "index").glob("gen-*/*.tmp")) == []  # no writer's temporary folder
