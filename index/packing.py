"""Context packing: ranked rows become hits (parts of one clause merged), then the best hits are kept up to
``k`` and a budget in characters, without saying the same thing twice."""

from __future__ import annotations

from nghiquyet.core.models import Chunk, Hit
from nghiquyet.core.textnorm import dedupe_key
from nghiquyet.index.candidates import Candidates
from nghiquyet.index.corpus import Corpus


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
