"""Answer modes side by side on the same questions and the same loaded model: "free" (prose with [n]
markers) against "constrained" (JSON with sentence ids, short answer, answer; evidence numbered by sentence).

Per mode: prompt tokens (what the evidence costs: every 100 tokens are ~2.7 s before the first token with the
1.5B model on 2 cores), time to the model's first token, time to the first answer text a user sees (in
constrained mode the ids and the short answer come first), total time, and how answers ended. Answers from
the targets table are off so that every question reaches the model. Medians, and constrained/free ratios:
    .venv/bin/python bench/answer_modes.py [--profile fast] [--questions 8]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter

from generation_latency import (
    QUESTIONS,  # the same eight questions as the latency bench
)
from nghiquyet.chat.answer import AnswerService
from nghiquyet.chat.generator import create_generator
from nghiquyet.core.config import load_settings
from nghiquyet.index.retriever import HybridRetriever


class Counting:
    """The real generator, with the prompt tokens of its last call kept."""

    def __init__(self, generator) -> None:
        self.generator = generator
        self.name = generator.name
        self.supports_schema = getattr(generator, "supports_schema", False)
        self.prompt_tokens = 0

    def chat(self, messages, max_tokens, on_token=None, schema=None):
        kwargs = {"schema": schema} if schema else {}
        result = self.generator.chat(messages, max_tokens, on_token, **kwargs)
        self.prompt_tokens = result.prompt_tokens or 0
        return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profile", default="fast")
    parser.add_argument("--questions", type=int, default=len(QUESTIONS))
    args = parser.parse_args()
    settings = load_settings(overrides={"show_progress": False, "generation.table_answers": False})
    generator = Counting(create_generator(settings, args.profile))
    service = AnswerService(HybridRetriever.from_settings(settings), settings, generator=generator)
    questions = QUESTIONS[: args.questions]
    service.ask(questions[0], mode="free")  # warm-up: model load, caches
    rows: dict[str, dict[str, list[float]]] = {}
    endings: dict[str, Counter] = {}
    for question in questions:
        for mode in ("free", "constrained"):  # interleaved, so drift in machine load hits both alike
            generator.generator.chat([{"role": "system", "content": "x"}, {"role": "user", "content": "y"}], 1)
            shown: list[float] = []
            started = time.perf_counter()
            answer = service.ask(question, mode=mode, on_token=lambda _, seen=shown: seen.append(time.perf_counter()))
            row = rows.setdefault(mode, {"prompt": [], "first": [], "shown": [], "total": []})
            row["prompt"].append(generator.prompt_tokens)
            row["first"].append(answer.timings.get("first_token_ms") or float("nan"))
            row["shown"].append((shown[0] - started) * 1000 if shown else answer.timings["total_ms"])
            row["total"].append(answer.timings["total_ms"])
            endings.setdefault(mode, Counter())[answer.mode] += 1
    med = {mode: {k: statistics.median(v) for k, v in row.items()} for mode, row in rows.items()}
    print(f"profile {args.profile}, {len(questions)} questions, medians")
    print(f"{'mode':<12} {'prompt tok':>10} {'first token ms':>15} {'first text shown ms':>20} {'total ms':>10}  endings")
    for mode, m in med.items():
        print(f"{mode:<12} {m['prompt']:>10.0f} {m['first']:>15.0f} {m['shown']:>20.0f} {m['total']:>10.0f}  "
              f"{dict(endings[mode])}")
    f, c = med["free"], med["constrained"]
    print(f"{'ratio c/f':<12} {c['prompt'] / f['prompt']:>10.2f} {c['first'] / f['first']:>15.2f} "
          f"{c['shown'] / f['shown']:>20.2f} {c['total'] / f['total']:>10.2f}")


if __name__ == "__main__":
    main()
