import codecs

import pytest

from archive.ingest.decoding import DecodeError, decode_article_bytes

TEXT = "Bắc Ninh welcomes Việt Nam’s investors — 3 billion USD"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16"),
    ],
)
def test_unicode_encodings_decode_to_the_same_text(data, encoding):
    decoded = decode_article_bytes(data)
    assert (decoded.text, decoded.encoding) == (TEXT, encoding)


def test_cp1252_is_the_legacy_fallback():
    text = "Japan’s “new normal” café — 5 million euros"
    decoded = decode_article_bytes(text.encode("cp1252"))
    assert (decoded.text, decoded.encoding) == (text, "cp1252")


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t\n", "no text (only whitespace)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file (contains NUL bytes)"),
        (TEXT.encode("utf-16-le"), "binary file (contains NUL bytes)"),
        (bytes(range(1, 32)) * 4, "binary file (control characters)"),
        (b"\x81\x8d\x8f\x90\x9d", "not text: neither UTF-8 nor cp1252"),
    ],
)
def test_bad_bytes_are_refused_with_a_reason(data, reason):
    with pytest.raises(DecodeError) as excinfo:
        decode_article_bytes(data)
    assert str(excinfo.value) == reason
