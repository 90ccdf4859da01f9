"""Write the evaluation report: Markdown summary with failures explained, report.json, per-question CSV."""

from __future__ import annotations

import csv
import json
import math
from dataclasses import asdict
from pathlib import Path

from nghiquyet.eval.runner import QuestionResult, SystemSummary

SYSTEM_LABELS = {
    "hybrid": "Hybrid (ours: structure + BM25 + e5 + rules)",
    "bm25": "BM25 only (our chunks)",
    "dense": "Dense only (our chunks)",
    "standard": "Standard recipe (1000/200 chunks, dense only)",
}


def system_label(name: str) -> str:
    if name.startswith("hybrid-no-"):
        return f"Hybrid without rule `{name.removeprefix('hybrid-no-')}`"
    return SYSTEM_LABELS.get(name, name)


def _pct(value: float) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.1%}"


def summary_table(summaries: list[SystemSummary], budget: int) -> str:
    lines = [
        f"| system | evidence in {budget}-char context | hit@1 | hit@3 | hit@5 | MRR | top-1 doc right | p50 ms | p95 ms |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for s in summaries:
        lines.append(
            f"| {system_label(s.system)} | {_pct(s.recall_in_budget)} | {_pct(s.hit1)} | {_pct(s.hit3)} | "
            f"{_pct(s.hit5)} | {s.mrr:.3f} | {_pct(s.doc_at_1)} | {s.latency_p50_ms:.0f} | {s.latency_p95_ms:.0f} |"
        )
    return "\n".join(lines)


def write_report(out: Path, source: str, budget: int, summaries: list[SystemSummary],
                 results: list[QuestionResult], notes: list[str], settings: dict | None = None,
                 answers: tuple[list, list] | None = None, documents_section: str | None = None) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    answer_summaries, answer_results = answers or ([], [])
    if answer_results:
        with (out / "answers.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=list(answer_results[0].row()))
            writer.writeheader()
            for result in answer_results:
                writer.writerow(result.row())
    (out / "report.json").write_text(json.dumps(
        {"questions_file": source, "budget_chars": budget, "settings": settings or {},
         "answers": {"summary": [asdict(s) for s in answer_summaries], "results": [r.row() for r in answer_results]},
         "summary": [asdict(s) for s in summaries],
         "results": [r.row() for r in results], "notes": notes},
        ensure_ascii=False, indent=1), encoding="utf-8")
    with (out / "questions.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(results[0].row()) if results else ["id"])
        writer.writeheader()
        for result in results:
            writer.writerow(result.row())
    lines = [f"# Evaluation report: `{source}`", ""]
    if documents_section:
        lines += ["## Real documents: metadata read and text kept", "",
                  "Each document ingested as it is (no metadata file); fields compared with the hand-checked values "
                  "(case, spacing and tone-mark placement aside); coverage = share of the text that reached the index "
                  "or was left out on purpose (header and closing blocks are in the document card).", "",
                  documents_section, ""]
    if answer_summaries:
        from nghiquyet.eval.answers import answer_table

        lines += ["## Answers", "", "Accuracy = every `must_contain` piece in the answer; citation correct = a cited "
                  "clause holds the gold evidence or is from the gold document; refusals scored against the "
                  "`unanswerable` questions.", "", answer_table(answer_summaries), ""]
        wrong = [r for r in answer_results if r.why != "đúng" and r.why != "từ chối đúng"]
        lines += [f"Answer failures ({len(wrong)}):", ""]
        lines += [f"- `{r.id}` [{r.profile}] ({r.type}): {r.why} — {r.answer[:160].replace(chr(10), ' ')}" for r in wrong]
        lines += ["", "## Retrieval", ""]
    lines += ["Retrieval, measured on the same questions for every system "
             f"(context budget {budget} characters; answerable questions with gold evidence only).", "",
             summary_table(summaries, budget), ""]
    main = summaries[0] if summaries else None
    if main and main.by_type:
        lines += [f"Evidence in context by question type ({system_label(main.system)}):", "",
                  "| type | evidence in context |", "|---|---|"]
        lines += [f"| {t} | {_pct(v)} |" for t, v in main.by_type.items()]
        lines.append("")
    if notes:
        lines += ["Notes:", ""] + [f"- {n}" for n in notes] + [""]
    failures = [r for r in results if main and r.system == main.system and not r.passed]
    lines += [f"## Failures of {main.system if main else '-'} ({len(failures)})", ""]
    for r in failures:
        lines.append(f"- `{r.id}` ({r.type}): {r.question} — {r.why}")
    (out / "report.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out / "report.md"
