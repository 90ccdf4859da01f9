"""BM25 rebuild time on a re-ingest: segmenting every clause again against reusing the last build's words.

An ingest rebuilds the BM25 index whole (bm25s has no incremental update). Before, every clause went through
underthesea's word segmentation again, changed or not; now the words of unchanged clauses are read from the last
build (``bm25/words.jsonl.gz``). Loads an index, then times, several rounds each, with the segmentation cache
emptied before each round as in a new process:

- baseline: ``BM25Index.build(texts)`` (every clause segmented);
- reuse: reading the words file of a build of the same texts, then ``BM25Index.build(texts, known)``, with one
  clause in 100 changed (segmented again), as when a few files of a large folder change.

    .venv/bin/python bench/bm25_rebuild.py [--index-dir var/index] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from nghiquyet.index import tokenizer
from nghiquyet.index.bm25 import BM25_DIR, BM25Index
from nghiquyet.index.store import load_index


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index-dir", type=Path, default=Path("var/index"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [c.index_text for c in load_index(args.index_dir).chunks]
    tokenizer.underthesea()  # the import is not what is measured
    with tempfile.TemporaryDirectory() as tmp:
        saved = Path(tmp)
        (saved / BM25_DIR).mkdir()
        BM25Index.build(texts).save(saved)
        previous = BM25Index.load(saved, len(texts))
        changed = [f"{text} (sửa)" if i % 100 == 0 else text for i, text in enumerate(texts)]
        baseline, reuse = [], []
        for _ in range(args.rounds):
            tokenizer._segment.cache_clear()
            started = time.perf_counter()
            BM25Index.build(changed)
            baseline.append(time.perf_counter() - started)
            tokenizer._segment.cache_clear()
            started = time.perf_counter()
            BM25Index.build(changed, previous.words_by_text(texts))
            reuse.append(time.perf_counter() - started)
    a, b = statistics.median(reuse), statistics.median(baseline)
    print(f"{len(texts)} clauses, {args.rounds} rounds, one clause in 100 changed")
    print(f"every clause segmented (baseline): median {b:.2f} s ({1000 * b / len(texts):.2f} ms a clause), "
          f"runs {', '.join(f'{t:.2f}' for t in baseline)}")
    print(f"words of unchanged clauses reused:  median {a:.2f} s ({1000 * a / len(texts):.2f} ms a clause), "
          f"runs {', '.join(f'{t:.2f}' for t in reuse)}")
    print(f"ratio reuse / baseline: {a / b:.3f}")


if __name__ == "__main__":
    main()
