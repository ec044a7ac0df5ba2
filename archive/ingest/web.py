"""Saved web pages: HTML -> the article's main text and the page's metadata. Pure: no database.

trafilatura finds the main text (comments off, so menus, related-article lists, share buttons,
cookie banners and comment forms stay out) and reads the page's metadata (title, site name,
author, description); htmldate reads the original publication date from the page's markup
(never guessed from free text). The main text then goes through the same ``extract()`` as a
``.txt`` file, as a plain text of headline line, date line and paragraphs.

Where each field comes from:

- url: the page's canonical link, else the URL it was fetched from (WARC-Target-URI), else its
  og:url; normalised (``normalise_url``), it is a web article's identity.
- publisher: the outlet of that URL (``archive.extraction.sources.outlet_for_url`` and the outlets
  data file) by its full name, else the page's site name.
- title: the page's title (og:title, else <title> or the headline) without a site-name suffix
  (" | VietnamPlus"), origin "page metadata"; else what extract() makes of the text.
- published: htmldate's original publication date, origin "page metadata"; else extract()'s.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from archive import extraction
from archive.extraction.text import fold_diacritics
from archive.extraction.types import TITLE_FROM_PAGE_METADATA, Extraction, StatedDate

PAGE_METADATA = "page metadata"  # Article.title_origin / published_origin of what the page says
_DEFAULT_PORTS = {"http": 80, "https": 443}
# " | VietnamPlus", " - VnExpress International", " – Tuoi Tre News": a site name after the title.
_TITLE_SEPARATOR_RE = re.compile(r"\s+(?:\||-|–|—|·|::|»)\s+")


class PageError(ValueError):
    """A page that cannot become an article; the message says why in a few words."""


@dataclass(frozen=True)
class WebPage:
    """What the importer keeps of one page besides its text and bytes."""

    extraction: Extraction
    url: str = ""
    publisher: str = ""
    author: str = ""
    description: str = ""


def normalise_url(url: str) -> str:
    """A URL as an identity: scheme and host in lower case, default port, fragment and utm_*
    parameters dropped, an empty path as "/". "" for anything that is not an http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return ""
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in _DEFAULT_PORTS or not host:
        return ""
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    query = urlencode(
        [
            (name, value)
            for name, value in parse_qsl(parts.query, keep_blank_values=True)
            if not name.lower().startswith("utm_")
        ]
    )
    return urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def read_page(html: str, *, target_uri: str = "") -> WebPage:
    """One decoded HTML page as an article: its extraction and metadata."""
    import trafilatura
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        raise PageError("not an HTML page")
    url = _page_url(tree, target_uri)
    published = _publication_date(html)
    document = trafilatura.bare_extraction(
        load_html(html),  # trafilatura prunes the tree it is given
        url=url or None,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        deduplicate=False,
    )
    if document is None or not (document.text or "").strip():
        raise PageError("no article text in the page")
    publisher = _publisher(url, document.sitename or "")
    title = _strip_site_name(_clean(document.title), url, publisher, document.sitename or "")
    extracted = extraction.extract(_plain_text(title, published, document.text))
    extracted = replace(extracted, body=_without_date_line(extracted.body, published))
    if not extracted.body.strip():
        raise PageError("no article text after removing boilerplate")
    if title:
        extracted = replace(extracted, title=title, title_origin=TITLE_FROM_PAGE_METADATA)
    if published is not None:
        extracted = replace(extracted, published=StatedDate(published, PAGE_METADATA))
    if not extracted.source and url:
        extracted = replace(extracted, source=_outlet_short(url))
    return WebPage(
        extraction=extracted,
        url=url,
        publisher=publisher[:200],
        author=_clean(document.author)[:300],
        description=_clean(document.description),
    )


def _clean(value: str | None) -> str:
    return " ".join((value or "").split())


def _page_url(tree, target_uri: str) -> str:
    """The canonical link, else the fetched URL, else og:url; relative links read against the
    fetched URL."""
    base = normalise_url(target_uri)
    candidates = [
        href
        for link in tree.iterfind(".//link[@rel][@href]")
        if "canonical" in link.get("rel", "").lower().split()
        for href in [link.get("href", "")]
    ]
    candidates.append(base)
    candidates += [
        meta.get("content", "")
        for meta in tree.iterfind(".//meta[@property][@content]")
        if meta.get("property", "").lower() == "og:url"
    ]
    for candidate in candidates:
        url = normalise_url(urljoin(base, candidate.strip())) if candidate else ""
        if url:
            return url
    return ""


def _publication_date(html: str) -> date | None:
    """The page's original publication date from its markup, else None (nothing guessed)."""
    import htmldate

    found = htmldate.find_date(
        html, original_date=True, extensive_search=False, outputformat="%Y-%m-%d"
    )
    try:
        return date.fromisoformat(found) if found else None
    except ValueError:
        return None


def _plain_text(title: str, published: date | None, text: str) -> str:
    """The main text as a ``.txt`` article: headline line, date line, blank-line paragraphs."""
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]
    if paragraphs and title and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]  # trafilatura keeps the page's own headline
    head = [line for line in (title, published and _date_line(published)) if line]
    return "\n".join(head) + "\n\n" + "\n\n".join(paragraphs) if head else "\n\n".join(paragraphs)


def _date_line(published: date) -> str:
    return f"Published: {published.isoformat()}"


def _without_date_line(body: str, published: date | None) -> str:
    """The body without the date line _plain_text put there: the date is metadata, not text."""
    if published is None:
        return body
    paragraphs = body.split("\n\n")
    if paragraphs and paragraphs[0].strip() == _date_line(published):
        paragraphs = paragraphs[1:]
    return "\n\n".join(paragraphs)


def _same(a: str, b: str) -> bool:
    return _key(a) == _key(b)


def _key(text: str) -> str:
    return re.sub(r"\W+", "", fold_diacritics(text).casefold())


def _strip_site_name(title: str, url: str, *names: str) -> str:
    """The title without a trailing site name: " | VietnamPlus", " - VnExpress International".

    The last part after a separator goes when it is one of the site's names or holds the name
    of the site's host ("VnExpress International" on e.vnexpress.net).
    """
    separators = list(_TITLE_SEPARATOR_RE.finditer(title))
    if not separators:
        return title
    last = _key(title[separators[-1].end() :])
    site_keys = {_key(name) for name in names if name}
    host = urlsplit(url).hostname or ""
    labels = [_key(label) for label in host.split(".") if len(label) > 3 and label != "www"]
    if last and (last in site_keys or any(label in last for label in labels)):
        return title[: separators[-1].start()].strip()
    return title


def _publisher(url: str, sitename: str) -> str:
    """The outlet of the URL by its full name (the outlets data file), else the site name."""
    short = _outlet_short(url) if url else None
    if short:
        try:
            from archive.extraction.sources import outlet_names
        except ImportError:
            return short
        return outlet_names().get(short, short)
    return _clean(sitename)


def _outlet_short(url: str) -> str | None:
    try:
        from archive.extraction.sources import outlet_for_url
    except ImportError:  # not there yet: the page's own site name stands in
        return None
    return outlet_for_url(url)
