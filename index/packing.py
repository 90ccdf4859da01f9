"""Context packing: ranked rows become hits (parts of one clause merged), then the best hits are kept up to
``k`` and a budget in characters, without saying the same thing twice. With ``packing = "sentence"`` a clause
that does not fit whole is cut down to its sentences about the question: for a plan of several retrievals (a
comparison's sides, a bridge step) as soon as it comes up, so each side or step gets room; for one retrieval
only in the room the whole clauses leave, so the best clauses stay whole and nothing they held is lost."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from nghiquyet.core.models import Chunk, Hit
from nghiquyet.core.textnorm import dedupe_key, is_lead_in, sentence_spans
from nghiquyet.index.candidates import Candidates
from nghiquyet.index.corpus import Corpus
from nghiquyet.index.query import Query
from nghiquyet.index.sentences import relevance
from nghiquyet.index.tokenizer import tokenize

GAP = " … "  # marks sentences left out of a clause
# A sentence joins the best one only when it is at least this much about the question.
SENTENCE_SHARE_OF_BEST = 0.5
MIN_ROOM_CHARS = 60  # less room than this left in the budget: no clause is cut down to fit it
LEAD_IN_FOLLOW_CHARS = 300  # what a clause ending in ":" brings along of the clauses that follow it
ANNOUNCED_CHARS = 2000  # of the clauses a lead-in announces, how much is kept beside it when none fit the context
Fit = Callable[[Hit, int], "Hit | None"]


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


def complete_lead_ins(kept: list[Hit], corpus: Corpus, budget: int) -> list[Hit]:
    """A kept clause ending in ":" ("… tính đến ngày 26/11/2024 có:") says nothing without the items it
    announces: the clauses that follow it in its section are added to its text, in rank order, in the room the
    kept hits leave in the budget (at most ``LEAD_IN_FOLLOW_CHARS`` each; of a longer first item, its first
    sentence), so they never push a retrieved clause out. A clause already kept is not given twice. A lead-in
    that no room is left for keeps its items aside (``announced``): a quote of it is then given with them."""
    given = {hit.chunk.clause_id for hit in kept}
    room = budget - sum(len(hit.text) for hit in kept)
    for hit in kept:
        if hit.chunk.kind != "clause" or not is_lead_in(hit.text):
            continue
        following, texts = (_items_in_room(hit.chunk, corpus, given, min(room, LEAD_IN_FOLLOW_CHARS))
                            if room >= MIN_ROOM_CHARS else ([], []))
        if not following:
            hit.announced = corpus.following_clauses(hit.chunk, ANNOUNCED_CHARS)
            continue
        added = "\n" + "\n".join(texts)
        hit.text = hit.text.rstrip() + added
        hit.following = following
        given.update(c.clause_id for c in following)
        room -= len(added)
    return kept


def _items_in_room(lead_in: Chunk, corpus: Corpus, given: set[str], allowed: int) -> tuple[list[Chunk], list[str]]:
    """The clauses after ``lead_in`` that fit in ``allowed`` characters, with the text each adds (of a longer first
    one, its first sentence), stopping short of a clause already given."""
    following = []
    for chunk in corpus.following_clauses(lead_in, allowed):
        if chunk.clause_id in given:
            break  # kept itself: the items stop short of it rather than skip over it
        following.append(chunk)
    texts = [c.text for c in following]
    if texts and len(texts[0]) > allowed:
        start, end = sentence_spans(texts[0])[0]
        first = texts[0][start:end].strip()
        texts, following = ([first + GAP.rstrip()], following[:1]) if len(first) + 2 <= allowed else ([], [])
    return following, texts


def within_budget(hits: list[Hit], k: int, budget: int, fit: Fit | None = None) -> list[Hit]:
    """Best hits first until ``k`` or the budget; text already given (the guidance quotes the programme
    word for word) is not given twice: the better-ranked copy is the one cited. A hit that does not fit whole is
    offered to ``fit`` (cut to the sentences about the question within the room left) before it is passed over."""
    kept: list[Hit] = []
    seen: list[str] = []
    used = 0
    for hit in hits:
        if len(kept) >= k:
            break
        if kept and used + len(hit.text) > budget:
            shorter = fit(hit, budget - used) if fit and budget - used >= MIN_ROOM_CHARS else None
            if shorter is None or used + len(shorter.text) > budget:
                continue  # a shorter hit further down may still fit
            hit = shorter
        key = dedupe_key(hit.text)
        if any(key in earlier for earlier in seen):
            continue
        kept.append(hit)
        seen.append(key)
        used += len(hit.text)
    return kept


def fill_with_cuts(hits: list[Hit], kept: list[Hit], k: int, budget: int, fit: Fit) -> list[Hit]:
    """After a pass of whole clauses, the room left takes the passed-over clauses cut to their sentences about
    the question, best-ranked first; the result keeps the ranking's order. Never fewer facts than whole
    clauses alone: every clause kept whole stays."""
    chosen = {h.chunk.clause_id for h in kept}
    extra: list[Hit] = []
    used = sum(len(h.text) for h in kept)
    seen = [dedupe_key(h.text) for h in kept]
    for hit in hits:
        if len(kept) + len(extra) >= k or budget - used < MIN_ROOM_CHARS:
            break
        if hit.chunk.clause_id in chosen:
            continue
        shorter = fit(hit, budget - used)
        if shorter is None or shorter.text == hit.text or used + len(shorter.text) > budget:
            continue
        key = dedupe_key(shorter.text)
        if any(key in earlier for earlier in seen):
            continue
        extra.append(shorter)
        chosen.add(hit.chunk.clause_id)
        seen.append(key)
        used += len(shorter.text)
    rank = {h.chunk.clause_id: i for i, h in enumerate(hits)}
    return sorted(kept + extra, key=lambda h: rank.get(h.chunk.clause_id, len(hits)))


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
    sentence is kept whole even when it is longer; others join it when they score at least half as well).
    A clause that fits, a document card (it answers who / when / which number as a whole) or a clause that
    shares no word with the question is kept as it is; a sentence ending in ":" brings the next one (the item
    it introduces)."""
    text = hit.text
    if len(text) <= max_chars or hit.chunk.kind == "card":
        return hit
    spans = sentence_spans(text)
    if len(spans) < 2:
        return hit
    words = set(tokenize(query.expanded)) if words is None else words
    scores = [relevance(query, text[a:b], words) for a, b in spans]
    if max(scores) == 0:
        return hit
    kept: set[int] = set()
    used = 0
    for i in sorted(range(len(spans)), key=lambda i: (-scores[i], i)):
        if scores[i] < SENTENCE_SHARE_OF_BEST * max(scores):
            break
        group = [i] + ([i + 1] if is_lead_in(text[spans[i][0]:spans[i][1]]) and i + 1 < len(spans) else [])
        size = sum(spans[j][1] - spans[j][0] + 1 for j in group if j not in kept)
        if kept and used + size > max_chars:
            continue
        kept.update(group)
        used += size
    order = sorted(kept)
    out = "… " if order[0] > 0 else ""
    for n, i in enumerate(order):
        if n:  # a line break between neighbouring list items stays one
            between = text[spans[order[n - 1]][1]:spans[i][0]]
            out += GAP if i != order[n - 1] + 1 else ("\n" if "\n" in between else " ")
        out += text[spans[i][0]:spans[i][1]].strip()
    if order[-1] < len(spans) - 1:
        out += " …"
    return replace(hit, text=out)
