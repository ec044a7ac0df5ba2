"""Page furniture a crawl leaves among an article's lines, recognised line by line.

Sites print the same few kinds of furniture around a story, whatever the outlet:

- *controls*: "Font size: A- A+", "Share", "Share on Facebook", "Tweet", "Email", "Print",
  "Advertisement": whole lines that are a button's label, never prose;
- *breadcrumbs*: "Home / Economy / Trade - Service", "Business » Companies",
  "Trang chủ > Đầu tư > FDI", "ASEAN Beat | Economy | Southeast Asia": short section names
  joined by a separator;
- a *bare dateline* on its own line, with no year and no story after it: "VIETNAM, April 16 -",
  "SEOUL, May 2 (Yonhap) --".

The cleaner drops controls anywhere, and breadcrumbs and bare datelines at the top, so that none
of them is ever taken for the headline or read as the story.
"""

from __future__ import annotations

import re

# A whole line that is a control's label. Short by nature; anything longer is prose.
_CONTROL_RE = re.compile(
    r"^(?:font\s*size|text\s*size|cỡ\s+chữ)\b.{0,20}$"
    r"|^(?:a\s*-\s*a\s*\+|a-\s*a\s*a\+)$"
    r"|^(?:share|share\s+(?:on|via|to)\s+\w+|share\s+this(?:\s+(?:article|story|post))?|tweet"
    r"|e-?mail(?:\s+this(?:\s+(?:article|story))?)?|print(?:\s+this(?:\s+(?:article|story))?)?"
    r"|send|copy\s+link|save|bookmark|listen|zalo|facebook|twitter|linkedin|whatsapp|telegram"
    r"|advertisement|sponsored|chia\s+sẻ|in\s+bài(?:\s+viết)?)\s*[:|]?$",
    re.IGNORECASE,
)
_MAX_CONTROL_CHARS = 40

# Breadcrumb separators: a slash, ">", "»", "›" or "|" with spaces around it.
_CRUMB_SEPARATOR_RE = re.compile(r"\s+[/>»›|]\s+|\s*[»›]\s*")
_MAX_CRUMB_WORDS = 4
_MAX_CRUMBS_CHARS = 90

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
# "VIETNAM, April 16 -", "SEOUL, May 2 (Yonhap) --", "Hanoi, 16/4 –": a dateline alone.
_BARE_DATELINE_RE = re.compile(
    rf"^(?P<place>[^\W\d_][\w.'’&]*(?:[ -][\w.'’&]+){{0,3}}),\s*"
    rf"(?:{_MONTH}\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}|\d{{1,2}}/\d{{1,2}})"
    r"\s*(?:\((?P<agency>[^()\n]{2,30})\))?\s*(?:[—–]|-{1,2})$",
    re.IGNORECASE,
)


def is_control(line: str) -> bool:
    """True for a line that is a button's label: share, print, font size, "Advertisement"."""
    line = line.strip()
    return len(line) <= _MAX_CONTROL_CHARS and bool(_CONTROL_RE.match(line))


def is_breadcrumb(line: str) -> bool:
    """True for "Home / Economy / Investment", "Business » Companies": short names joined by a
    breadcrumb separator, with no sentence in them."""
    line = line.strip()
    if len(line) > _MAX_CRUMBS_CHARS or line[-1:] in ".!?:;,":
        return False
    crumbs = _CRUMB_SEPARATOR_RE.split(line)
    if len(crumbs) < 2 or any(not crumb.strip() for crumb in crumbs):
        return False
    return all(
        len(crumb.split()) <= _MAX_CRUMB_WORDS and (crumb[0].isupper() or crumb[0].isdigit())
        for crumb in (crumb.strip() for crumb in crumbs)
    )


def match_bare_dateline(line: str) -> re.Match[str] | None:
    """The match of a dateline standing alone on its line ("VIETNAM, April 16 -"), else None."""
    return _BARE_DATELINE_RE.match(line.strip())
