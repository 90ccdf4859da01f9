"""Extractive answers: the sentences that best answer a question, quoted verbatim with their sources. Used
without a model, and in place of a generated answer that failed a check."""

from __future__ import annotations

from nghiquyet.core.lexicon import figures
from nghiquyet.core.models import Citation, Hit
from nghiquyet.core.textnorm import SENTENCE_BREAK, is_year
from nghiquyet.index.query import Query
from nghiquyet.index.sentences import content_words, relevance
from nghiquyet.index.tokenizer import tokenize

QUOTE_MAX_CHARS = 400
SECOND_QUOTE_RATIO = 0.6  # a second clause is quoted only when it scores this close to the first
COVERAGE_FOR_QUOTE = 0.5


def citation(number: int, hit: Hit) -> Citation:
    """A numbered source; the quote is cut at a word boundary."""
    quote = hit.text if len(hit.text) <= QUOTE_MAX_CHARS else hit.text[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return Citation(number, hit.document.title, hit.document.number, hit.chunk.section, hit.chunk.chunk_id, quote,
                    sorted(set(hit.chunk.pages)))


def quote_line(sentence: str, hit: Hit, number: int) -> str:
    """One sentence quoted verbatim with its document, section and citation number."""
    return f"Theo {hit.document.display_name()} ({hit.chunk.locator}): “{sentence}” [{number}]"


def best_sentences(query: Query, hits: list[Hit], limit: int = 2) -> list[tuple[str, Hit]]:
    """The best sentence of the best clauses (outlines and cards only when nothing else was found); a
    sentence with a figure counts double for a question about a target or quantity. A second clause is
    quoted only when it is nearly as much about the question as the first."""
    words = set(tokenize(query.text))
    clauses = [h for h in hits if h.chunk.kind == "clause"] or hits

    def score(sentence: str) -> int:
        return relevance(query, sentence, words)

    picked: list[tuple[int, str, Hit]] = []
    for hit in clauses:
        sentences = [s.strip() for s in SENTENCE_BREAK.split(hit.text) if s.strip()]
        best = max(sentences, key=score, default=hit.text)
        picked.append((score(best), best, hit))
    picked.sort(key=lambda item: -item[0])
    top = picked[0][0] if picked else 0
    chosen: list[tuple[str, Hit]] = []
    for value, sentence, hit in picked[:limit]:
        if chosen and value < SECOND_QUOTE_RATIO * top:
            break
        chosen.append((sentence, hit))
    return chosen


def extractive_answer(query: Query, hits: list[Hit], limit: int = 2) -> tuple[str, list[Citation]]:
    """The best sentences quoted verbatim, each with its source."""
    parts, citations = [], []
    for number, (sentence, hit) in enumerate(best_sentences(query, hits, limit), start=1):
        parts.append(quote_line(sentence, hit, number))
        citations.append(citation(number, hit))
    return "\n".join(parts), citations


def covers(query: Query, hits: list[Hit]) -> bool:
    """Whether the best quoted sentence holds most of the question's words (and a figure when a figure is
    asked for)."""
    words = content_words(query.text)
    best = best_sentences(query, hits, limit=1)
    if not words or not best:
        return False
    sentence, hit = best[0]
    covered = len(words & set(tokenize(f"{hit.chunk.section} {sentence}"))) / len(words)
    has_figure = any(not is_year(f.value) for f in figures(sentence))
    return covered >= COVERAGE_FOR_QUOTE and (has_figure or not query.asks_quantity)
