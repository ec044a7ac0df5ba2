"""A small invented corpus and the backends the contract suite runs against."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings

from archive.search.base import SearchBackend, SearchDocument
from archive.search.postgres_backend import PostgresBackend
from archive.search.whoosh_backend import WhooshBackend

KOREA_NAMES = ("South Korea", "RoK", "Korean")

CORPUS = (
    SearchDocument(
        id=1,
        title="Korean electronics group expands its factory in Bắc Ninh",
        body="The group will add two assembly lines in Bắc Ninh, raising its investment to "
        "USD 2 billion. Provincial officials promised faster land clearance for investors.",
        published=date(2024, 3, 5),
        source="VNA",
        countries=("south-korea",),
        localities=("bac-ninh",),
        officials=("tran-minh-khoa",),
        entity_names=(*KOREA_NAMES, "Bắc Ninh", "Bac Ninh"),
        money=(("project_capital", 2_000_000_000.0),),
    ),
    SearchDocument(
        id=2,
        title="Japanese ODA loan signed for a new metro line in Hà Nội",
        body="The loan covers rolling stock and stations. Japan has been the largest ODA "
        "partner of the capital for a decade.",
        published=date(2023, 11, 20),
        source="VNS",
        countries=("japan",),
        localities=("ha-noi",),
        entity_names=("Japan", "Japanese", "Hà Nội", "Hanoi"),
        # A yen loan converted, and a figure whose currency had no rate.
        money=(("oda_loan", 350_000_000.0), ("oda_loan", None), ("other", 5_000_000.0)),
    ),
    SearchDocument(
        id=3,
        title="Binh Duong welcomes Singaporean industrial park investors",
        body="Investors toured the new industrial park in Binh Duong and praised its logistics.",
        published=date(2024, 1, 15),
        source="VNA",
        countries=("singapore",),
        localities=("binh-duong",),
        officials=("le-thi-hoa",),
        entity_names=("Singapore", "Bình Dương", "Binh Duong"),
        money=(("fdi_registered", 120_000_000.0), ("project_capital", 40_000_000.0)),
    ),
    SearchDocument(
        id=4,
        title="Việt Nam and Korea sign a memorandum on FDI cooperation",
        body="Both sides agreed to simplify procedures for foreign direct investment and to "
        "share data on projects.",
        published=date(2022, 6, 10),
        source="VNS",
        countries=("south-korea",),
        officials=("le-thi-hoa",),
        entity_names=(*KOREA_NAMES, "Việt Nam", "Vietnam"),
    ),
    SearchDocument(
        id=5,
        # NFD on purpose: the same letters as NFC text, decomposed into base letters and marks.
        title=unicodedata.normalize("NFD", "Investors from Japan visit Bắc Ninh"),
        body=unicodedata.normalize(
            "NFD",
            "A delegation of Japanese investors visited Bắc Ninh to look at land for "
            "component makers.",
        ),
        published=date(2021, 9, 1),
        source="Nhân Dân",
        countries=("japan",),
        localities=("bac-ninh",),
        entity_names=("Japan", "Japanese", "Bắc Ninh"),
    ),
    SearchDocument(
        id=6,
        title="Investment climate report for Đà Nẵng",
        body="<script>alert(1)</script> climate & business survey shows steady growth.",
        published=date(2024, 3, 20),
        source="VNA",
        countries=("united-states",),
        localities=("da-nang",),
        entity_names=("United States", "US", "Đà Nẵng", "Da Nang"),
    ),
    SearchDocument(
        id=7,
        title="Provincial leaders discuss green energy with Danish partners",
        body="Offshore wind and solar projects were on the agenda of the meeting.",
        published=None,
        source="VNA",
        countries=("denmark",),
        localities=("quang-ninh",),
        entity_names=("Denmark", "Danish", "Quảng Ninh"),
        money=(("fdi_registered", 3_000_000_000.0),),
    ),
    SearchDocument(
        id=8,
        title="Hanoi hosts a business forum on digital transformation",
        body="Technology firms from several countries presented software services.",
        published=date(2023, 2, 14),
        source="Hà Nội Mới",
        localities=("ha-noi",),
        entity_names=("Hà Nội", "Hanoi"),
    ),
    SearchDocument(
        id=9,
        title="Electronics maker opens a research centre",
        body="The centre will employ three hundred engineers working on chips.",
        published=date(2024, 2, 2),
        source="VNS",
        countries=("south-korea",),
        localities=("ha-noi",),
        entity_names=KOREA_NAMES,
    ),
    SearchDocument(
        id=10,
        title="Merged province sets out its investment priorities",
        body="After the merger the province's leaders named logistics and farming as priorities.",
        published=date(2023, 8, 8),
        source="VNA",
        localities=("thai-binh",),
        # A province's old and new names, as the entity tagger would attach them.
        entity_names=("Thái Bình", "Thai Binh", "Hưng Yên", "Hung Yen"),
    ),
    SearchDocument(
        id=11,
        title="Singapore and Japan investors eye Đà Nẵng port",
        body="Port operators from both countries met city leaders about a container terminal.",
        published=date(2024, 2, 11),
        source="VNS",
        countries=("singapore", "japan"),
        localities=("da-nang",),
        entity_names=("Singapore", "Japan", "Đà Nẵng"),
        money=(("fdi_registered", 40_000_000.0), ("trade_turnover", 900_000_000.0)),
    ),
    SearchDocument(
        id=12,
        title="Danish wind projects off Bình Thuận move ahead",
        body="Energy planners expect the first turbines within five years.",
        published=date(2019, 5, 30),
        source="VNA",
        countries=("denmark",),
        localities=("binh-thuan",),
        entity_names=("Denmark", "Danish", "Bình Thuận"),
    ),
)
CORPUS_BY_ID = {document.id: document for document in CORPUS}


def memory_backend(tmp_path: Path) -> WhooshBackend:
    return WhooshBackend()


def directory_backend(tmp_path: Path) -> WhooshBackend:
    return WhooshBackend(path=tmp_path / "index")


def postgres_backend(tmp_path: Path) -> PostgresBackend:
    return PostgresBackend()


# A future backend joins the contract suite by adding its factory here.
BACKEND_FACTORIES: dict[str, Callable[[Path], SearchBackend]] = {
    "whoosh-memory": memory_backend,
    "whoosh-directory": directory_backend,
    "postgres": postgres_backend,
}
# Backends whose index is the test database: they need it, with real commits (the contract's
# writers run in threads, each with its own connection), and PostgreSQL.
DATABASE_BACKENDS = {"postgres"}
ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
NEEDS_POSTGRES = (
    pytest.mark.skipif(
        not ON_POSTGRES,
        reason="the PostgreSQL backend needs a PostgreSQL test database: "
        "`make test` runs this suite again on one (scripts/with_postgres.sh)",
    ),
    pytest.mark.django_db(transaction=True),
)
BACKEND_PARAMS = [
    pytest.param(name, marks=NEEDS_POSTGRES if name in DATABASE_BACKENDS else ())
    for name in sorted(BACKEND_FACTORIES)
]


@pytest.fixture(params=BACKEND_PARAMS)
def make_backend(request, tmp_path) -> Callable[[], SearchBackend]:
    """Builds the backend under test; every call shares the same storage (another 'process')."""
    factory = BACKEND_FACTORIES[request.param]
    first: list[SearchBackend] = []

    def make() -> SearchBackend:
        if first and request.param == "whoosh-memory":
            # RAM storage cannot be shared by a second instance; hand back the same one.
            return first[0]
        backend = factory(tmp_path)
        first.append(backend)
        return backend

    return make


@pytest.fixture
def empty_backend(make_backend) -> SearchBackend:
    return make_backend()


@pytest.fixture
def backend(empty_backend) -> SearchBackend:
    empty_backend.index(CORPUS)
    return empty_backend
