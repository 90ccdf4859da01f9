"""The quick loop's segmentation cache (tests/segment_cache.py) gives underthesea's own words, survives a run,
and is dropped when underthesea or the tokenizer changes."""

from __future__ import annotations

from nghiquyet.index import tokenizer

from tests import segment_cache
from tests.segment_cache import SegmentationCache

TEXT = "tăng trưởng kinh tế số đạt tối thiểu 30% grdp"


def _session(folder) -> SegmentationCache:
    cache = SegmentationCache(folder)
    cache.pytest_sessionstart(None)
    return cache


def test_words_are_underthesea_s_own_and_reused_by_the_next_run(tmp_path, monkeypatch):
    monkeypatch.setattr(tokenizer, "_segment", tokenizer._segment)  # restored whatever the plugin does
    real = tokenizer._segment
    first = _session(tmp_path)
    assert tokenizer._segment(TEXT) == real(TEXT)
    first.pytest_sessionfinish(None)
    assert tokenizer._segment is real and len(list(tmp_path.glob("*.json.gz"))) == 1

    second = _session(tmp_path)
    try:
        assert second.known[TEXT] == real(TEXT)
    finally:
        second.pytest_sessionfinish(None)

    monkeypatch.setattr(segment_cache, "cache_key", lambda: "another-underthesea")
    third = _session(tmp_path)
    try:
        assert TEXT not in third.known
    finally:
        third.pytest_sessionfinish(None)
