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
  data file) by its full name, else the page's site name, else the last part of its <title>.
- author: the page's metadata (trafilatura), else its printed byline (an author/byline element,
  a "By ..." or "Writer: ..." line); never the site's or an outlet's name.
- title: the page's title (og:title, else <title> or the headline) without a site-name suffix
  (" | VietnamPlus"), origin "page metadata"; else what extract() makes of the text.
- published: htmldate's original publication date, origin "page metadata"; else extract()'s. The
  site's clock (a header's today's date, "Hôm nay: ...") is taken out before htmldate reads.

Tables that lay out the page (navigation and article side by side) are read as blocks; the
breadcrumbs and headline above the text and a related-links box's heading below it stay out.
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
_TITLE_SEPARATOR_RE = re.compile(r"\s+(?:\||-|–|—|·|::|»)\s+|\s*｜\s*")  # ｜: Japanese sites
# Page furniture that shows the site's clock ("Hôm nay: Thứ Sáu, 10/03/2023", a header's
# "Saturday, 22/07/2023"): the day the page was saved, never the day the article was published.
_CLOCK_CLASS_RE = re.compile(r"today|current-?date|clock|ngay-?hien-?tai|hom-?nay", re.IGNORECASE)
_CLOCK_TEXT_RE = re.compile(r"^\s*(?:hôm nay|today)\b", re.IGNORECASE)
_CLOCK_MAX_CHARS = 80
# A table that holds a headline, a form, another table or paragraphs in blocks lays out the page
# (old portals put navigation and article side by side in one); it is read as blocks, not rows.
_LAYOUT_TABLE_XPATH = ".//h1|.//h2|.//table|.//form|.//td//div//p"
# The first lines of trafilatura's text where the page's headline may stand below breadcrumbs
# and labels of at most _LABEL_MAX_CHARS; a breadcrumb whose last crumb is the headline.
_LEAD_LINES = 4
_LINK_ITEM_MAX_WORDS = 25  # a list item below a box heading: another story's headline
_LABEL_MAX_CHARS = 90
_CRUMB_END_RE = re.compile(r"^.{1,80}?\s(?:>>?|»|›|/|\|)\s(?P<last>[^>»›/|]+)$")
# Where a page prints its byline, when its metadata names no person.
_BYLINE_CLASS_RE = re.compile(r"author|byline|writer|reporter", re.IGNORECASE)
_BYLINE_LABEL_RE = re.compile(
    r"^\s*(?:by|writer|author|written by|reporter|tác giả)\s*[:：]?\s+", re.IGNORECASE
)
# Comments and other stories' boxes ("sidebar" is no sign: some sites call their main column so).
_OTHER_BOX_RE = re.compile(r"comment|related|footer|most-?(?:read|viewed|popular)", re.I)
_BYLINE_END_RE = re.compile(r"\s*(?:[/|(,;–—]|\s-\s).*$")
_NAME_WORD_RE = re.compile(r"^[^\W\d_][\w.'’-]*$")


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
    published = _publication_date(_without_clocks(load_html(html)))
    document = trafilatura.bare_extraction(
        _unwrap_layout_tables(load_html(html)),  # trafilatura prunes the tree it is given
        url=url or None,
        include_comments=False,
        include_tables=True,
        with_metadata=True,
        deduplicate=False,
    )
    if document is None or not (document.text or "").strip():
        raise PageError("no article text in the page")
    sitename = _site_name(tree, document.sitename or "")
    publisher = _publisher(url, sitename)
    title = _strip_site_name(_clean(document.title), url, publisher, sitename)
    extracted = extraction.extract(_plain_text(title, published, document.text))
    extracted = replace(extracted, body=_body_only(extracted.body, title, published))
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
        author=_author(tree, document.author, (publisher, sitename))[:300],
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
    paragraphs = _without_box_headings(
        _after_headline([line.strip() for line in text.splitlines() if line.strip()], title)
    )
    head = [line for line in (title, published and _date_line(published)) if line]
    return "\n".join(head) + "\n\n" + "\n\n".join(paragraphs) if head else "\n\n".join(paragraphs)


def _after_headline(paragraphs: list[str], title: str) -> list[str]:
    """The text after the page's own headline, which trafilatura keeps with what the page prints
    above it: breadcrumbs and section labels, or a breadcrumb ending in the headline ("Home >
    Press Releases > <headline>"). Unchanged when the headline is not among the first lines or
    prose stands above it."""
    title_key = _key(title)
    if not title_key:
        return paragraphs
    for index, line in enumerate(paragraphs[:_LEAD_LINES]):
        above = paragraphs[:index]
        if any(len(other) > _LABEL_MAX_CHARS or other[-1] in ".!?" for other in above):
            return paragraphs
        if _same(line, title):
            return paragraphs[index + 1 :]
        crumbs = _CRUMB_END_RE.match(line)
        if crumbs and _same(crumbs.group("last"), title):
            return paragraphs[index + 1 :]
    return paragraphs


def _without_box_headings(paragraphs: list[str]) -> list[str]:
    """The text without a box below it that trafilatura keeps: a capitalised heading ("RELATED
    ARTICLES", "CÁC TIN KHÁC") alone or over nothing but a list of links ("- <headline>")."""
    end = len(paragraphs)
    while end and _is_link_item(paragraphs[end - 1]):
        end -= 1
    if end and _is_box_heading(paragraphs[end - 1]):
        paragraphs = paragraphs[: end - 1]
    while paragraphs and _is_box_heading(paragraphs[-1]):
        paragraphs = paragraphs[:-1]
    return paragraphs


def _is_link_item(line: str) -> bool:
    return line.startswith("- ") and len(line.split()) <= _LINK_ITEM_MAX_WORDS


def _is_box_heading(line: str) -> bool:
    """ "RELATED ARTICLES": 2-4 words in capitals, and no outlet's credit ("VNA/VNS")."""
    words = line.split()
    if not (2 <= len(words) <= 4 and line == line.upper() and any(ch.isalpha() for ch in line)):
        return False
    try:
        from archive.extraction.sources import canonical_source
    except ImportError:
        return True
    return canonical_source(line) is None


def _date_line(published: date) -> str:
    return f"Published: {published.isoformat()}"


def _body_only(body: str, title: str, published: date | None) -> str:
    """The body without the headline and date line _plain_text put there when extract() left
    them in: they are the article's title and date, not its text."""
    paragraphs = body.split("\n\n")
    if paragraphs and title and _same(paragraphs[0], title):
        paragraphs = paragraphs[1:]
    if paragraphs and published and paragraphs[0].strip() == _date_line(published):
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


def _without_clocks(tree):
    """The page without the elements that show the site's clock, for the date finder."""
    for element in list(tree.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        marks = f"{element.get('class', '')} {element.get('id', '')}"
        text = " ".join(element.text_content().split())
        if len(text) <= _CLOCK_MAX_CHARS and (
            _CLOCK_CLASS_RE.search(marks) or _CLOCK_TEXT_RE.match(text)
        ):
            element.drop_tree()
    return tree


def _unwrap_layout_tables(tree):
    """The page with its layout tables read as blocks (see _LAYOUT_TABLE_XPATH)."""
    for table in list(tree.iter("table")):
        if not table.xpath(_LAYOUT_TABLE_XPATH):
            continue
        for element in [table, *table.iter("tbody", "thead", "tfoot", "tr", "td", "th")]:
            if element is table or element.getparent() is not None:
                element.tag = "div"
                for attribute in ("width", "valign", "align", "colspan", "rowspan"):
                    element.attrib.pop(attribute, None)
    return tree


def _site_name(tree, sitename: str) -> str:
    """The site's name: the page's own (og:site_name, as trafilatura reads it), else the last
    part of a <title> such as "Press Releases | Shizuoka Prefecture" (a host name is no name)."""
    sitename = _clean(sitename)
    if sitename and not re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", sitename):
        return sitename
    title = _clean(tree.findtext(".//title"))
    separators = list(_TITLE_SEPARATOR_RE.finditer(title))
    if separators:
        last = title[separators[-1].end() :].strip()
        if 1 <= len(last.split()) <= 6:
            return last
    return sitename


def _author(tree, author: str | None, site_names: tuple[str, ...]) -> str:
    """The article's author: the page's metadata (trafilatura), else its printed byline; never
    the site or an outlet ("Tuoi Tre News", "NDO"), which is the publisher, not a person."""
    author = _clean(author)
    if author and not _is_site(author, site_names):
        return author
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag in ("meta", "script", "style"):
            continue
        marks = " ".join(element.get(name, "") for name in ("class", "id", "itemprop", "rel"))
        text = _clean(element.text_content())
        if not text or len(text) > 80 or _in_other_box(element):
            continue
        # A label counts in the element's own text: "By <a>Name</a>", not a box holding one.
        if _BYLINE_CLASS_RE.search(marks) or _BYLINE_LABEL_RE.match(element.text or ""):
            name = _person_name(text)
            if name and not _is_site(name, site_names):
                return name
    return ""


def _in_other_box(element) -> bool:
    """Inside comments, related or most-read stories or the footer: another byline than the
    article's (a commenter's, another story's)."""
    return any(
        _OTHER_BOX_RE.search(f"{box.get('class', '')} {box.get('id', '')}") or box.tag == "footer"
        for box in (element, *element.iterancestors())
    )


def _person_name(text: str) -> str:
    """ "By Dat Nguyen", "WRITER: Somsak Chaiyaporn", "Hoang An / Tuoi Tre News" -> the name; ""
    when what is left does not look like a person's name (2-5 capitalised words)."""
    name = _BYLINE_END_RE.sub("", _BYLINE_LABEL_RE.sub("", text)).strip()
    words = name.split()
    if 2 <= len(words) <= 5 and all(_NAME_WORD_RE.match(w) and w[0].isupper() for w in words):
        return name
    return ""


def _is_site(name: str, site_names: tuple[str, ...]) -> bool:
    key = _key(name)
    if not key or key in {_key(site) for site in site_names if site}:
        return True
    try:
        from archive.extraction.sources import SOURCE_ALIASES
    except ImportError:
        return False
    return key in {_key(alias) for alias in SOURCE_ALIASES}
