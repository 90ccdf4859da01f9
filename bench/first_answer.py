"""The first question of the day: time to its final answer after the app starts, with the start-up warm-up (one
search, the model loaded and run for one token, in the background: ``[ui] preload_model = true``, the default) and
without (the first question that needs the model loads it).

Each round starts ``python app.py`` (as bench/ui_load.py does, on a free loopback port), opens the page (a
Gradio client and its session), waits ``--think-s`` seconds (a person reading the page and typing), then asks
one question that the model answers, and stops the app. Rounds alternate off / on, so a drift in the machine's
speed reaches both; medians and the on/off ratio are printed.
    .venv/bin/python bench/first_answer.py [--rounds 3] [--think-s 5] [--profile fast]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ui_load import ask_once, start_server  # noqa: E402 - a sibling script, not a package

QUESTION = "Hội thảo khoa học về giải pháp đột phá thực hiện Nghị quyết 57 tại Sóc Trăng do ai chủ trì?"


def first_answer(preload: bool, think_s: float, profile: str) -> float:
    from gradio_client import Client

    os.environ["NGHIQUYET_UI_PRELOAD_MODEL"] = "true" if preload else "false"
    os.environ["NGHIQUYET_GENERATION_PROFILE"] = profile
    server, url = start_server(prompt_cache_mb=0)
    try:
        client = Client(url, verbose=False)  # the page is open
        time.sleep(think_s)
        result = ask_once(url, QUESTION, profile, client)
        if not result.ok:
            raise SystemExit(f"Câu hỏi không được trả lời: {result.error}")
        return result.total_s
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think-s", type=float, default=5.0)
    parser.add_argument("--profile", default="fast")
    args = parser.parse_args()
    times: dict[bool, list[float]] = {False: [], True: []}
    for round_number in range(1, args.rounds + 1):
        for preload in (False, True):
            seconds = first_answer(preload, args.think_s, args.profile)
            times[preload].append(seconds)
            print(f"round {round_number}: preload {'on ' if preload else 'off'} first answer {seconds:.1f} s", flush=True)
    off, on = statistics.median(times[False]), statistics.median(times[True])
    ratios = [a / b for a, b in zip(times[True], times[False])]
    print(f"first answer, median of {args.rounds} (min-max): preload off {off:.1f} s "
          f"({min(times[False]):.1f}-{max(times[False]):.1f}), on {on:.1f} s ({min(times[True]):.1f}-"
          f"{max(times[True]):.1f}); on/off paired median {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
