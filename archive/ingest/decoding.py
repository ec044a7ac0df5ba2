"""Bytes -> text for article files, in a fixed order: BOM, NUL check, strict UTF-8, cp1252;
for web pages the declared charset (HTTP header, then meta tag) comes first."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16 LE: its BOM starts with UTF-16 LE's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control characters that never occur in a text article (tab, newlines and form feed do).
_BINARY_CONTROLS = {chr(c) for c in range(32)} - {"\t", "\n", "\r", "\f", "\v"}
# The same characters as one class, so they are counted in C rather than by a Python loop.
_BINARY_CONTROL_RE = re.compile(f"[{re.escape(''.join(sorted(_BINARY_CONTROLS)))}]")


class DecodeError(ValueError):
    """The bytes are not an article's text; the message says why in a few words."""


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def decode_article_bytes(data: bytes) -> DecodedText:
    if not data:
        raise DecodeError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(
                    f"invalid {encoding} after its byte-order mark: {exc.reason}"
                ) from exc
            return _checked(DecodedText(text.lstrip("\ufeff"), encoding))
    # UTF-16 without a BOM or a binary file: real text in UTF-8 or cp1252 has no NUL bytes.
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        return _checked(DecodedText(data.decode("utf-8"), "utf-8"))
    except UnicodeDecodeError:
        pass
    try:
        return _checked(DecodedText(data.decode("cp1252"), "cp1252"))
    except UnicodeDecodeError as exc:
        raise DecodeError("not text: neither UTF-8 nor cp1252") from exc


def _checked(decoded: DecodedText) -> DecodedText:
    text = decoded.text
    if not text.strip():
        raise DecodeError("no text (only whitespace)")
    controls = len(_BINARY_CONTROL_RE.findall(text, 0, 4096))
    if controls > 8:
        raise DecodeError("binary file (control characters)")
    return decoded


# --- web pages: the charset the page declares ---------------------------------------------------

# A <meta charset="..."> or <meta http-equiv="Content-Type" content="text/html; charset=...">.
_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE
)
_PRESCAN_BYTES = 4096
# Labels browsers read as another encoding (the WHATWG Encoding Standard): a page that declares
# ISO-8859-1 or ASCII is decoded as windows-1252, and a meta tag cannot declare UTF-16 (bytes
# that can be scanned for a meta tag are ASCII-compatible).
_BROWSER_ENCODING = {
    "iso8859-1": "cp1252",
    "ascii": "cp1252",
    "utf-16": "utf-8",
    "utf-16-le": "utf-8",
    "utf-16-be": "utf-8",
}


def charset_from_meta(data: bytes) -> str | None:
    """The charset a page's meta tag declares in its first bytes, else None."""
    match = _META_CHARSET_RE.search(data[:_PRESCAN_BYTES])
    return match.group(1).decode("ascii") if match else None


def decode_html_bytes(data: bytes, http_charset: str | None = None) -> DecodedText:
    """An HTML page's bytes as text: a byte-order mark, else the charset of the HTTP header, else
    the meta tag's, else UTF-8, else cp1252.

    A candidate counts only if it decodes the bytes strictly *and* encoding the text with it gives
    the same bytes back, so ``text.encode(encoding) == data`` always holds for the result: the page
    as fetched is recoverable from what the archive stores. A declared charset that does not fit
    the bytes falls through to the next candidate.
    """
    if not data:
        raise DecodeError("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(_exact(data, encoding, strip_bom=True))
    if b"\x00" in data:
        raise DecodeError("binary file (contains NUL bytes)")
    declared = [label for label in (http_charset, charset_from_meta(data)) if label]
    for label in (*declared, "utf-8", "cp1252"):
        encoding = _codec(label)
        if encoding is None:
            continue
        try:
            return _checked(_exact(data, encoding))
        except (UnicodeError, DecodeError):
            continue
    said = f"its declared charset ({', '.join(declared)}), " if declared else ""
    raise DecodeError(f"not text: neither {said}UTF-8 nor cp1252 fits the bytes")


def _codec(label: str) -> str | None:
    """Python's codec name for a charset label ("windows-1258" -> "cp1258"), None if unknown."""
    try:
        name = codecs.lookup(label.strip()).name
    except LookupError:
        return None
    return _BROWSER_ENCODING.get(name, name)


def _exact(data: bytes, encoding: str, *, strip_bom: bool = False) -> DecodedText:
    text = data.decode(encoding)
    if strip_bom and encoding == "utf-8-sig":
        text = text.lstrip("\ufeff")
    if text.encode(encoding) != data:
        raise DecodeError(f"{encoding} does not give the same bytes back")
    return DecodedText(text, encoding)
