"""The search fast path refuses a Whoosh it was not written for, with a message saying what to do."""

from __future__ import annotations

import pytest
from whoosh.codec.whoosh3 import W3Codec, W3LeafMatcher

from archive.search.whoosh_compat import WRITTEN_FOR, WhooshMismatch, check_instance, check_whoosh


def test_the_pinned_whoosh_passes():
    check_whoosh()  # raises on a mismatch; the suite runs on the pinned release


def test_another_release_is_refused_naming_both_versions_and_the_fix():
    with pytest.raises(WhooshMismatch) as refused:
        check_whoosh((2, 8, 0))

    message = str(refused.value)
    assert "Whoosh 2.8.0 is installed" in message
    assert "whoosh-reloaded==" + ".".join(map(str, WRITTEN_FOR)) in message


def test_a_missing_private_name_is_refused(monkeypatch):
    monkeypatch.delattr(W3LeafMatcher, "_next_block")

    with pytest.raises(WhooshMismatch, match=r"W3LeafMatcher\._next_block"):
        check_whoosh()


def test_an_object_missing_an_attribute_the_builder_uses_is_refused():
    codec = W3Codec()
    check_instance(codec)
    del codec._blocklimit

    with pytest.raises(WhooshMismatch, match=r"W3Codec\._blocklimit"):
        check_instance(codec)
