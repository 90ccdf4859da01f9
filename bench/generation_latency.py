"""Answer latency per profile next to the raw llama.cpp speed for the same prompts.

For a fixed question set: the full `ask` path (retrieval, prompt, generation, checks) against a bare
`handle_chat_completions` call with the identical messages on the same loaded model (the prompt cache is
cleared before each timed call, so neither path reuses the other's prompt). The ratio shows our
overhead; prompt tokens per answer show what the evidence costs:
    .venv/bin/python bench/generation_latency.py [--profiles fast,quality] [--questions 8]
"""

from __future__ import annotations

import argparse
import statistics
import time

from nghiquyet.chat.answer import AnswerService
from nghiquyet.chat.generator import create_generator
from nghiquyet.chat.prompts import build_messages
from nghiquyet.core.config import load_settings
from nghiquyet.eval.metrics import percentile
from nghiquyet.index.retriever import HybridRetriever

QUESTIONS = [
    "Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?",
    "Nghị quyết 57 đặt mục tiêu quy mô kinh tế số đến năm 2030 là bao nhiêu?",
    "Sóc Trăng bố trí ít nhất bao nhiêu phần trăm tổng chi ngân sách cho khoa học, công nghệ?",
    "Ai làm Trưởng Ban Chỉ đạo Trung ương về phát triển khoa học, công nghệ?",
    "Chương trình 67 đặt mục tiêu gì về phủ sóng 5G?",
    "What is Soc Trang's digital economy target for 2030?",
    "Quảng Trị ưu tiên bố trí bao nhiêu phần trăm kinh phí cho KHCN, ĐMST, CĐS?",
    "Nghị quyết 57 yêu cầu kinh phí chi cho R&D đạt bao nhiêu phần trăm GDP?",
]


def p95(values: list[float]) -> float:
    return percentile(values, 0.95)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", default="fast,quality")
    parser.add_argument("--questions", type=int, default=len(QUESTIONS))
    args = parser.parse_args()
    settings = load_settings(overrides={"show_progress": False})
    retriever = HybridRetriever.from_settings(settings)
    service = AnswerService(retriever, settings)
    questions = QUESTIONS[: args.questions]
    print(f"{'profile':<8} {'path':<22} {'first token p50/p95 ms':>24} {'total p50/p95 ms':>20} {'prompt tok':>10}")
    for profile in args.profiles.split(","):
        generator = create_generator(settings, profile)
        service.ask(questions[0], profile=profile)  # warm-up: model load, caches
        ours_first, ours_total, raw_first, raw_total, prompt_tokens = [], [], [], [], []
        def evict() -> None:
            # llama.cpp keeps the last prompt in its cache: a different prompt in between makes each timed
            # call pay for its prompt, as a new question would.
            generator.chat([{"role": "system", "content": "x"}, {"role": "user", "content": "y"}], 1)

        for question in questions:
            evict()
            answer = service.ask(question, profile=profile)
            if answer.timings.get("first_token_ms"):
                ours_first.append(answer.timings["first_token_ms"])
            ours_total.append(answer.timings["total_ms"])
            hits = retriever.search(question, budget_chars=settings.generation.answer_budget_chars)
            evict()
            messages = build_messages(question, hits)
            # llama.cpp also keeps recent prompts in RAM and restores them: a marker at the start of the
            # user turn makes the raw call process the evidence afresh, as ``ask`` did for this question.
            messages[-1]["content"] = f"#{time.perf_counter_ns()}\n" + messages[-1]["content"]
            raw = generator.chat(messages, settings.generation.max_answer_tokens)
            raw_first.append(raw.first_token_ms or raw.total_ms)
            raw_total.append(raw.total_ms)
            if raw.prompt_tokens:
                prompt_tokens.append(raw.prompt_tokens)
        for label, first, total in (("ask (ours)", ours_first, ours_total), ("raw llama.cpp", raw_first, raw_total)):
            print(f"{profile:<8} {label:<22} {statistics.median(first):>11.0f} / {p95(first):<10.0f} "
                  f"{statistics.median(total):>9.0f} / {p95(total):<8.0f} "
                  f"{statistics.median(prompt_tokens) if prompt_tokens else 0:>10.0f}")
        print(f"{profile:<8} ratio ours/raw: first token {statistics.median(ours_first) / statistics.median(raw_first):.2f}x, "
              f"total {statistics.median(ours_total) / statistics.median(raw_total):.2f}x")


if __name__ == "__main__":
    main()
