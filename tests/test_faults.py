"""Crashes and drift: the importer and rebuild_index killed with SIGKILL, and check_index.

An article is *whole* when its full export record (text, SHA-256, title, date, source, entities,
officials' titles, money figures) is exactly the record a clean, uninterrupted import of the same
file produces. The crash tests run manage.py in subprocesses against a sandbox archive
(tests/load/sandbox.py) and kill them at chosen points.
"""

import errno
import io
import shutil
import signal
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from whoosh.filedb.filestore import FileStorage

from archive.ingest.pipeline import import_paths
from archive.models import Article
from archive.search import get_backend, indexing, reset_backends
from archive.search.base import (
    SearchDocument,
    SearchQuery,
    SearchUnavailable,
    document_fingerprint,
)
from archive.search.schema import build_schema, document_fields
from archive.search.whoosh_backend import WhooshBackend
from tests.corpus import ARTICLES
from tests.load.sandbox import Sandbox, kill_when, write_articles

CORPUS_SIZE = 100
FIRST_BATCH = 30  # imported and indexed before the run that is killed
KILLED = -signal.SIGKILL
TASMANIAN = """Tasmanian salmon farmers study Khanh Hoa investment
Khanh Hoa (VNA) – Tasmanian aquaculture firms are studying investment in salmon farms off Khanh Hoa \
province, the provincial Department of Planning and Investment said on Friday./.
"""
QUERIES = (
    SearchQuery(text="investment"),
    SearchQuery(text='"industrial park"', sort="newest"),
    SearchQuery(text="Japanese", page=2),
    SearchQuery(sort="oldest", filters={"source": ("VNA",)}),
)


# -- The sandbox archives the crash tests start from ----------------------------------------------


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The generated files: ``first`` holds copies of the first FIRST_BATCH of ``all``."""
    root = tmp_path_factory.mktemp("fault-corpus")
    files = write_articles(root / "all", CORPUS_SIZE)
    for path in files[:FIRST_BATCH]:  # at the same relative paths: the same identities
        target = root / "first" / path.relative_to(root / "all")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return root


@pytest.fixture(scope="module")
def reference(tmp_path_factory, corpus):
    """The full records of a clean import of the whole corpus: what whole articles look like."""
    sandbox = Sandbox.create(tmp_path_factory.mktemp("reference"))
    done = sandbox.manage("import_articles", str(corpus / "all"))
    assert done.returncode == 0, done.stderr
    return sandbox


@pytest.fixture(scope="module")
def first_batch_archive(tmp_path_factory, corpus):
    """An archive holding (and indexing) the first batch; each test copies it."""
    sandbox = Sandbox.create(tmp_path_factory.mktemp("first-batch"))
    done = sandbox.manage("import_articles", str(corpus / "first"))
    assert done.returncode == 0, done.stderr
    return sandbox


def copy_of(sandbox: Sandbox, tmp_path) -> Sandbox:
    shutil.copytree(sandbox.data_dir, tmp_path / "copy" / "data")
    return Sandbox(tmp_path / "copy")


def segment_files(sandbox: Sandbox, generation: str = "gen-*") -> set[str]:
    """The files of Whoosh segments (written before the commit that lists them)."""
    return {p.name for p in sandbox.index_dir.glob(f"{generation}/MAIN_*") if p.suffix != ""}


def tables_of_contents(sandbox: Sandbox) -> set[str]:
    """Whoosh's TOC files: writing a new one is what commits a segment."""
    return {str(p) for p in sandbox.index_dir.glob("gen-*/_MAIN_*.toc")}


def commit_under_way(sandbox: Sandbox, segments_before: set[str], tocs_before: set[str]) -> bool:
    """New segment files are on disk and no new TOC lists them yet: a commit is under way."""
    return bool(segment_files(sandbox) - segments_before) and (
        tables_of_contents(sandbox) == tocs_before
    )


def search_answers(index_dir) -> list[tuple[int, list[int]]]:
    """(total, hit ids) of each query in QUERIES, read by a backend of its own."""
    backend = WhooshBackend(index_dir)
    return [(r.total, [h.id for h in r.hits]) for r in map(backend.search, QUERIES)]


# -- SIGKILL during import_articles ---------------------------------------------------------------

IMPORT_KILL_POINTS = {  # (sandbox, segment files and TOCs before the run) -> kill now?
    "early, while saving files": lambda sandbox, *_: sandbox.article_count() >= FIRST_BATCH + 10,
    "late, while saving files": lambda sandbox, *_: sandbox.article_count() >= FIRST_BATCH + 50,
    "during the index commit": lambda sandbox, segments, tocs: (
        sandbox.article_count() == CORPUS_SIZE and commit_under_way(sandbox, segments, tocs)
    ),
}


@pytest.mark.parametrize("kill_point", list(IMPORT_KILL_POINTS))
def test_a_killed_import_leaves_whole_articles_and_a_rerun_completes(
    kill_point, corpus, reference, first_batch_archive, tmp_path
):
    sandbox = copy_of(first_batch_archive, tmp_path)
    before = (segment_files(sandbox), tables_of_contents(sandbox))
    importer = sandbox.start("import_articles", str(corpus / "all"))

    killed = kill_when(importer, lambda: IMPORT_KILL_POINTS[kill_point](sandbox, *before))

    assert (killed, importer.returncode) == (True, KILLED)
    expected = reference.full_records()
    after_crash = sandbox.full_records()
    assert FIRST_BATCH < len(after_crash) <= CORPUS_SIZE
    assert after_crash == {name: expected[name] for name in after_crash}  # only whole articles
    check = sandbox.manage("check_index")  # the index opens at its last commit: the first batch
    problems = [line.split(":")[0].split(", the oldest")[0] for line in check.stdout.splitlines()]
    unindexed = len(after_crash) - FIRST_BATCH
    assert (check.returncode, problems) == (
        1,
        [
            f"{unindexed} article id(s) missing from the index",
            # each saved article left its outbox row, committed with it
            f"{unindexed} change(s) to {unindexed} article(s) waiting in the index outbox",
        ]
        # the killed writer's temporary folder, removed by the rerun
        + (["1 leftover(s) of killed runs in the index folder"] if "commit" in kill_point else []),
    )

    rerun = sandbox.manage("import_articles", str(corpus / "all"))

    assert (rerun.returncode, rerun.stdout.splitlines()[-1]) == (
        0,
        f"created {CORPUS_SIZE - len(after_crash)}, updated 0, "
        f"unchanged {len(after_crash)}, failed 0, skipped 0",
    )
    assert sandbox.full_records() == expected
    final_check = sandbox.manage("check_index")
    assert (final_check.returncode, final_check.stdout) == (
        0,
        "the index agrees with the database\n",
    )


# -- SIGKILL during rebuild_index -----------------------------------------------------------------


@pytest.fixture
def killed_rebuild(reference, tmp_path):
    """A copy of the reference archive whose rebuild_index was killed while filling its index."""
    sandbox = copy_of(reference, tmp_path)
    before = search_answers(sandbox.index_dir)
    live = (sandbox.index_dir / "CURRENT").read_text()
    rebuild = sandbox.start("rebuild_index")

    def filling_a_new_generation() -> bool:
        fresh = [g.name for g in sandbox.index_dir.glob("gen-*") if g.name != live]
        unpublished = (sandbox.index_dir / "CURRENT").read_text() == live
        return unpublished and any(segment_files(sandbox, name) for name in fresh)

    killed = kill_when(rebuild, filling_a_new_generation)
    assert (killed, rebuild.returncode) == (True, KILLED)
    return sandbox, before, live


def test_after_a_killed_rebuild_the_old_index_still_serves(killed_rebuild):
    sandbox, before, live = killed_rebuild

    assert (sandbox.index_dir / "CURRENT").read_text() == live
    assert search_answers(sandbox.index_dir) == before
    check = sandbox.manage("check_index")
    (dead,) = [g.name for g in sandbox.index_dir.glob("gen-*") if g.is_dir() and g.name != live]
    assert (check.returncode, check.stdout) == (
        0,
        "the index agrees with the database\n"
        f"3 leftover(s) of killed runs in the index folder: REBUILDING, {dead}, {dead}.journal\n",
    )


def test_after_a_killed_rebuild_writes_and_a_new_rebuild_work(killed_rebuild, tmp_path):
    sandbox, before, live = killed_rebuild
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "extra.txt").write_text(TASMANIAN)

    imported = sandbox.manage("import_articles", str(extra))
    rebuilt = sandbox.manage("rebuild_index")

    assert (imported.returncode, rebuilt.returncode, rebuilt.stdout) == (
        0,
        0,
        f"indexed {CORPUS_SIZE + 1} articles\n",
    )
    generations = {gen.name for gen in sandbox.index_dir.glob("gen-*")}
    assert generations == {(sandbox.index_dir / "CURRENT").read_text(), live}  # the dead one gone
    assert not (sandbox.index_dir / "REBUILDING").exists()
    check = sandbox.manage("check_index")
    assert (check.returncode, check.stdout) == (0, "the index agrees with the database\n")
    backend = WhooshBackend(sandbox.index_dir)
    assert backend.search(SearchQuery(text="Tasmanian")).total == 1
    assert search_answers(sandbox.index_dir)[0][0] == before[0][0] + 1  # "investment"


# -- check_index: differences planted in a consistent archive ------------------------------------


@pytest.fixture
def archive(write_article):
    paths = [write_article(name, text) for name, text in ARTICLES.items()]
    call_command("import_articles", str(paths[0].parent), stdout=io.StringIO())
    return {a.source_file: a for a in Article.objects.all()}


def run_check(*args):
    out = io.StringIO()
    try:
        call_command("check_index", *args, stdout=out)
    except CommandError as error:
        return error.returncode, out.getvalue()
    return 0, out.getvalue()


def phantom_document(pk: int) -> SearchDocument:
    return SearchDocument(
        id=pk, title="Ghost", body="An article nobody imported.", published=None, source=""
    )


@pytest.mark.django_db
def test_check_index_finds_nothing_in_a_consistent_archive(archive):
    assert run_check() == (0, "the index agrees with the database\n")


@pytest.mark.django_db
def test_check_index_reports_each_kind_of_difference_and_exits_1(archive):
    deleted, retitled = archive["jp-hanoi.txt"], archive["us-danang.txt"]
    get_backend().delete([deleted.pk])
    Article.objects.filter(pk=retitled.pk).update(title="US chip firms tour Da Nang")
    get_backend().index([phantom_document(99_999)])

    assert run_check() == (
        1,
        f"1 article id(s) missing from the index: {deleted.pk}\n"
        f"1 article id(s) stale in the index: {retitled.pk}\n"
        "1 article id(s) in the index but not in the database: 99999\n",
    )


@pytest.mark.django_db
def test_check_index_repair_fixes_every_difference(archive):
    deleted, retitled = archive["jp-hanoi.txt"], archive["us-danang.txt"]
    get_backend().delete([deleted.pk])
    Article.objects.filter(pk=retitled.pk).update(title="US chip firms tour Da Nang")
    get_backend().index([phantom_document(99_999)])

    status, output = run_check("--repair")

    assert (status, output.splitlines()[-1]) == (0, "repaired: reindexed 2, removed 1")
    assert run_check() == (0, "the index agrees with the database\n")
    backend = get_backend()
    assert [h.id for h in backend.search(SearchQuery(text="chip")).hits] == [retitled.pk]
    assert [h.id for h in backend.search(SearchQuery(text="ghost")).hits] == []
    assert backend.indexed_ids() == {a.pk for a in archive.values()}


@pytest.mark.django_db
def test_check_index_treats_a_missing_index_as_every_article_missing(write_article):
    import_paths([write_article("a.txt", ARTICLES["jp-hanoi.txt"])])  # no index at all

    assert indexing.check_index() == indexing.IndexCheck(
        missing=[Article.objects.get().pk], stale=[], phantom=[]
    )


@pytest.mark.django_db
def test_an_index_built_before_fingerprints_is_stale_and_repairable(archive, settings, tmp_path):
    # An index whose schema has no fingerprint field, as every index built before this one.
    documents = list(indexing.iter_documents())
    old_schema = build_schema()
    old_schema.remove("fingerprint")
    folder = tmp_path / "old-index"
    (folder / "gen-old").mkdir(parents=True)
    writer = FileStorage(str(folder / "gen-old")).create_index(old_schema).writer()
    for document in documents:
        fields = document_fields(document)
        del fields["fingerprint"]
        writer.add_document(**fields)
    writer.commit()
    (folder / "CURRENT").write_text("gen-old")
    settings.ARCHIVE_SEARCH = {
        "default": {"BACKEND": "archive.search.whoosh_backend.WhooshBackend", "PATH": str(folder)}
    }
    reset_backends()

    before = indexing.check_index()
    indexing.repair_index(before)

    assert before == indexing.IndexCheck(
        missing=[], stale=sorted(d.id for d in documents), phantom=[]
    )
    assert indexing.check_index().ok


@pytest.mark.django_db
def test_reimporting_unchanged_files_indexes_what_a_killed_run_left_unindexed(write_article):
    path = write_article("a.txt", ARTICLES["jp-hanoi.txt"])
    import_paths([path])  # saved, then "killed" before the index write

    call_command("import_articles", str(path), stdout=io.StringIO())

    assert [h.id for h in get_backend().search(SearchQuery(text="railway")).hits] == [
        Article.objects.get().pk
    ]
    assert indexing.check_index().ok


def test_the_fingerprint_follows_every_indexed_field():
    base = SearchDocument(id=1, title="T", body="B", published=date(2024, 1, 2), source="VNA")
    variants = [
        base,
        SearchDocument(id=2, title="T", body="B", published=date(2024, 1, 2), source="VNA"),
        SearchDocument(id=1, title="U", body="B", published=date(2024, 1, 2), source="VNA"),
        SearchDocument(id=1, title="T", body="C", published=date(2024, 1, 2), source="VNA"),
        SearchDocument(id=1, title="T", body="B", published=None, source="VNA"),
        SearchDocument(id=1, title="T", body="B", published=date(2024, 1, 2), source="VNS"),
        SearchDocument(
            id=1,
            title="T",
            body="B",
            published=date(2024, 1, 2),
            source="VNA",
            countries=("japan",),
        ),
        SearchDocument(
            id=1,
            title="T",
            body="B",
            published=date(2024, 1, 2),
            source="VNA",
            localities=("ha-noi",),
        ),
        SearchDocument(
            id=1, title="T", body="B", published=date(2024, 1, 2), source="VNA", officials=("x",)
        ),
        SearchDocument(
            id=1,
            title="T",
            body="B",
            published=date(2024, 1, 2),
            source="VNA",
            entity_names=("Japan",),
        ),
    ]
    assert len({document_fingerprint(d) for d in variants}) == len(variants)


# -- The index fails after the database has committed ---------------------------------------------


def import_command(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_a_full_disk_while_indexing_names_the_problem_and_the_repair(write_article, monkeypatch):
    path = write_article("a.txt", ARTICLES["jp-hanoi.txt"])

    def disk_full(self, documents):
        raise OSError(errno.ENOSPC, "No space left on device", "index/gen-1/MAIN.seg")

    monkeypatch.setattr(WhooshBackend, "index", disk_full)

    status, out, err = import_command(str(path))

    assert status == 1
    assert "the disk is full" in err and "run check_index --repair" in err
    assert "Traceback" not in err
    assert out.splitlines()[-1] == "created 1, updated 0, unchanged 0, failed 0, skipped 0"
    assert Article.objects.count() == 1  # the database kept the article
    monkeypatch.undo()
    assert run_check("--repair")[0] == 0
    assert indexing.check_index().ok


@pytest.mark.django_db
def test_an_index_folder_that_cannot_be_written_is_healed_by_the_next_run(
    write_article, settings, tmp_path
):
    path = write_article("a.txt", ARTICLES["jp-hanoi.txt"])
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the index folder should be")
    good_index = settings.ARCHIVE_SEARCH["default"]["PATH"]
    settings.ARCHIVE_SEARCH = {
        "default": {
            "BACKEND": "archive.search.whoosh_backend.WhooshBackend",
            "PATH": str(blocker / "index"),
        }
    }
    reset_backends()

    status, out, err = import_command(str(path))

    assert status == 1
    assert err.startswith("search index not updated: ") and "run check_index --repair" in err
    assert out.splitlines()[-1].startswith("created 1,")
    settings.ARCHIVE_SEARCH = {
        "default": {"BACKEND": "archive.search.whoosh_backend.WhooshBackend", "PATH": good_index}
    }
    reset_backends()
    assert import_command(str(path))[0] == 0  # unchanged now, and indexed
    assert indexing.check_index().ok


@pytest.mark.django_db
def test_an_unavailable_index_while_importing_is_a_message_not_a_traceback(
    write_article, monkeypatch
):
    path = write_article("a.txt", ARTICLES["jp-hanoi.txt"])

    def unavailable(ids):
        raise SearchUnavailable("the index is locked by another process")

    monkeypatch.setattr(indexing, "index_articles", unavailable)

    status, out, err = import_command(str(path))

    assert status == 1
    assert err.strip() == (
        "search index not updated: the index is locked by another process. The articles are "
        "saved; run check_index --repair once that is fixed."
    )
