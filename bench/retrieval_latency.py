"""Retrieval latency and index memory at 1k, 10k, 100k and 1M chunks: exact vs approximate dense search,
and BM25. Recall is "planted-neighbour recall@10": each query is a stored vector plus a little noise
(as a question sits near its answer), and counts as found when that vector is in the top 10. (Recall
against exact top-10 lists is meaningless on random high-dimensional data: apart from the planted one,
the exact neighbours are near-ties.) Synthetic data (random unit vectors; Vietnamese-like text made from the corpus's own words):
embedding a million real chunks takes about a day here.

Prints figures and ratios against the exact (flat) baseline measured in the same run:
    .venv/bin/python bench/retrieval_latency.py [--sizes 1000,10000,100000,1000000] [--queries 200]
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import time
from pathlib import Path

import numpy as np
from nghiquyet.index.vectorstore import FaissVectorStore

DIM = 384
REPO = Path(__file__).resolve().parents[1]


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def unit_vectors(rng: np.random.Generator, count: int) -> np.ndarray:
    vectors = rng.standard_normal((count, DIM), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def bench_dense(size: int, queries: int, kinds: list[str], rng: np.random.Generator) -> list[dict]:
    vectors = unit_vectors(rng, size)
    # Queries near stored vectors, as real questions are near their answers.
    picks = rng.integers(0, size, queries)
    probes = vectors[picks] + 0.05 * unit_vectors(rng, queries)
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    rows = []
    for kind in kinds:
        gc.collect()
        before = rss_mb()
        started = time.perf_counter()
        store = FaissVectorStore.build(vectors, kind, hnsw_m=32, ef_search=128, ivf_nprobe=16)
        build_s = time.perf_counter() - started
        memory = rss_mb() - before
        latencies, found = [], []
        for probe in probes:
            t = time.perf_counter()
            _, positions = store.search(probe, 10)
            latencies.append((time.perf_counter() - t) * 1000)
            found.append(set(positions.tolist()))
        recall = statistics.mean(int(p) in f for p, f in zip(picks, found))
        p50, p95 = percentiles(latencies)
        rows.append(dict(size=size, kind=kind, build_s=build_s, mem_mb=memory, p50=p50, p95=p95, recall=recall))
        del store
    return rows


def corpus_words() -> list[str]:
    text = " ".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "data").glob("0*.txt")))
    return [w.strip(".,;:()“”\"").lower() for w in text.split() if w.strip(".,;:()“”\"").isalpha()]


def bench_bm25(size: int, queries: int, rng: np.random.Generator, words: list[str]) -> dict:
    import bm25s

    vocabulary = np.array(sorted(set(words)))
    weights = np.array([words.count(w) for w in vocabulary], dtype=np.float64) ** 0.75
    weights /= weights.sum()
    docs = [list(vocabulary[rng.choice(len(vocabulary), 30, p=weights)]) for _ in range(size)]
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    retriever = bm25s.BM25()
    retriever.index(docs, show_progress=False)
    build_s = time.perf_counter() - started
    memory = rss_mb() - before
    del docs
    latencies = []
    for _ in range(queries):
        query = list(vocabulary[rng.choice(len(vocabulary), 6, p=weights)])
        t = time.perf_counter()
        retriever.retrieve([query], k=40, show_progress=False)
        latencies.append((time.perf_counter() - t) * 1000)
    p50, p95 = percentiles(latencies)
    return dict(size=size, build_s=build_s, mem_mb=memory, p50=p50, p95=p95)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--hnsw-max", type=int, default=100000,
                        help="largest size to build HNSW for (a 1M HNSW build takes tens of minutes on 2 cores)")
    args = parser.parse_args()
    rng = np.random.default_rng(7)
    sizes = [int(s) for s in args.sizes.split(",")]
    print("Dense (FAISS, 384-d, top-10; planted-neighbour recall@10; ratios against exact search in the same run)")
    print(f"{'chunks':>9} {'index':>5} {'build s':>8} {'mem MB':>8} {'p50 ms':>8} {'p95 ms':>8} "
          f"{'p50 vs flat':>11} {'recall@10':>9}")
    for size in sizes:
        kinds = ["flat", "ivf"] + (["hnsw"] if size <= args.hnsw_max else [])
        rows = bench_dense(size, args.queries, kinds, rng)
        base = rows[0]["p50"]
        for row in rows:
            print(f"{row['size']:>9} {row['kind']:>5} {row['build_s']:>8.2f} {row['mem_mb']:>8.0f} "
                  f"{row['p50']:>8.3f} {row['p95']:>8.3f} {row['p50'] / base:>10.2f}x {row['recall']:>9.3f}",
                  flush=True)
    print()
    print("Sparse (bm25s, synthetic 30-word chunks from the corpus vocabulary, 6-word queries, top-40)")
    print(f"{'chunks':>9} {'build s':>8} {'mem MB':>8} {'p50 ms':>8} {'p95 ms':>8}")
    words = corpus_words()
    for size in sizes:
        row = bench_bm25(size, args.queries, rng, words)
        print(f"{row['size']:>9} {row['build_s']:>8.2f} {row['mem_mb']:>8.0f} {row['p50']:>8.3f} {row['p95']:>8.3f}",
              flush=True)


if __name__ == "__main__":
    main()
