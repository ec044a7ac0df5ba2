"""Web archive files (``.warc``, ``.warc.gz``) read with warcio: each HTML ``response`` record with
HTTP status 200 is a page; every other record is skipped with its reason.

Pure: touches no database. A record cut short or a file that stops being a WARC ends the reading
with a ``WarcError`` naming the record's offset; what came before it was already yielded.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HTML_TYPES = ("text/html", "application/xhtml+xml")
_READ_CHUNK = 1 << 16


class WarcError(ValueError):
    """The file stops being a readable WARC at ``offset``; str() is the reason."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(f"at offset {offset}: {reason}")
        self.offset = offset


@dataclass(frozen=True)
class WarcPage:
    """An HTML response record: the HTTP payload (the page as fetched) and where it came from."""

    offset: int
    target_uri: str
    crawled: datetime | None
    payload: bytes
    charset: str | None  # from the HTTP Content-Type header


@dataclass(frozen=True)
class WarcSkip:
    offset: int
    target_uri: str
    reason: str  # "request record", "HTTP status 404", "image/png", "revisit record", ...


@dataclass(frozen=True)
class WarcBadRecord:
    """A page record the importer cannot take (too large); the records after it still count."""

    offset: int
    target_uri: str
    reason: str


WarcItem = WarcPage | WarcSkip | WarcBadRecord


def read_warc(path: Path, *, max_payload: int) -> Iterator[WarcItem]:
    """Each record of the file in order; raises WarcError where the file breaks."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    end = 0  # where the last whole record ends: the next one starts there
    with path.open("rb") as stream:
        records = ArchiveIterator(stream, check_digests=False)
        try:
            for record in records:
                item = _item(record, records, max_payload)
                end = item.offset + records.get_record_length()
                yield item
        except WarcError:
            raise
        except (ArchiveLoadFailed, zlib.error, EOFError, ValueError, AttributeError) as exc:
            if path.name.lower().endswith(".gz"):
                _check_gzip_members(path)  # a broken gzip member is the better reason
            raise WarcError(end, f"not a readable WARC record ({_reason(exc)})") from exc
        if not path.name.lower().endswith(".gz"):
            stream.seek(end)
            rest = stream.read(_READ_CHUNK)
            if rest.strip(b"\r\n"):  # warcio stops without a word at headers cut short
                start = end + len(rest) - len(rest.lstrip(b"\r\n"))
                raise WarcError(start, "record cut short (the file ends inside its headers)")
    if path.name.lower().endswith(".gz"):
        _check_gzip_members(path)


def _item(record, records, max_payload: int) -> WarcItem:
    """One record as a page or a skip. Reads the payload before asking for the offset: asking
    first makes warcio skip to the record's end."""
    kind = record.rec_type
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if kind != "response":
        records.read_to_end()
        return WarcSkip(records.get_record_offset(), uri, f"{kind} record")
    status = record.http_headers.get_statuscode() if record.http_headers else None
    content_type = (record.http_headers.get_header("Content-Type") or "") if status else ""
    media_type = content_type.split(";")[0].strip().lower()
    if status != "200":
        records.read_to_end()
        reason = f"HTTP status {status}" if status else "not an HTTP response"
        return WarcSkip(records.get_record_offset(), uri, reason)
    if media_type and media_type not in HTML_TYPES:
        records.read_to_end()
        return WarcSkip(records.get_record_offset(), uri, media_type)
    stream = record.content_stream()
    payload = stream.read(max_payload + 1)
    if len(payload) > max_payload:
        records.read_to_end()
        reason = f"page too large (over {max_payload:,} bytes)"
        return WarcBadRecord(records.get_record_offset(), uri, reason)
    remaining = getattr(record.raw_stream, "limit", 0)
    offset = records.get_record_offset()
    if remaining:
        raise WarcError(offset, f"record {uri} cut short ({remaining:,} bytes missing)")
    if not media_type and not _looks_like_html(payload):
        return WarcSkip(offset, uri, "no Content-Type and not HTML")
    return WarcPage(offset, uri, _warc_date(record), payload, _charset(content_type))


def _looks_like_html(payload: bytes) -> bool:
    head = payload[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip("\"'"):
            return value.strip().strip("\"'")
    return None


def _warc_date(record) -> datetime | None:
    raw = record.rec_headers.get_header("WARC-Date") or ""
    try:
        value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _check_gzip_members(path: Path) -> None:
    """Raise WarcError at the first gzip member that is cut short or corrupt: warcio reads a
    member cut inside its trailer without a word."""
    with path.open("rb") as stream:
        member_start = position = 0
        decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
        while True:
            chunk = stream.read(_READ_CHUNK)
            if not chunk:
                break
            while chunk:
                try:
                    decompressor.decompress(chunk)
                except zlib.error as exc:
                    raise WarcError(member_start, f"corrupt gzip member ({exc})") from exc
                if decompressor.eof:
                    used = len(chunk) - len(decompressor.unused_data)
                    position += used
                    member_start = position
                    chunk = decompressor.unused_data
                    decompressor = zlib.decompressobj(zlib.MAX_WBITS | 16)
                else:
                    position += len(chunk)
                    chunk = b""
        if position > member_start:
            raise WarcError(member_start, "gzip member cut short (the file ends inside it)")


def _reason(exc: Exception) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
