"""Context packing side by side on the same questions and the same loaded model: whole clauses ("clause")
against clauses cut to their sentences about the question ("sentence").

Per packing: clauses handed to the model, characters of evidence, prompt tokens, time to the model's first
token and total time (free answer mode, targets table off so every question reaches the model). Medians, and
sentence/clause ratios:
    .venv/bin/python bench/context_packing.py [--profile fast] [--questions 8] [--budget 1000]
"""

from __future__ import annotations

import argparse
import statistics

from answer_modes import Counting
from generation_latency import QUESTIONS  # the same eight questions as the latency bench
from nghiquyet.chat.answer import AnswerService
from nghiquyet.chat.generator import create_generator
from nghiquyet.core.config import load_settings
from nghiquyet.index.retriever import HybridRetriever

PACKINGS = ("clause", "sentence")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", default="fast")
    parser.add_argument("--questions", type=int, default=len(QUESTIONS))
    parser.add_argument("--budget", type=int, default=None, help="answer_budget_chars (default: the configured one)")
    args = parser.parse_args()
    # no prompt cache: the two packings often hand the model the same prompt, and a cached one has no first-token cost
    overrides = {"show_progress": False, "generation.table_answers": False, "generation.cache_ram_mb": 0}
    if args.budget:
        overrides["generation.answer_budget_chars"] = args.budget
    base = load_settings(overrides=overrides)
    generator = Counting(create_generator(base, args.profile))
    first = HybridRetriever.from_settings(base)
    services = {}
    for packing in PACKINGS:
        settings = base.evolve({"retrieval.packing": packing})
        retriever = HybridRetriever(first.data, first.embedder, settings, first.analyzer.abbreviations)
        services[packing] = AnswerService(retriever, settings, generator=generator)
    questions = QUESTIONS[: args.questions]
    services["clause"].ask(questions[0], mode="free")  # warm-up: model load, caches
    rows: dict[str, dict[str, list[float]]] = {p: {"clauses": [], "chars": [], "prompt": [], "first": [], "total": []}
                                              for p in PACKINGS}
    for question in questions:
        for packing in PACKINGS:  # interleaved, so drift in machine load hits both alike
            generator.generator.chat([{"role": "system", "content": "x"}, {"role": "user", "content": "y"}], 1)
            answer = services[packing].ask(question, mode="free")
            row = rows[packing]
            row["clauses"].append(len(answer.evidence))
            row["chars"].append(sum(len(h.text) for h in answer.evidence))
            row["prompt"].append(generator.prompt_tokens)
            row["first"].append(answer.timings.get("first_token_ms") or float("nan"))
            row["total"].append(answer.timings["total_ms"])
    med = {p: {k: statistics.median(v) for k, v in row.items()} for p, row in rows.items()}
    print(f"profile {args.profile}, {len(questions)} questions, answer budget "
          f"{base.generation.answer_budget_chars} chars, medians")
    print(f"{'packing':<10} {'clauses':>8} {'chars':>7} {'prompt tok':>10} {'first token ms':>15} {'total ms':>10}")
    for packing, m in med.items():
        print(f"{packing:<10} {m['clauses']:>8.1f} {m['chars']:>7.0f} {m['prompt']:>10.0f} {m['first']:>15.0f} "
              f"{m['total']:>10.0f}")
    s, c = med["sentence"], med["clause"]
    print(f"{'ratio s/c':<10} {s['clauses'] / c['clauses']:>8.2f} {s['chars'] / c['chars']:>7.2f} "
          f"{s['prompt'] / c['prompt']:>10.2f} {s['first'] / c['first']:>15.2f} {s['total'] / c['total']:>10.2f}")


if __name__ == "__main__":
    main()
