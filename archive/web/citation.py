"""An article's citable record: what a reader needs to cite it, and ready-to-copy citations.

Everything here is plain text; templates escape it. Only an absolute http(s) URL ever becomes a
link (``safe_link``): a stored URL is data from a crawled page and may say ``javascript:``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit

from archive.models import Article

ARCHIVE_NAME = "Vietnam investment archive"
LINK_SCHEMES = ("http", "https")
# Titles the importer made up, and what the page says next to them.
TITLE_NOTES = {
    Article.TitleOrigin.LEDE: "Title made from the article's first sentence; no headline found",
    Article.TitleOrigin.PAGE_METADATA: (
        "Title taken from the page's metadata; no headline found in the article's text"
    ),
}


def safe_link(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL that may be a link's href, else None."""
    url = (url or "").strip()
    if not url or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.hostname:
        return None
    return url


def title_note(article: Article) -> str | None:
    """What the page says next to a title the importer made up (None for a real headline)."""
    return TITLE_NOTES.get(article.title_origin)


def date_origin(article: Article) -> str:
    """Where the publication date came from, in words ("" when undated or unknown)."""
    if article.published is None or not article.published_origin:
        return ""
    if article.published_origin == "editor" or "published" in (article.corrected_fields or ()):
        return "set by an editor"
    return f"from the {article.published_origin}"


def implied_places(article: Article) -> dict[str, list[str]]:
    """Country code -> the places that imply it, from ``article.implied_countries``."""
    places: dict[str, list[str]] = {}
    for entry in article.implied_countries or ():
        if not isinstance(entry, dict):
            continue
        code, place = entry.get("code"), entry.get("place")
        if isinstance(code, str) and code:
            found = places.setdefault(code.upper(), [])
            if isinstance(place, str) and place and place not in found:
                found.append(place)
    return places


@dataclass(frozen=True)
class CitableRecord:
    title: str
    title_note: str | None
    publisher: str  # the site or publisher, else the agency
    source: str  # the agency (VNA, VNS, ...)
    author: str
    published: date | None
    date_origin: str
    url: str  # the original URL as stored
    link: str | None  # the same when it is safe to link, else None
    crawled: datetime | None
    permalink: str
    accessed: date
    title_from_lede: bool = False

    @property
    def container(self) -> str:
        """The publisher, with the agency when it is another name ("VietnamPlus (VNA)")."""
        if self.publisher and self.source and self.source.lower() not in self.publisher.lower():
            return f"{self.publisher} ({self.source})"
        return self.publisher or self.source

    @property
    def cited_title(self) -> str:
        # A title made from the first sentence is the citer's description, so in brackets.
        return f"[{self.title}]" if self.title_from_lede else self.title

    @property
    def chicago(self) -> str:
        """Chicago style (bibliography entry for a web page), plain text."""
        parts = []
        if self.author:
            parts.append(_sentence(self.author))
        parts.append(f"“{_sentence(self.cited_title)}”")
        when = _long_date(self.published) if self.published else "n.d."
        parts.append(_sentence(f"{self.container}, {when}" if self.container else when))
        if self.link:
            parts.append(_sentence(self.link))
        parts.append(
            f"Archived at {ARCHIVE_NAME}, {self.permalink}, accessed {_long_date(self.accessed)}."
        )
        return " ".join(parts)

    @property
    def apa(self) -> str:
        """APA style, plain text."""
        when = (
            f"({self.published.year}, {self.published:%B} {self.published.day})."
            if self.published
            else "(n.d.)."
        )
        title = _sentence(self.cited_title)
        head = [_sentence(self.author), when, title] if self.author else [title, when]
        parts = head + ([_sentence(self.container)] if self.container else [])
        parts.append(self.link or self.permalink)
        if self.link:
            parts.append(f"Archived at {self.permalink}")
        return " ".join(parts)


def citable_record(article: Article, permalink: str, accessed: date) -> CitableRecord:
    """The article's record; ``permalink`` is the archive page's absolute URL."""
    return CitableRecord(
        title=article.title,
        title_note=title_note(article),
        publisher=article.publisher.strip(),
        source=article.source.strip(),
        author=article.author.strip(),
        published=article.published,
        date_origin=date_origin(article),
        url=article.url.strip(),
        link=safe_link(article.url),
        crawled=article.crawled,
        permalink=permalink,
        accessed=accessed,
        title_from_lede=article.title_origin == Article.TitleOrigin.LEDE,
    )


def _long_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _sentence(text: str) -> str:
    """``text`` ending with one full stop (none doubled after "?", "!" or ".")."""
    text = text.strip()
    return text if text.endswith((".", "?", "!")) else text + "."
