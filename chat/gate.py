"""Whether the documents can answer at all, decided before any model runs: nothing retrieved, a province
no document is from or names, a document the corpus does not hold, or retrieval scores too low to be about the
question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from nghiquyet.core.lexicon import (
    named_by_number,
    number_head,
)
from nghiquyet.core.models import Hit
from nghiquyet.core.textnorm import fold
from nghiquyet.index.corpus import Corpus
from nghiquyet.index.query import Query


@dataclass(frozen=True)
class GateThresholds:
    """Below both scores, retrieval is taken to have found nothing relevant. Calibrated on the dev and
    held-out sets: no answerable question falls below both (the lowest: e5 0.814 with BM25 2.84), while
    off-topic ones do (football 0.800/2.1, population 0.824/0, chairman 0.796/0). Near-topic questions
    score like answerable ones, so the gate is only the first of the checks."""

    dense: float = 0.83
    sparse: float = 2.5


NOTHING_RELATED = {"vi": "Các văn bản đã nạp không có nội dung liên quan tới câu hỏi này.",
                   "en": "The loaded documents contain nothing related to this question."}
NO_ANSWER = {"vi": "Các văn bản đã nạp không chứa thông tin để trả lời câu hỏi này.",
             "en": "The loaded documents do not contain the answer to this question."}


def refusal_reason(query: Query, hits: list[Hit], corpus: Corpus, gate: GateThresholds) -> str | None:
    """Why the documents cannot answer ``query``, or None when they may."""
    vietnamese = query.language == "vi"
    if not hits:
        return NOTHING_RELATED[query.language]
    corpus_provinces = {fold(d.province) for d in corpus.documents.values() if d.province}
    named = query.province_asked
    if named and fold(named) not in corpus_provinces and not corpus.mentions(named):
        return (f"Các văn bản đã nạp không có văn bản nào của tỉnh/thành {named}." if vietnamese else
                f"The loaded documents hold nothing from {named}.")
    for kind, number in named_by_number(query.text):
        known = any(number_head(d.number) == number for d in corpus.documents.values())
        quoted = any(re.search(rf"(?<!\d){number}(?:\s*-|/)", c.text) for c in corpus.chunks)
        if not known and not quoted:
            return (f"Các văn bản đã nạp không có {kind} số {number}." if vietnamese else
                    f"The loaded documents do not include {kind} {number}.")
    dense = max((h.dense_score for h in hits if h.dense_score is not None), default=0.0)
    sparse = max((h.sparse_score for h in hits if h.sparse_score is not None), default=0.0)
    if dense < gate.dense and sparse < gate.sparse:
        return NO_ANSWER[query.language]
    return None


def national_note(query: Query, hits: list[Hit]) -> str | None:
    """When a province is asked about but only national clauses were found, the answer must say so."""
    named = query.province_asked
    if named and not any(fold(h.document.province or "") == fold(named) for h in hits):
        return (f"Không có chỉ tiêu riêng của tỉnh {named} trong các đoạn tìm được; "
                "các con số dưới đây là của văn bản cấp quốc gia.")
    return None


def other_provinces_left_out(query: Query, hits: list[Hit]) -> tuple[list[Hit], str | None]:
    """A question about one province is never answered from another province's documents: their clauses
    are left out of the evidence (unless they name the province asked about), and a note says so."""
    named = [name for name, _ in query.named_provinces]  # all of them: "Quảng Trị và Sóc Trăng …"
    if not named:
        return hits, None
    wanted = {fold(p) for p in named}
    kept = [h for h in hits if not h.document.province or fold(h.document.province) in wanted
            or any(w in fold(h.text) for w in wanted)]
    if len(kept) == len(hits):
        return hits, None
    others = sorted({h.document.province for h in hits if h not in kept and h.document.province})
    if query.language == "en":
        return kept, f"Passages from {', '.join(others)} were left out: the question is about {', '.join(named)}."
    return kept, f"Đã bỏ các đoạn của tỉnh {', '.join(others)}: câu hỏi hỏi về {', '.join(named)}."
