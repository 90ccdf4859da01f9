"""Answer metrics: run the answering step on each question and score accuracy, citations, refusals,
unsupported figures and latency."""

from __future__ import annotations

import csv
import math
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TextIO

from nghiquyet.chat.answer import AnswerService
from nghiquyet.eval.dataset import EvalQuestion
from nghiquyet.eval.metrics import (
    Retrieved,
    answer_correct,
    citation_correct,
    gold_inside,
    median,
    percentile,
    refusal_scores,
    squad_exact_match,
    squad_f1,
    unsupported_figures,
)
from tqdm import tqdm


@dataclass
class AnswerResult:
    id: str
    type: str
    question: str
    profile: str
    mode: str
    refused: bool
    should_refuse: bool
    correct: bool | None
    citation_ok: bool | None
    unsupported: list[str]
    first_token_ms: float | None
    total_ms: float | None
    answer: str
    squad_em: float | None = None
    squad_f1: float | None = None
    short_answer: str = ""
    short_em: float | None = None  # SQuAD exact match / F1 of the short answer (the answer itself when none)
    short_f1: float | None = None
    gold_in_answer: bool | None = None  # a gold span inside the answer (folded)
    why: str = ""
    replaced: str = ""  # why the model's reply was set aside (``Answer.replaced``)
    model_reply: str = ""  # what the model wrote (``Answer.model_reply``), to read beside what was shown

    def row(self) -> dict:
        data = asdict(self)
        data["unsupported"] = "; ".join(self.unsupported)
        return data


@dataclass
class AnswerSummary:
    profile: str
    questions: int
    accuracy: float
    citation_correct: float
    refusal_precision: float
    refusal_recall: float
    unsupported_rate: float
    extractive_share: float
    first_token_p50_ms: float
    first_token_p95_ms: float
    total_p50_ms: float
    total_p95_ms: float
    squad_em: float | None = None
    squad_f1: float | None = None
    short_em: float | None = None
    short_f1: float | None = None
    gold_in_answer: float | None = None
    false_refusal_rate: float = float("nan")  # answerable questions refused
    by_type: dict[str, float] = field(default_factory=dict)
    replaced: dict[str, int] = field(default_factory=dict)  # model replies set aside, by why (junk counted here)


def _why(result: AnswerResult) -> str:
    if result.should_refuse:
        return "từ chối đúng" if result.refused else "đáng lẽ phải từ chối nhưng đã trả lời"
    if result.refused:
        return "từ chối sai: văn bản có câu trả lời"
    if result.correct is False:
        return "thiếu ý bắt buộc (must_contain)"
    if result.citation_ok is False:
        return "trích dẫn sai văn bản hoặc đoạn"
    if result.unsupported:
        return "có con số không có trong nguồn"
    return "đúng"


def evaluate_answer(service: AnswerService, question: EvalQuestion, profile: str | None,
                    mode: str | None = None) -> AnswerResult:
    answer = service.ask(question.question, profile=profile, mode=mode)
    cited = [Retrieved(c.quote, frozenset(k for k in (c.doc_number, c.doc_title) if k)) for c in answer.citations]
    cited_full = [Retrieved(h.text, frozenset(k for k in (h.document.doc_id, h.document.number, h.document.source,
                                                         h.document.title) if k))
                  for h in answer.evidence if any(c.chunk_id == h.chunk.chunk_id for c in answer.citations)]
    answerable = question.answerable
    # A refusal is no answer, even when the closest clauses it shows hold the gold pieces (the summary never
    # counted it; the per-question file did).
    correct = (answer_correct(answer.text, question.must_contain) and not answer.refused
               if (answerable and question.must_contain) else None)
    citation_ok = (citation_correct(cited_full or cited, question.evidence, question.doc)
                   if (answerable and not answer.refused and (question.evidence or question.doc)) else None)
    # Sources as the answer may name them: clause text, section path with its pages ("tr. 29": a quote's locator,
    # which counted as an unsupported figure), document number and title.
    unsupported = [] if answer.refused else unsupported_figures(answer.text, [h.text for h in answer.evidence] + [
        f"{h.chunk.locator} {h.document.number or ''} {h.document.title}" for h in answer.evidence])
    result = AnswerResult(
        id=question.id, type=question.type or "", question=question.question, profile=profile or "",
        mode=f"{mode}:{answer.mode}" if mode else answer.mode, refused=answer.refused, should_refuse=not answerable, correct=correct,
        citation_ok=citation_ok, unsupported=unsupported, first_token_ms=answer.timings.get("first_token_ms"),
        total_ms=answer.timings.get("total_ms"), answer=answer.text, short_answer=answer.short_answer,
        replaced=answer.replaced, model_reply=answer.model_reply,
    )
    if question.squad_answers:
        shown = "" if answer.refused else answer.text
        short = "" if answer.refused else (answer.short_answer or answer.text)
        result.squad_em = squad_exact_match(shown, question.squad_answers)
        result.squad_f1 = squad_f1(shown, question.squad_answers)
        result.short_em = squad_exact_match(short, question.squad_answers)
        result.short_f1 = squad_f1(short, question.squad_answers)
        result.gold_in_answer = gold_inside(shown, question.squad_answers)
    result.why = _why(result)
    return result


def summarise_answers(profile: str, results: list[AnswerResult]) -> AnswerSummary:
    def mean(xs: list[float]) -> float:
        return sum(xs) / len(xs) if xs else float("nan")

    graded = [r for r in results if r.correct is not None]
    cited = [r for r in results if r.citation_ok is not None]
    precision, recall = refusal_scores([(r.refused, r.should_refuse) for r in results])
    answered = [r for r in results if not r.refused]
    first = [r.first_token_ms for r in results if r.first_token_ms is not None]
    total = [r.total_ms for r in results if r.total_ms is not None]
    by_type: dict[str, list[float]] = {}
    for r in graded:
        by_type.setdefault(r.type or "-", []).append(float(r.correct and not r.refused))
    squad = [r for r in results if r.squad_em is not None]
    answerable = [r for r in results if not r.should_refuse]
    return AnswerSummary(
        profile=profile, questions=len(results),
        accuracy=mean([float(bool(r.correct) and not r.refused) for r in graded]),
        citation_correct=mean([float(bool(r.citation_ok)) for r in cited]),
        refusal_precision=precision, refusal_recall=recall,
        unsupported_rate=mean([float(bool(r.unsupported)) for r in answered]),
        extractive_share=mean([float(r.mode.endswith("extractive")) for r in answered]),
        first_token_p50_ms=median(first), first_token_p95_ms=percentile(first, 0.95),
        total_p50_ms=median(total), total_p95_ms=percentile(total, 0.95),
        squad_em=mean([r.squad_em for r in squad]) if squad else None,
        squad_f1=mean([r.squad_f1 for r in squad]) if squad else None,
        short_em=mean([r.short_em for r in squad]) if squad else None,
        short_f1=mean([r.short_f1 for r in squad]) if squad else None,
        gold_in_answer=mean([float(bool(r.gold_in_answer)) for r in squad]) if squad else None,
        false_refusal_rate=mean([float(r.refused) for r in answerable]),
        by_type={t: mean(v) for t, v in sorted(by_type.items())},
        replaced=dict(sorted(Counter(r.replaced for r in results if r.replaced).items())),
    )


class PartialAnswers:
    """Answers written to a CSV file as they come (flushed row by row), so a long run that is stopped keeps
    every answer it had (the eval command removes the file once the full report is written)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: TextIO | None = None
        self._writer: csv.DictWriter | None = None

    def add(self, result: AnswerResult) -> None:
        row = result.row()
        if self._writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8", newline="")
            self._writer = csv.DictWriter(self._handle, fieldnames=list(row))
            self._writer.writeheader()
        self._writer.writerow(row)
        assert self._handle is not None
        self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()


def run_answer_eval(service: AnswerService, questions: list[EvalQuestion], profiles: list[str | None],
                    progress: bool = True, modes: list[str | None] | None = None,
                    partial: PartialAnswers | None = None) -> tuple[list[AnswerSummary], list[AnswerResult]]:
    """Every question under each profile and answer mode ("constrained", "free", "extractive"; None: the
    configured one); one summary per pair, labelled "profile" or "profile / mode". Each answer also goes to
    ``partial`` as soon as it is graded."""
    summaries, results = [], []
    for profile in profiles:
        for mode in modes or [None]:
            # extractive answers run no model: the profile would be a false label
            model = "no model" if mode == "extractive" else (profile or "default")
            label = f"{model} / {mode}" if mode else model
            mine = []
            for q in tqdm(questions, desc=f"Trả lời ({label})", unit="câu", disable=not progress, leave=False):
                mine.append(evaluate_answer(service, q, profile, mode))
                if partial is not None:
                    partial.add(mine[-1])
            results.extend(mine)
            summaries.append(summarise_answers(label, mine))
    return summaries, results


def answer_table(summaries: list[AnswerSummary]) -> str:
    def pct(value: float | None) -> str:
        return "–" if value is None or math.isnan(value) else f"{value:.1%}"

    lines = ["| profile | answer accuracy | citation correct | refusal precision | refusal recall | "
             "answerable refused | answers with unsupported figure | extractive fallback | first token p50/p95 ms | "
             "total p50/p95 ms |", "|---|---|---|---|---|---|---|---|---|---|"]
    for s in summaries:
        lines.append(f"| {s.profile} | {pct(s.accuracy)} | {pct(s.citation_correct)} | {pct(s.refusal_precision)} | "
                     f"{pct(s.refusal_recall)} | {pct(s.false_refusal_rate)} | {pct(s.unsupported_rate)} | "
                     f"{pct(s.extractive_share)} | {s.first_token_p50_ms:.0f} / {s.first_token_p95_ms:.0f} | "
                     f"{s.total_p50_ms:.0f} / {s.total_p95_ms:.0f} |")
    for s in summaries:
        if s.replaced:  # junk, failed checks, a "not found": what the model wrote that was never shown as its answer
            lines.append(f"\nModel replies set aside ({s.profile}): "
                         + ", ".join(f"{why} {count}" for why, count in s.replaced.items()) + ".")
    if any(s.squad_em is not None for s in summaries):
        lines += ["", "| profile | gold span in answer | short answer EM | short answer F1 | answer EM | answer F1 | "
                  "answerable refused | first token p50 ms |", "|---|---|---|---|---|---|---|---|"]
        lines += [f"| {s.profile} | {pct(s.gold_in_answer)} | {pct(s.short_em)} | {pct(s.short_f1)} | "
                  f"{pct(s.squad_em)} | {pct(s.squad_f1)} | {pct(s.false_refusal_rate)} | {s.first_token_p50_ms:.0f} |"
                  for s in summaries if s.squad_em is not None]
    return "\n".join(lines)
