"""Take a crawled article's site furniture out of its text, keeping what it tells us apart.

``clean(text)`` works line by line, in this order:

1. NFC, the `` date YYYY-MM-DD `` crawl prefix -> ``crawl_date``;
2. site boilerplate (``Other News``, ``Trending``, ``Like us on Facebook...``, ``Back to top``)
   and everything after it, inline "Read more: ..." links, a trailing list of related-link
   lines, and controls anywhere (``Font size: A- A+``, ``Share``, ``Print``, see ``furniture``);
3. photo captions -> ``captions`` (each once); bylines (``By X``, ``X, Nikkei staff writer``),
   ``Source: X`` credit lines and lines naming nothing but an outlet (``KYODO``);
4. the page's top furniture: breadcrumbs, a bare dateline line (``VIETNAM, April 16 -``) and a
   section label above the headline (``Industry``);
5. the headline, a first line that reads as a title rather than a sentence -> ``headline``, and
   the same headline repeated as the body's first paragraph;
6. an outlet opening the lede (``Nhan Dan Online –``, ``VOV.VN -``, ``(Bloomberg) --``)
   -> ``agency``;
7. the dateline opening the lede (``HÀ NỘI —``, ``Binh Duong (VNA) –``) -> ``dateline_place``;
8. closing agency tags (``— VNS``, ``(VNA)``, ``/.``) -> ``agency`` when the dateline gave none.

What is left, one paragraph per line, is the body, paragraphs joined by a blank line. Page-date
lines (``Updated: 12/03/2024``) stay in the body for ``dates.stated_date`` to read, but are never
taken for a headline.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from archive.extraction.dates import is_page_date_line
from archive.extraction.furniture import is_breadcrumb, is_control, match_bare_dateline
from archive.extraction.sources import ALIAS_RE
from archive.extraction.text import fold_diacritics, is_word_character, nfc
from archive.extraction.types import CleanText

# The crawler's prefix at the very start: " date 2021-11-10 Speaking at the event, ..."
_CRAWL_PREFIX_RE = re.compile(r"^\s*date\s+(?P<date>\d{4}-\d{2}-\d{2})(?:\s+|$)")
# Invisible characters that pages leave in text and that would defeat matching.
_INVISIBLE_RE = re.compile(r"[\u200b\u200c\u200d\ufeff\u00ad]")

# A line that starts the page's furniture: it and everything after it go.
_BOILERPLATE_LINE_RE = re.compile(
    r"^(?:other\s+news|trending(?:\s+news)?|related\s+(?:news|articles?|stories|posts)|related"
    r"|read\s+more|see\s+more|more\s+news|more\s+stories|most\s+read|most\s+viewed|latest\s+news"
    r"|you\s+may\s+(?:also\s+)?(?:like|be\s+interested(?:\s+in)?)|tags?|keywords?"
    r"|(?:media|press)\s+(?:contacts?|enquiries|inquiries)|###)\s*[:»>]*$"
    r"|^(?:like\s+us\s+on\s+facebook|follow\s+us\s+on|©|copyright\b|all\s+rights\s+reserved"
    r"|enjoying\s+this\s+article\?|click\s+here\s+to\s+subscribe|subscribe\s+to\s+our\s+newsletter"
    r"|sign\s+up\s+for\s+our\s+newsletter"
    r"|(?:tags?|keywords?|(?:media|press)\s+contacts?)\s*:)",
    re.IGNORECASE,
)
# The page's footer navigation ("Back to top", "Useful information"): it ends the article once
# the story has begun; above the story it is only a line of navigation.
_FOOTER_NAV_RE = re.compile(
    r"^(?:back\s+to\s+top|useful\s+(?:information|links))\W*$", re.IGNORECASE
)
_MIN_PROSE_CHARS = 80  # a line this long is a paragraph of the story
# A press release's company profile ("About Acme Foods Inc."): a short heading whose every word
# is capitalised, so no sentence ("About 500 firms attended."); it opens the closing sections
# (company profile, media contact), which go.
_ABOUT_SECTION_RE = re.compile(r"^About\s+(?:[A-Z0-9][\w&.,'’()-]*\s*){1,8}$")
# An inline link to another story ("Read more: Japan pledges ..."): only this line goes.
_INLINE_LINK_RE = re.compile(
    r"^(?:read\s+more|read\s+also|see\s+also|related(?:\s+news)?)\s*[:>»]\s*\S", re.IGNORECASE
)
# A lone bullet between related links ("-"), and a bulleted link line ("- Hanoi eyes ...").
_LONE_BULLET_RE = re.compile(r"^[-–•*]$")
_BULLET_LINE_RE = re.compile(r"^[-–•*]\s+\S")

# Photo credits near the end of a line: "... (Photo: VNA)", "... 2024. Photo: VNA |",
# "(Photo courtesy of JICA)", "— VNA/VNS Photo Trong Duc", "(VNA Photo)".
_CAPTION_CREDIT_RE = re.compile(
    r"(?:^|[\s(\[.|–—-])(?:Photos?|PHOTOS?|Image|Ảnh)\s*(?::|by\b|courtesy\b|credit\b)[^()]{0,100}"
    r"\)?\s*\|?\s*$"
    r"|\b[A-Z]{2,}(?:/[A-Z]{2,})*\s+[Pp]hoto\b[^.()]{0,60}\)?\s*\|?\s*$"
)
# Lines that open as a caption: "Photo: ...", "(Photo: ...)", "Illustrative image", "File photo",
# and the way captions describe a picture: "A view of ...", "An aerial view of ...".
_CAPTION_START_RE = re.compile(
    r"^\(?\s*(?:photos?\s*(?::|by\b|courtesy\b)|illustrat(?:ive|ion)\s+(?:image|photo|picture)"
    r"|file\s+(?:photo|image)|photo\s+for\s+illustration"
    r"|(?:an?\s+)?(?:(?:general|aerial|panoramic|partial|bird's-eye|close-up)\s+)?view\s+of\b)",
    re.IGNORECASE,
)
# "... at the site. (Illustrative photo)" as the end of a line.
_CAPTION_END_RE = re.compile(
    r"\(?\b(?:illustrat(?:ive|ion)|file)\s+(?:image|photo|picture)\)?\.?\s*$", re.IGNORECASE
)
# Pages mark captions with a trailing pipe: "Delegates at the meeting. |"
_TRAILING_PIPE_RE = re.compile(r"\|\s*$")

# "By Nguyen Lan" on its own line: a byline, nothing else.
_BYLINE_RE = re.compile(r"^By\s+[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,4}$")
# "KENTA HIROSE, Nikkei staff writer", "By Mai Lan, Reuters correspondent": a byline naming the
# outlet the writer works for.
_STAFF_BYLINE_RE = re.compile(
    r"^(?:By\s+)?[^\W\d_][^,\n]{1,60},\s*(?P<credit>[^,\n]{2,40}?)\s+"
    r"(?:staff(?:\s+(?:writer|reporter)s?)?|(?:senior\s+|chief\s+)?correspondents?|reporters?)$",
    re.IGNORECASE,
)
# A line naming nothing but an outlet ("KYODO", "(Reuters)", "Tuoi Tre News"): a credit.
_OUTLET_LINE_RE = re.compile(rf"^[(\[—–-]*\s*(?:{ALIAS_RE.pattern})\s*[)\]]?\.?$")
# "Source: VGP", "(Sources: Reuters, Kyodo)", "Theo VnExpress" on its own line.
_CREDIT_LINE_RE = re.compile(r"^\(?(?:Sources?\s*:|Theo\s)\s*(?P<credit>[^()]{1,60}?)\)?\.?$")

# A closing agency tag: one alias or several joined by slashes ("VNA/VNS").
_AGENCY_TAG = rf"{ALIAS_RE.pattern}(?:\s*/\s*{ALIAS_RE.pattern})*"
# The tag closing the last paragraph: "... — VNS", "... (VNA)", "... said. VNA/VNS".
_TRAILING_TAG_RE = re.compile(
    rf"(?:\s*[—–-]+\s*(?P<dashed>{_AGENCY_TAG})|\s*\(\s*(?P<bracketed>{_AGENCY_TAG})\s*\)"
    rf"|(?:(?<=[.!?\"”])|^)\s*(?P<bare>{_AGENCY_TAG}))\s*$"
)
# VNA's end mark "/." (often "./."): it goes, the sentence keeps a full stop.
_END_MARK_RE = re.compile(r"\s*/\.\s*$")

# The dateline opening a lede: "HÀ NỘI — ", "Binh Duong (VNA) – ", "Hanoi, May 3 (VNA) - ",
# "TOKYO, June 2 (Reuters) - ", "TOKYO -- ". Without an (agency), only a long dash (or "--")
# counts and the place must
# be in capitals (see _match_dateline), so "Vietnam – Japan trade" and "US - Japan ties" stay.
_DATELINE_RE = re.compile(
    r"^(?P<place>[^\W\d_][\w.'’&]*(?:\s+[\w.'’&]+){0,4}?)"
    r"(?:,\s*(?:[A-Za-z]{3,9}\.?\s+\d{1,2}|\d{1,2}/\d{1,2}(?:/\d{2,4})?))?"
    r"(?:\s*\((?P<agency>[A-Z][^()]{1,29})\)\s*(?:[—–]|-{1,2})|\s+(?:[—–]|--))\s+(?=\S)"
)
_MIN_CAPITALS_PLACE = 3  # letters; "US —" or "EU —" open a sentence, "HUẾ —" is a dateline
# Capitalised names that open sentences ("ASEAN — Japan ties ...") but are no dateline's place.
_NOT_PLACES = frozenset({"ASEAN", "APEC", "RCEP", "CPTPP", "EVFTA", "FDI", "ODA", "JICA", "JETRO"})

# An outlet opening the lede as its credit: "Nhan Dan Online – ", "VOV.VN - ", "(Bloomberg) -- ".
_OUTLET_LEAD_RE = re.compile(rf"^\(?(?P<outlet>{ALIAS_RE.pattern})\)?\s*(?:[—–]|-{{1,2}})\s+(?=\S)")
# After such a credit, the place a story is filed from needs no capitals: "Ha Noi – ".
_PLACE_AFTER_OUTLET_RE = re.compile(
    r"^(?P<place>[A-ZÀ-Ỹ][\w.'’]*(?:\s+[A-ZÀ-Ỹ][\w.'’]*){0,2})\s+(?:[—–]|-{1,2})\s+(?=\S)"
)
# A section label above the headline ("Industry", "China Economy"): a few capitalised words.
_SECTION_LABEL_RE = re.compile(r"^[A-Z][\w&]*(?:\s+(?:[A-Z][\w&]*|&)){0,2}$")
_TOP_DATELINE_LINES = 5  # a bare dateline line sits among the first lines

_MAX_HEADLINE_WORDS = 22  # a lede sentence runs longer; headlines rarely do
_MAX_HEADLINE_CHARS = 150
# Past-tense reporting verbs: "..., the minister said" is a lede; a headline writes "says" or ":".
_REPORTING_RE = re.compile(r"\b(?:said|told|stated|noted|added|stressed|affirmed|according to)\b")
# A line ending like a sentence (or a clause): ".", ";", ",", ":", "…", VNA's "/.", and
# closing quotes or brackets after them. A headline has none of these at its end.
_SENTENCE_END_RE = re.compile(r"(?:[.;,:…]|/\.)[\"'”’)\]]*$")


def clean(text: str) -> CleanText:
    """Split an article's raw text into body, headline, dateline, agency, crawl date, captions."""
    crawl_date = _split_crawl_prefix(nfc(text))[1]
    lines = article_lines(text)
    captions = tuple(dict.fromkeys(_caption_text(line) for line in lines if is_caption(line)))
    lines = [line for line in lines if not is_caption(line)]
    lines, credited_agency = _drop_credit_lines(lines)
    lines, top_place, top_agency = _drop_top_furniture(lines)
    headline, lines = _split_headline(lines)
    lines = _drop_repeated_headline(headline, lines)
    lead_agency, lines = _split_outlet_lead(lines)
    dateline_place, dateline_agency, lines = _split_dateline(lines, after_outlet=bool(lead_agency))
    lines, tagged_agency = _strip_closing_tags(lines)
    return CleanText(
        body="\n\n".join(lines),
        headline=headline,
        dateline_place=dateline_place or top_place,
        agency=dateline_agency or lead_agency or top_agency or tagged_agency or credited_agency,
        crawl_date=crawl_date,
        captions=captions,
    )


def article_lines(text: str) -> list[str]:
    """The text's non-blank lines up to its boilerplate, normalised, without the crawl prefix.

    Captions are still among them (see ``is_caption``); headline and dateline are untouched.
    """
    return list(_article_lines(text))


@lru_cache(maxsize=4)  # clean() and find_source() read the same article's lines
def _article_lines(text: str) -> tuple[str, ...]:
    return tuple(_cut_boilerplate(page_lines(text)))


def page_lines(text: str) -> list[str]:
    """Every non-blank line of the page, normalised, without the crawl prefix: the article and
    its boilerplate and footer (where the copyright line is)."""
    return _lines(_split_crawl_prefix(nfc(text))[0])


@lru_cache(maxsize=1024)  # clean() asks twice per line, find_source() once more
def is_caption(line: str) -> bool:
    """True for a photo caption line: a photo credit, an "Illustrative image", a trailing "|"."""
    return bool(
        (_may_credit_a_photo(line) and _CAPTION_CREDIT_RE.search(line))
        or _CAPTION_START_RE.match(line)
        or (_may_end_as_caption(line) and _CAPTION_END_RE.search(line))
        or _TRAILING_PIPE_RE.search(line)
    )


# Cheap substring tests that a line must pass for the two slow caption regexes above to match
# (they scan every position of every line). Exact: each lists the literal words its regex needs.
_PHOTO_CREDIT_WORDS = ("hoto", "HOTO", "Image", "\u1ea2nh")  # Photo/photo, PHOTO, Image, Ảnh
_CAPTION_END_NOUNS = ("image", "photo", "picture")
_CAPTION_END_ADJECTIVES = ("illustrat", "file")
# Under re.IGNORECASE "i" also matches "İ" and "ı", and "s" matches "ſ", which lower() keeps apart.
_CASELESS_ODD_LETTERS = ("\u0130", "\u0131", "\u017f")


def _may_credit_a_photo(line: str) -> bool:
    return any(word in line for word in _PHOTO_CREDIT_WORDS)


def _may_end_as_caption(line: str) -> bool:
    low = line.lower()
    if any(letter in line for letter in _CASELESS_ODD_LETTERS):
        return True
    return any(word in low for word in _CAPTION_END_NOUNS) and any(
        word in low for word in _CAPTION_END_ADJECTIVES
    )


def _split_crawl_prefix(text: str) -> tuple[str, date | None]:
    match = _CRAWL_PREFIX_RE.match(text)
    if match is None:
        return text, None
    try:
        crawl_date = date.fromisoformat(match.group("date"))
    except ValueError:  # a malformed stamp is still the crawler's, not the article's
        crawl_date = None
    return text[match.end() :], crawl_date


def _lines(text: str) -> list[str]:
    """Non-blank lines, each with its whitespace runs collapsed to one space."""
    text = _INVISIBLE_RE.sub("", text)
    lines = (" ".join(line.split()) for line in text.splitlines())
    return [line for line in lines if line]


def _cut_boilerplate(lines: list[str]) -> list[str]:
    """Lines before the first boilerplate marker, minus inline links and a closing link list."""
    story_begun = False
    for index, line in enumerate(lines):
        if (
            _BOILERPLATE_LINE_RE.match(line)
            or (index and _ABOUT_SECTION_RE.match(line))
            or (story_begun and _FOOTER_NAV_RE.match(line))
        ):
            lines = lines[:index]
            break
        story_begun = story_begun or len(line) >= _MIN_PROSE_CHARS
    lines = [
        line
        for line in lines
        if not _INLINE_LINK_RE.match(line)
        and not is_control(line)
        and not _FOOTER_NAV_RE.match(line)
    ]
    return _drop_trailing_link_list(lines)


def _drop_trailing_link_list(lines: list[str]) -> list[str]:
    """Drop the related-link lines ("- headline", or "-" then "headline") that end a page.

    Two or more such links make a list; a single bulleted line could be the article's own, so it
    stays, but a lone bullet is never prose and always goes.
    """
    end, links = len(lines), 0
    while end > 0:
        line = lines[end - 1]
        if _LONE_BULLET_RE.match(line):
            end -= 1
        elif _BULLET_LINE_RE.match(line) and not _ends_like_sentence(line):
            end, links = end - 1, links + 1
        elif end >= 2 and _LONE_BULLET_RE.match(lines[end - 2]) and not _ends_like_sentence(line):
            end, links = end - 2, links + 1
        else:
            break
    if links == 1:  # keep a lone bulleted line, drop only the bare bullets around it
        return [line for line in lines if not _LONE_BULLET_RE.match(line)]
    return lines[:end]


def _caption_text(line: str) -> str:
    return _TRAILING_PIPE_RE.sub("", line).strip()


def _drop_credit_lines(lines: list[str]) -> tuple[list[str], str | None]:
    """Remove bylines, ``Source: X`` lines and lines naming only an outlet; the first credit is
    returned. A staff byline credits its outlet ("X, Nikkei staff writer")."""
    kept, credit = [], None
    for line in lines:
        match = _CREDIT_LINE_RE.match(line) or _STAFF_BYLINE_RE.match(line)
        if match:
            credit = credit or match.group("credit").strip()
        elif _OUTLET_LINE_RE.match(fold_diacritics(line)):
            credit = credit or line.strip("()[]—–-. ")
        elif not _BYLINE_RE.match(line):
            kept.append(line)
    return kept, credit


def _drop_top_furniture(lines: list[str]) -> tuple[list[str], str | None, str | None]:
    """Drop breadcrumbs and section labels above the headline, and a dateline standing alone
    on one of the first lines ("VIETNAM, April 16 -"); its place and agency are returned.
    Page-date lines stay (the date finder reads them)."""
    place = agency = None
    kept = []
    for index, line in enumerate(lines):
        match = match_bare_dateline(line) if index < _TOP_DATELINE_LINES else None
        if match:
            place = place or match.group("place")
            agency = agency or (match.group("agency") or "").strip() or None
        else:
            kept.append(line)
    top = 0
    while top < len(kept) and (
        is_page_date_line(kept[top])
        or is_breadcrumb(kept[top])
        or _is_section_label(kept[top], kept[top + 1 :])
    ):
        top += 1
    dates_above = [line for line in kept[:top] if is_page_date_line(line)]
    return dates_above + kept[top:], place, agency


def _is_section_label(line: str, below: list[str]) -> bool:
    """A few capitalised words ("Industry", "China Economy") above a line that reads as the
    headline: the section the story is filed under, not its title."""
    if not _SECTION_LABEL_RE.match(line):
        return False
    rest = [other for other in below if not is_page_date_line(other)]
    return len(rest) >= 2 and _looks_like_headline(rest[0], rest[1])


def _drop_repeated_headline(headline: str | None, lines: list[str]) -> list[str]:
    """Pages print the headline twice (title bar and article): the body does not repeat it."""
    if headline is None:
        return lines
    key = headline.casefold()
    return [line for i, line in enumerate(lines) if i >= 3 or line.casefold() != key]


def _split_outlet_lead(lines: list[str]) -> tuple[str | None, list[str]]:
    """Strip an outlet credit opening the lede ("Nhan Dan Online – ...") and return it."""
    index = next((i for i, line in enumerate(lines[:2]) if not is_page_date_line(line)), None)
    if index is None:
        return None, lines
    line = lines[index]
    folded = fold_diacritics(line)
    match = _OUTLET_LEAD_RE.match(folded)
    if match is None or len(folded) != len(line):
        return None, lines
    return match.group("outlet"), [*lines[:index], line[match.end() :], *lines[index + 1 :]]


def _split_headline(lines: list[str]) -> tuple[str | None, list[str]]:
    """Take the headline off the top: the first non-date line, if it reads as a title."""
    index = next((i for i, line in enumerate(lines[:2]) if not is_page_date_line(line)), None)
    if index is None or index == len(lines) - 1:  # a title needs an article after it
        return None, lines
    following = next((line for line in lines[index + 1 :] if not is_page_date_line(line)), "")
    if not _looks_like_headline(lines[index], following):
        return None, lines
    return lines[index], lines[:index] + lines[index + 1 :]


def _looks_like_headline(line: str, following: str) -> bool:
    """A title, not the lede's first sentence: short, shorter than the paragraph after it,
    no sentence ending, no "..., X said", and no dateline (which only a lede opens with)."""
    return (
        len(line.split()) <= _MAX_HEADLINE_WORDS
        and len(line) <= min(_MAX_HEADLINE_CHARS, len(following))
        and (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘")
        and not _ends_like_sentence(line)
        and not _REPORTING_RE.search(line)
        and _match_dateline(line) is None
    )


def _ends_like_sentence(line: str) -> bool:
    return bool(_SENTENCE_END_RE.search(line))


def _split_dateline(
    lines: list[str], *, after_outlet: bool = False
) -> tuple[str | None, str | None, list[str]]:
    """Strip the dateline from the lede (the first line that is not a page date). After an
    outlet's credit ("Nhan Dan Online – Ha Noi – ...") the place needs no capitals."""
    # The lede is the first line that is not a page date, or the second one after a standfirst.
    candidates = [i for i, line in enumerate(lines[:4]) if not is_page_date_line(line)][:2]
    index = match = None
    for index in candidates:
        match = _match_dateline(lines[index])
        if match is None and after_outlet and index == candidates[0]:
            match = _PLACE_AFTER_OUTLET_RE.match(lines[index])
        if match:
            break
    if match is None or index is None:
        return None, None, lines
    lede = lines[index][match.end() :]
    place = match.group("place")
    agency = match.groupdict().get("agency")
    return place, agency.strip() if agency else None, [*lines[:index], lede, *lines[index + 1 :]]


def _match_dateline(line: str) -> re.Match[str] | None:
    match = _DATELINE_RE.match(line)
    if match is None:
        return None
    place = match.group("place")
    if match.group("agency") is None and (
        place != place.upper()
        or sum(ch.isalpha() for ch in place) < _MIN_CAPITALS_PLACE
        or place in _NOT_PLACES
    ):
        return None
    return match


def _strip_closing_tags(lines: list[str]) -> tuple[list[str], str | None]:
    """Peel agency tags and end marks off the last paragraph (dropping it if nothing is left)."""
    agency = None
    while lines:
        last = lines[-1]
        stripped, found = _strip_closing_tag(last)
        agency = agency or found
        if stripped == last:
            break
        lines = lines[:-1] + ([stripped] if stripped else [])
    return lines, agency


def _strip_closing_tag(line: str) -> tuple[str, str | None]:
    # Both regexes try every position of the paragraph; they run only when its last character
    # (before trailing spaces) can close what they find: a tag ends with ")" or an alias's last
    # letter (sources.ALIAS_RE), an end mark with "/.". Most paragraphs end with a full stop.
    last = line.rstrip()[-1:]
    match = _TRAILING_TAG_RE.search(line) if last == ")" or is_word_character(last) else None
    if match:
        tag = match.group("dashed") or match.group("bracketed") or match.group("bare")
        return line[: match.start()].rstrip(), " ".join(tag.split())
    if last == "." and _END_MARK_RE.search(line):
        line = _END_MARK_RE.sub("", line)
        return (line if not line or line[-1] in '.!?"”’' else line + "."), None
    return line, None
