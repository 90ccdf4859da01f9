"""Run a question set against the retrieval systems and collect per-question results."""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass, field

from nghiquyet.eval.dataset import EvalQuestion
from nghiquyet.eval.metrics import (
    Retrieved,
    doc_matches,
    evidence_recall,
    first_evidence_rank,
    hit_at,
    median,
    percentile,
    reciprocal_rank,
)
from nghiquyet.eval.systems import RetrievalSystem
from tqdm import tqdm


@dataclass
class QuestionResult:
    id: str
    type: str
    question: str
    system: str
    rank: int | None
    recall_in_budget: float
    top_doc_ok: bool | None
    top_doc: str
    top_section: str
    latency_ms: float
    passed: bool
    why: str

    def row(self) -> dict:
        return asdict(self)


@dataclass
class SystemSummary:
    system: str
    questions: int
    recall_in_budget: float
    hit1: float
    hit3: float
    hit5: float
    mrr: float
    doc_at_1: float
    latency_p50_ms: float
    latency_p95_ms: float
    by_type: dict[str, float] = field(default_factory=dict)


def _why(question: EvalQuestion, rank: int | None, recall: float, top: Retrieved | None) -> str:
    if not question.evidence:
        return "không có bằng chứng vàng (câu hỏi không trả lời được): không chấm truy hồi"
    if recall >= 1.0:
        return "đủ bằng chứng trong ngân sách ngữ cảnh"
    where = f"; kết quả đầu: {', '.join(sorted(top.doc_keys))[:80]} › {top.section[:80]}" if top else ""
    if rank is None:
        return "không tìm thấy bằng chứng trong 10 kết quả đầu" + where
    if recall > 0:
        return f"chỉ có {recall:.0%} bằng chứng trong ngân sách (xếp hạng {rank})" + where
    return f"bằng chứng ở hạng {rank} nhưng bị cắt khỏi ngân sách ngữ cảnh" + where


def evaluate_question(system: RetrievalSystem, question: EvalQuestion, budget: int) -> QuestionResult:
    started = time.perf_counter()
    ranked = system.ranked(question.question)
    latency = (time.perf_counter() - started) * 1000
    context = system.context(question.question, budget)
    rank = first_evidence_rank(ranked, question.evidence) if question.evidence else None
    recall = evidence_recall(context, question.evidence) if question.evidence else float("nan")
    top = ranked[0] if ranked else None
    top_doc_ok = doc_matches(top, question.doc) if (top and question.doc) else None
    passed = (not question.evidence) or recall >= 1.0
    return QuestionResult(
        id=question.id, type=question.type or "", question=question.question, system=system.name, rank=rank,
        recall_in_budget=recall, top_doc_ok=top_doc_ok,
        top_doc=", ".join(sorted(top.doc_keys))[:120] if top else "", top_section=top.section if top else "",
        latency_ms=latency, passed=passed, why=_why(question, rank, recall, top),
    )


def summarise(system: str, results: list[QuestionResult]) -> SystemSummary:
    scored = [r for r in results if not math.isnan(r.recall_in_budget)]
    with_doc = [r for r in results if r.top_doc_ok is not None]
    by_type: dict[str, list[float]] = {}
    for r in scored:
        by_type.setdefault(r.type or "-", []).append(r.recall_in_budget)
    mean = (lambda xs: sum(xs) / len(xs) if xs else float("nan"))
    latencies = [r.latency_ms for r in results]
    return SystemSummary(
        system=system, questions=len(scored),
        recall_in_budget=mean([r.recall_in_budget for r in scored]),
        hit1=mean([float(hit_at(r.rank, 1)) for r in scored]), hit3=mean([float(hit_at(r.rank, 3)) for r in scored]),
        hit5=mean([float(hit_at(r.rank, 5)) for r in scored]), mrr=mean([reciprocal_rank(r.rank) for r in scored]),
        doc_at_1=mean([float(bool(r.top_doc_ok)) for r in with_doc]),
        latency_p50_ms=median(latencies), latency_p95_ms=percentile(latencies, 0.95),
        by_type={t: mean(v) for t, v in sorted(by_type.items())},
    )


def run_retrieval_eval(systems: list[RetrievalSystem], questions: list[EvalQuestion], budget: int,
                       progress: bool = True) -> tuple[list[SystemSummary], list[QuestionResult]]:
    results: list[QuestionResult] = []
    summaries: list[SystemSummary] = []
    for system in systems:
        mine = [evaluate_question(system, q, budget) for q in
                tqdm(questions, desc=f"Đánh giá {system.name}", unit="câu", disable=not progress, leave=False)]
        results.extend(mine)
        summaries.append(summarise(system.name, mine))
    return summaries, results
