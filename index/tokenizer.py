"""The Vietnamese tokenizer used on both sides of BM25: the index and the query.

Text is folded (NFC, new-style tone marks, lower case), word-segmented with underthesea (multi-syllable
words joined with "_"), stripped of punctuation-only tokens, and completed with word bigrams.
"""

from __future__ import annotations

import re
from functools import lru_cache

from nghiquyet.core.textnorm import NORMALISER_VERSION, fold

TOKENIZER_VERSION = f"underthesea-words+bigrams/{NORMALISER_VERSION}"
_WORDLIKE = re.compile(r"\w")


@lru_cache(maxsize=8192)
def _segment(folded: str) -> tuple[str, ...]:
    from underthesea import word_tokenize

    return tuple(word_tokenize(folded))


def tokenize(text: str) -> list[str]:
    """Word tokens for BM25, plus adjacent-word bigrams so phrases such as "kinh tế số" match as a unit."""
    words = [word.replace(" ", "_") for word in _segment(fold(text)) if _WORDLIKE.search(word)]
    return words + [f"{a}__{b}" for a, b in zip(words, words[1:])]
