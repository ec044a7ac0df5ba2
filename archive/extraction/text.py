"""Unicode helpers shared by extraction, slugs and the search analyzer."""

from __future__ import annotations

import unicodedata

# Letters that NFD does not decompose into a base letter plus marks.
_EXTRA_FOLDS = str.maketrans(
    {"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"}
)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def fold_diacritics(text: str) -> str:
    """'Bắc Ninh' -> 'Bac Ninh', 'Đà Nẵng' -> 'Da Nang'; works the same on NFC and NFD input."""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.translate(_EXTRA_FOLDS))
