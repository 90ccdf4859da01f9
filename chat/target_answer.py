"""Answers to questions about a target, read from the targets table: the figure is the record's (verbatim from
its clause, checked at ingest), the citation is the record's clause, so the number in the answer is exactly the
document's, with the document's own words for what it measures ("Quy mô kinh tế số", not "tăng trưởng").

A record answers only when the question names most of what it measures (its indicator's words), the record's
clause, section and document hold most of the question's words, the year and province the question names are
the record's; for a comparison, one record per side. Otherwise the caller goes on as before.

When two documents set different figures for the same target (same indicator, year, unit and province: an
amended plan, an uploaded document that contradicts the programme), the answer gives each figure with its
document and date, and says they differ, instead of silently choosing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from nghiquyet.chat.extractive import citation
from nghiquyet.core.models import Citation, Hit, Target
from nghiquyet.core.textnorm import fold
from nghiquyet.index.query import Query
from nghiquyet.index.sentences import content_words
from nghiquyet.index.targets import indicator_overlap, unit_key

MIN_COVERAGE = 0.6  # share of the indicator's words the question must name
MIN_ANSWERED = 0.5  # share of the question's words the record's clause, section and document must hold
TOP_HITS = 3  # records are read from the best clauses only
SAME_INDICATOR = 0.8  # Dice overlap of two indicators' words for them to be one target (stricter than alignment's)
DISAGREE_NOTE = {"vi": "Các văn bản ghi những con số khác nhau cho cùng chỉ tiêu này; dưới đây là từng con số với "
                       "văn bản và ngày ban hành, hãy đối chiếu văn bản mới nhất hoặc văn bản có thẩm quyền.",
                 "en": "The documents give different figures for this target; each is shown with its document and "
                       "date: check the latest or the competent document."}


@dataclass(frozen=True)
class _Candidate:
    coverage: float
    rank: int
    target: Target
    hit: Hit


def _words(text: str) -> set[str]:
    return {word for word in content_words(text) if not word.isdigit()}


def _candidates(query: Query, hits: list[Hit], named: set[str]) -> list[_Candidate]:
    # an English question is read in the documents' words it was translated to ("Quy mô kinh tế số", "GRDP")
    asked = _words(query.translated if query.language == "en" and query.translated else query.text)
    found: list[_Candidate] = []
    clauses = [h for h in hits if h.chunk.kind == "clause"][:TOP_HITS * max(1, len(query.sides))]
    for rank, hit in enumerate(clauses):
        for data in hit.chunk.targets:
            target = Target.from_dict(data)
            if query.years and str(target.year) not in query.years:
                continue
            province = fold(hit.document.province or "")
            if named and province not in named:
                continue  # another province's question is never answered with this one's figure
            measured = _words(target.indicator)
            if not measured:
                continue
            coverage = len(measured & asked) / len(measured)
            held = set().union(*(_words(part) for part in (target.quote, hit.chunk.section, hit.document.title,
                                                           hit.document.province or "", hit.document.number or "")))
            answered = len(asked & held) / len(asked) if asked else 0.0
            if coverage >= MIN_COVERAGE and answered >= MIN_ANSWERED:
                found.append(_Candidate(coverage, rank, target, hit))
    return sorted(found, key=lambda c: (-c.coverage, c.rank))


def _same_target(a: _Candidate, b: _Candidate) -> bool:
    """Two records of one target: the same year, unit, province and level, and what they measure in mostly the
    same words."""
    if (a.target.year, unit_key(a.target.unit)) != (b.target.year, unit_key(b.target.unit)):
        return False
    one, other = a.hit.document, b.hit.document
    if (fold(one.province or ""), one.level) != (fold(other.province or ""), other.level):
        return False
    return indicator_overlap(a.target.indicator, b.target.indicator) >= SAME_INDICATOR


def _figure(candidate: _Candidate) -> tuple[str, float, float | None]:
    target = candidate.target
    return target.comparator, target.number, target.number_max


def _records(hits: list[Hit]) -> list[_Candidate]:
    """Every record of ``hits``, the earliest document first: of several documents that give one figure, the one
    that set it (a programme, before the guidance that restates it) is the one shown."""
    records = [_Candidate(0.0, len(hits), Target.from_dict(data), hit) for hit in hits for data in hit.chunk.targets]
    return sorted(records, key=lambda c: c.hit.document.date or "9999")


def _disagreeing(candidates: list[_Candidate], pool: list[Hit]) -> list[_Candidate]:
    """The best record, then each other document's record of the same target that sets another figure (one per
    document; a document restating the same figure agrees and is not listed): among the retrieved clauses first,
    then ``pool`` (every clause with targets the question may see: the other record need not rank high)."""
    first = candidates[0]
    chosen = [first]
    for candidate in [*candidates[1:], *_records(pool)]:
        if (candidate.hit.document.doc_id not in {c.hit.document.doc_id for c in chosen}
                and _same_target(first, candidate) and _figure(candidate) not in {_figure(c) for c in chosen}):
            chosen.append(candidate)
    return chosen


def _line(number: int, candidate: _Candidate, language: str, dated: bool = False) -> str:
    target, hit = candidate.target, candidate.hit
    date = hit.document.date_vn if dated else None
    if language == "en":
        source = hit.document.display_name() + (f", dated {date}" if date else "")
        return (f"According to {source} ({hit.chunk.locator}): {target.indicator} by "
                f"{target.year}: {target.value} — “{target.quote}” [{number}]")
    source = hit.document.display_name() + (f" ngày {date}" if date else "")
    return (f"Theo {source} ({hit.chunk.locator}): {target.indicator} đến năm {target.year}: "
            f"{target.value} — “{target.quote}” [{number}]")


def target_answer(query: Query, hits: list[Hit],
                  pool: Callable[[], list[Hit]] | None = None) -> tuple[str, list[Citation]] | None:
    """The answer from the targets of the best clauses, or None when no record answers the question. Every
    province the question names counts, loaded or not, so that a question about a province with no document
    loaded is not answered with another province's figure. ``pool``: gives the clauses with targets the question
    may see, where another document's figure for the same target is looked for (asked only when a record
    answers and no comparison decides)."""
    if not (query.asks_target or query.asks_quantity):
        return None
    named = {fold(p) for p, _ in query.named_provinces} | {fold(p) for p in query.provinces}
    candidates = _candidates(query, hits, named)
    if not candidates:
        return None
    if query.sides:
        chosen = []
        for side in query.sides:
            mine = [c for c in candidates if c.hit.document.doc_id in side.docs]
            if not mine:
                return None  # one side has no record: the table cannot answer the comparison
            chosen.append(mine[0])
    else:
        chosen = _disagreeing(candidates, pool() if pool else [])
    differ = len(chosen) > 1 and not query.sides
    lines = [DISAGREE_NOTE[query.language]] if differ else []
    citations = []
    for number, candidate in enumerate(chosen, start=1):
        lines.append(_line(number, candidate, query.language, dated=differ))
        citations.append(citation(number, candidate.hit))
    return "\n".join(lines), citations
