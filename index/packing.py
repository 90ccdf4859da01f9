"""Context packing: ranked rows become hits (parts of one clause merged), long clauses are cut down to the
sentences about the question (``packing = "sentence"``), then the best hits are kept up to ``k`` and a budget
in characters, without saying the same thing twice."""

from __future__ import annotations

from dataclasses import replace

from nghiquyet.core.models import Chunk, Hit
from nghiquyet.core.textnorm import dedupe_key
from nghiquyet.index.candidates import Candidates
from nghiquyet.index.corpus import Corpus
from nghiquyet.index.query import Query
from nghiquyet.index.sentences import relevance, sentence_spans
from nghiquyet.index.tokenizer import tokenize

GAP = " … "  # marks sentences left out of a clause
# A sentence joins the best one only when it is at least this much about the question.
SENTENCE_SHARE_OF_BEST = 0.5


def _opt_int(value: float | None) -> int | None:
    return None if value is None else int(value)


def to_hits(ranked: list[tuple[int, float]], found: Candidates, corpus: Corpus) -> list[Hit]:
    """One hit per clause: parts of the same clause merge into one hit, in reading order."""
    by_clause: dict[str, Hit] = {}
    parts: dict[str, dict[int, str]] = {}
    ordered: list[Hit] = []
    for row, score in ranked:
        chunk: Chunk = corpus.chunks[row]
        info = found.get(row, {})
        parts.setdefault(chunk.clause_id, {})[chunk.part] = chunk.text
        if chunk.clause_id in by_clause:
            continue
        hit = Hit(chunk=chunk, document=corpus.documents[chunk.doc_id], score=score,
                  dense_rank=_opt_int(info.get("dense_rank")), sparse_rank=_opt_int(info.get("sparse_rank")),
                  dense_score=info.get("dense_score"), sparse_score=info.get("sparse_score"))
        by_clause[chunk.clause_id] = hit
        ordered.append(hit)
    for hit in ordered:
        pieces = parts[hit.chunk.clause_id]
        if len(pieces) > 1:
            hit.text = " ".join(pieces[p] for p in sorted(pieces))
    return ordered


def within_budget(hits: list[Hit], k: int, budget: int) -> list[Hit]:
    """Best hits first until ``k`` or the budget; text already given (the guidance quotes the programme
    word for word) is not given twice: the better-ranked copy is the one cited."""
    kept: list[Hit] = []
    seen: list[str] = []
    used = 0
    for hit in hits:
        if len(kept) >= k:
            break
        if kept and used + len(hit.text) > budget:
            continue  # a shorter hit further down may still fit
        key = dedupe_key(hit.text)
        if any(key in earlier for earlier in seen):
            continue
        kept.append(hit)
        seen.append(key)
        used += len(hit.text)
    return kept


def interleave(groups: list[list[Hit]]) -> list[Hit]:
    """The first of each group, then the second of each…, each clause once (comparison sides)."""
    longest = max((len(g) for g in groups), default=0)
    seen: set[str] = set()
    result: list[Hit] = []
    for i in range(longest):
        for group in groups:
            if i < len(group) and group[i].chunk.clause_id not in seen:
                seen.add(group[i].chunk.clause_id)
                result.append(group[i])
    return result


def focus(hit: Hit, query: Query, max_chars: int, words: set[str] | None = None) -> Hit:
    """The hit cut down to its sentences about the question, in reading order, within ``max_chars`` (the best
    sentence is kept whole even when it is longer; others join it when they score at least half as well). A clause that fits, or that shares no word with the
    question, is kept as it is; a sentence ending in ":" brings the next one (the item it introduces)."""
    text = hit.text
    if len(text) <= max_chars:
        return hit
    spans = sentence_spans(text)
    if len(spans) < 2:
        return hit
    words = set(tokenize(query.text)) if words is None else words
    scores = [relevance(query, text[a:b], words) for a, b in spans]
    if max(scores) == 0:
        return hit
    kept: set[int] = set()
    used = 0
    for i in sorted(range(len(spans)), key=lambda i: (-scores[i], i)):
        if scores[i] < SENTENCE_SHARE_OF_BEST * max(scores):
            break
        group = [i] + ([i + 1] if text[spans[i][0]:spans[i][1]].rstrip().endswith(":") and i + 1 < len(spans)
                       else [])
        size = sum(spans[j][1] - spans[j][0] + 1 for j in group if j not in kept)
        if kept and used + size > max_chars:
            continue
        kept.update(group)
        used += size
    order = sorted(kept)
    pieces = ["…" if order[0] > 0 else ""]
    for n, i in enumerate(order):
        if n and i != order[n - 1] + 1:
            pieces.append(GAP.strip())
        pieces.append(text[spans[i][0]:spans[i][1]].strip())
    if order[-1] < len(spans) - 1:
        pieces.append("…")
    return replace(hit, text=" ".join(p for p in pieces if p))


def focus_all(hits: list[Hit], query: Query, max_chars: int) -> list[Hit]:
    """Every hit cut down to its sentences about the question; a question asking for a list keeps its clauses
    whole (the list is the answer)."""
    if query.wants_list:
        return hits
    words = set(tokenize(query.text))
    return [focus(hit, query, max_chars, words) for hit in hits]
