"""Bytes -> text for article files, in a fixed order: BOM, NUL check, strict UTF-8, cp1252."""

from __future__ import annotations

import codecs
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
    controls = sum(1 for ch in text[:4096] if ch in _BINARY_CONTROLS)
    if controls > 8:
        raise DecodeError("binary file (control characters)")
    return decoded
