"""The foldings in archive/extraction/text.py."""

from __future__ import annotations

import unicodedata

from archive.extraction.text import (
    LATIN_RANGES,
    fold_by_normalising,
    fold_diacritics,
    fold_text,
)


def test_vietnamese_folds_the_same_written_composed_or_decomposed():
    for place in ("Bắc Ninh", "Đà Nẵng", "Bà Rịa – Vũng Tàu", "Thừa Thiên Huế"):
        composed = unicodedata.normalize("NFC", place)
        decomposed = unicodedata.normalize("NFD", place)
        assert fold_diacritics(composed) == fold_diacritics(decomposed)
    assert fold_diacritics("Đà Nẵng") == "Da Nang"
    assert fold_diacritics("Ông Lãnh, Straße, Łódź") == "Ong Lanh, Strasse, Lodz"


def test_texts_outside_latin_keep_their_other_scripts():
    # Hangul syllables and Devanagari signs compose under NFC: the whole text is normalised.
    assert fold_diacritics("Hà Nội 서울특별시") == "Ha Noi 서울특별시"
    assert fold_diacritics("Bắc Ninh नई दिल्ली") == fold_by_normalising("Bắc Ninh नई दिल्ली")


def test_latin_characters_fold_one_by_one():
    """The quick path folds a Latin text character by character; that is the same as
    normalising the whole text only because no two folded Latin characters compose."""
    letters = [chr(code) for low, high in LATIN_RANGES for code in range(low, high)]
    folded = {char for letter in letters for char in fold_by_normalising(letter)}
    folded |= {char for text in set(folded) for char in unicodedata.normalize("NFD", text)}
    composing = [
        (first, second)
        for first in folded
        for second in folded
        if unicodedata.normalize("NFC", first + second) != first + second
    ]
    assert composing == []
    sample = "Thủ tướng Phạm Minh Chính – “Đổi mới” ₫5 tỷ, Ærø, ﬁ"
    assert fold_diacritics(sample) == fold_by_normalising(sample)
    decomposed = unicodedata.normalize("NFD", sample)
    assert fold_diacritics(decomposed) == fold_by_normalising(decomposed)


def test_fold_text_writes_every_dash_between_words_as_a_hyphen():
    for spelling in (
        "Ba Ria – Vung Tau",
        "Ba Ria - Vung Tau",
        "Ba Ria -Vung Tau",
        "Ba Ria−Vung Tau",
    ):
        assert fold_text(spelling) == "Ba Ria-Vung Tau"
    assert (
        fold_text("Bà Rịa-Vũng Tàu, a well-known  place") == "Ba Ria-Vung Tau, a well-known place"
    )
    assert fold_text("2020 - ") == "2020 - "  # no word after the dash: kept
