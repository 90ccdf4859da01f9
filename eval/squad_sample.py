"""A fixed random sample of an external SQuAD-format question set (XQuAD-vi, or any other), for answer evals
that fit in an afternoon on two cores. Reads only the file the user gives; fetches nothing.

    python -m nghiquyet.eval.squad_sample xquad.vi.json --questions 200 --seed 0 --out var/xquad-vi-200.json
    nghiquyet eval var/xquad-vi-200.json --profile fast --mode constrained,free

Every paragraph stays in the sample (the retriever must still find the right one among all of them); only
the questions are sampled, so the same seed gives the same questions on every machine.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from nghiquyet.eval.dataset import EvalFileError


def sample_squad(data: dict, questions: int, seed: int) -> dict:
    """``data`` with only ``questions`` of its questions, drawn with ``seed``; all paragraphs kept."""
    ids = [qa["id"] for article in data.get("data", []) for paragraph in article.get("paragraphs", [])
           for qa in paragraph.get("qas", [])]
    if not ids:
        raise EvalFileError("Tệp SQuAD không có câu hỏi nào.")
    chosen = set(random.Random(seed).sample(ids, min(questions, len(ids))))
    return {"version": data.get("version", ""), "sample": {"questions": len(chosen), "seed": seed, "of": len(ids)},
            "data": [{**article, "paragraphs": [{**p, "qas": [qa for qa in p.get("qas", []) if qa["id"] in chosen]}
                                                for p in article.get("paragraphs", [])]}
                     for article in data.get("data", [])]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, help="tệp SQuAD JSON (ví dụ xquad.vi.json)")
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    try:
        data = json.loads(args.file.read_text(encoding="utf-8"))
        sample = sample_squad(data, args.questions, args.seed)
    except (OSError, ValueError, KeyError, EvalFileError) as exc:
        print(f"Lỗi: không đọc được {args.file}: {exc}", file=sys.stderr)
        return 2
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(sample, ensure_ascii=False), encoding="utf-8")
    print(f"{sample['sample']['questions']} câu hỏi (seed {args.seed}) của {sample['sample']['of']} → {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
