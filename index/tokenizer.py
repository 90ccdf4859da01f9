"""The Vietnamese tokenizer used on both sides of BM25: the index and the query.

Text is folded (NFC, new-style tone marks, lower case), word-segmented with underthesea (multi-syllable
words joined with "_"), and stripped of punctuation-only tokens.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nghiquyet.textnorm import NORMALISER_VERSION, fold

TOKENIZER_VERSION = f"underthesea-words/{NORMALISER_VERSION}"
_WORDLIKE = re.compile(r"\w")


@lru_cache(maxsize=8192)
def _segment(folded: str) -> tuple[str, ...]:
    from underthesea import word_tokenize

    return tuple(word_tokenize(folded))


def tokenize(text: str) -> list[str]:
    """Word tokens for BM25."""
    tokens: list[str] = []
    for word in _segment(fold(text)):
        if _WORDLIKE.search(word):
            tokens.append(word.replace(" ", "_"))
    return tokens
