"""Invented articles for the browser tests, imported the way the archive imports real ones."""

from __future__ import annotations

from pathlib import Path

from archive.ingest.pipeline import import_paths
from archive.models import Article
from archive.search import indexing

# More Japan articles than one result page holds (20), so a Japan search has a page 2.
JAPAN_ARTICLES = 25
# Each article its own province, maker and figures: 25 different stories, never near-duplicates
# of one another (the importer groups near-duplicates into one search result).
PROVINCES = [
    "Bac Ninh", "Hai Phong", "Dong Nai", "Thai Nguyen", "Vinh Phuc", "Hung Yen", "Long An",
    "Binh Duong", "Quang Ninh", "Ha Nam", "Nam Dinh", "Thai Binh", "Ninh Binh", "Thanh Hoa",
    "Nghe An", "Ha Tinh", "Quang Tri", "Quang Nam", "Binh Dinh", "Khanh Hoa", "Lam Dong",
    "Tay Ninh", "Ben Tre", "Can Tho", "Hau Giang",
]  # fmt: skip
MAKERS = [
    "Aoba", "Kitamura", "Sorano", "Hikari", "Mizuki", "Takane", "Yamabe", "Kawase", "Hoshino",
    "Midori", "Tsubasa", "Asahara", "Kurosaki", "Fujisaki", "Nagano Seiki", "Ishida", "Morioka",
    "Sakura", "Tanabe", "Ueno", "Wakaba", "Yoshino", "Ebisu", "Furukawa", "Hamada",
]  # fmt: skip
PRODUCTS = [
    "circuit boards", "bicycle parts", "medical gloves", "camera lenses", "textile dyes",
    "auto wiring", "solar inverters", "ceramic tiles", "air filters",
]  # fmt: skip


def japan_articles() -> dict[str, str]:
    """25 short invented articles, each a different story: all name Japan and a factory
    investment, every third also South Korea."""
    articles = {}
    for n in range(JAPAN_ARTICLES):
        province, maker, product = PROVINCES[n], MAKERS[n], PRODUCTS[n % len(PRODUCTS)]
        year, month = 2021 + n % 4, 1 + n % 12
        korea = f" South Korean partners from Busan joined talk {n + 3}." if n % 3 == 0 else ""
        articles[f"japan-{n:02d}.txt"] = (
            f" date {year}-{month:02d}-{1 + n % 27:02d} {maker} plans Japanese factory {n} in "
            f"{province}\n"
            f"{province} (VNA) – {maker} Industries of Japan plans factory {n} in {province} to "
            f"make {product}, an investment of {10 + n} million USD.{korea}\n\n"
            f"{maker} expects {200 + 7 * n} workers at the {product} lines by {year + 2}, "
            f"director {maker} Ken told reporters in {province}.\n\n"
            "The provincial leaders promised faster land clearance for the project./.\n"
        )
    return articles


# Organisations with money: JICA lends (2019) and gives (2021) in two cities, Samsung Electronics
# invests in Bac Ninh (2021). JICA's page has a loan and a grant in its yearly money totals.
ORGANISATION_ARTICLES = {
    "org-jica-haiphong.txt": (
        " date 2019-05-14 Drainage loan signed for Hai Phong\n"
        "Hai Phong (VNA) – The Japan International Cooperation Agency (JICA) signed a loan of 20 "
        "billion yen with Hai Phong for its drainage works, city officials said on Tuesday.\n\n"
        "JICA said the works would protect 300,000 residents from floods by 2024./.\n"
    ),
    "org-jica-danang.txt": (
        " date 2021-08-03 Grant for Da Nang flood warnings\n"
        "Da Nang (VNA) – JICA handed Da Nang a grant of US$5 million for flood warning stations "
        "along the Han River, the city said on Monday./.\n"
    ),
    "org-samsung-bacninh.txt": (
        " date 2021-02-10 Samsung Electronics expands in Bac Ninh\n"
        "Bac Ninh (VNA) – Samsung Electronics registered an additional US$920 million of FDI in "
        "its Bac Ninh plant, provincial leaders said on Wednesday./.\n"
    ),
}


def import_articles(folder: Path, articles: dict[str, str]) -> list[Article]:
    """Write ``articles`` (file name -> text) under ``folder``, import them and index them."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    report = import_paths([folder])
    assert not report.failures, report.failures
    indexing.rebuild()
    return list(Article.objects.order_by("source_file"))


# Money as data in search: figures of different sizes and measures, in four different stories
# (one without any figure). The amount filter and the largest-figure order are tested on them.
MONEY_ARTICLES = {
    "money-thaibinh.txt": (
        " date 2023-04-11 Textile maker registers FDI in Thai Binh\n"
        "Thai Binh (VNA) – A Taiwanese textile maker registered FDI of US$40 million for a "
        "weaving plant in Thai Binh, the provincial planning office said./.\n"
    ),
    "money-nghean.txt": (
        " date 2022-10-05 Steel project approved in Nghe An\n"
        "Nghe An (VNA) – Nghe An approved a steel rolling project with total capital of US$650 "
        "million near Vinh city, its investor said on Wednesday./.\n"
    ),
    "money-quangtri.txt": (
        " date 2024-01-18 Wind farm capital raised in Quang Tri\n"
        "Quang Tri (VNA) – A wind farm in Quang Tri raised its project capital to US$210 million "
        "after adding twelve turbines, the developer said./.\n"
    ),
    "money-cantho.txt": (
        " date 2024-03-09 Can Tho hosts a rice trade fair\n"
        "Can Tho (VNA) – Rice exporters and buyers from nine countries met at a trade fair in Can "
        "Tho city this week to discuss new varieties./.\n"
    ),
}
