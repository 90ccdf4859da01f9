"""The Vietnamese tokenizer used on both sides of BM25: the index and the query.

Text is folded (NFC, new-style tone marks, lower case), word-segmented with underthesea (multi-syllable
words joined with "_"), stripped of punctuation-only tokens, and completed with word bigrams.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import re
import sys
import threading
from functools import lru_cache
from types import ModuleType
from typing import Sequence

from nghiquyet.core.textnorm import NORMALISER_VERSION, fold

TOKENIZER_VERSION = f"underthesea-words+bigrams/{NORMALISER_VERSION}"
_WORDLIKE = re.compile(r"\w")

# underthesea's package import also imports its optional machine-translation pipeline, whose module imports
# transformers and torch at the top (upstream issue undertheseanlp/underthesea#1052, fixed by #1053 after
# 9.5.0, the newest release): 5-10 s and several hundred MB on every start, for a model we never use. Its
# optional imports are designed to come back as None when missing, so that one module is kept out while the
# package loads; an explicit import of it later still works.
_UNUSED_HEAVY_MODULES = frozenset({"underthesea.pipeline.translate"})
_underthesea_lock = threading.Lock()


class _KeepOut(importlib.abc.MetaPathFinder):
    """Refuses the named modules while underthesea's package body runs, as if they were not installed."""

    def __init__(self, names: frozenset[str]) -> None:
        self._names = names

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname in self._names:
            raise ModuleNotFoundError(f"{fullname} is not used here", name=fullname)
        return None


@lru_cache(maxsize=1)
def underthesea() -> ModuleType:
    """The underthesea package, imported without its unused translation pipeline."""
    with _underthesea_lock:
        keep_out = _KeepOut(_UNUSED_HEAVY_MODULES)
        sys.meta_path.insert(0, keep_out)
        try:
            import underthesea as module
        finally:
            sys.meta_path.remove(keep_out)
        return module


@lru_cache(maxsize=8192)
def _segment(folded: str) -> tuple[str, ...]:
    return tuple(underthesea().word_tokenize(folded))


def words(text: str) -> list[str]:
    """The word tokens of ``text`` (multi-syllable words joined with "_"): the costly part, 4-5 ms a clause."""
    return [word.replace(" ", "_") for word in _segment(fold(text)) if _WORDLIKE.search(word)]


def with_bigrams(words: list[str]) -> list[str]:
    """Words plus adjacent-word bigrams, so phrases such as "kinh tế số" match as a unit."""
    return words + [f"{a}__{b}" for a, b in zip(words, words[1:])]


def tokenize(text: str) -> list[str]:
    """Word tokens for BM25, plus adjacent-word bigrams."""
    return with_bigrams(words(text))
