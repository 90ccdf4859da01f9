"""Sentences of a clause and how much each is about a question: shared by context packing (which sentences
of a long clause reach the model) and the extractive answer (which sentence is quoted)."""

from __future__ import annotations

import math

from nghiquyet.core.lexicon import figures, states_count_of
from nghiquyet.core.textnorm import is_year
from nghiquyet.index.query import Query
from nghiquyet.index.tokenizer import tokenize

# Words every question has; they say nothing about which sentence answers it.
QUESTION_WORDS = frozenset({"là", "gì", "nào", "của", "bao_nhiêu", "mấy", "có", "được", "và", "các", "những", "ai",
                            "khi", "đến", "năm", "theo", "the", "what", "is", "of", "by", "how", "does", "which", "a",
                            "to", "in"})


def content_words(text: str) -> set[str]:
    """The words of ``text`` that say what it is about: no bigrams, no words every question has."""
    return {t for t in tokenize(text) if "__" not in t and t not in QUESTION_WORDS}


def relevance(query: Query, sentence: str, words: set[str] | None = None) -> int:
    """Question words (and bigrams) the sentence shares; for a question about a target or a quantity, a sentence
    holding the figure asked for (``gives_figure_asked``) counts double."""
    return weighted_relevance(query, sentence, words)[1]


def weighted_relevance(query: Query, sentence: str, words: set[str] | None = None) -> tuple[float, int]:
    """``relevance`` twice: with each shared word weighted by how rare it is in the index (``Query.rarity``:
    "Đam Rông" says more than "năm"; all alike when the query has no weights), and counted."""
    words = set(tokenize(query.text)) if words is None else words
    shared = words & set(tokenize(sentence))
    # fsum: the exact sum, whatever order the set gives its words in (that order changes from run to run, and a plain
    # sum's last bit with it, so that two equal sentences swapped places between runs).
    weighted = math.fsum(query.rarity.get(w, 1.0) for w in shared) if query.rarity else float(len(shared))
    factor = 2 if query.asks_target and gives_figure_asked(query, sentence) else 1
    return weighted * factor, len(shared) * factor


def gives_figure_asked(query: Query, sentence: str) -> bool:
    """Whether ``sentence`` holds the kind of figure a quantity question asks for: a number of what it counts
    when it says ("bao nhiêu điểm": "Đạt từ 90 điểm", not "20%"), else any figure but a year."""
    if query.counted:
        return states_count_of(sentence, query.counted)
    return any(not is_year(f.value) for f in figures(sentence))
