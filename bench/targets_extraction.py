"""Targets extraction time per 1,000 chunks (issue: the targets table).

Parses the bundled corpus and the real-document fixtures once, then times ``extract_targets`` over every chunk,
several rounds; prints the median per 1,000 chunks, and, as a baseline in the same run, the time to parse the
same files (reading, cleaning, structure, chunking), so the ratio says what extraction adds to an ingest.

    .venv/bin/python bench/targets_extraction.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from nghiquyet.core.config import load_settings
from nghiquyet.core.lexicon import load_provinces
from nghiquyet.ingest.metadata import load_overrides
from nghiquyet.ingest.parse import parse_source
from nghiquyet.ingest.sources import discover_sources
from nghiquyet.ingest.targets import extract_targets

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = [ROOT / "data", ROOT / "shared" / "real-documents" / "files",
           ROOT / "shared" / "real-documents-heldout" / "files"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    settings = load_settings(config_file=None, environ={}, overrides={"show_progress": False})
    provinces = load_provinces(ROOT / "data" / "provinces.toml")
    overrides = load_overrides(ROOT / "data" / "documents.toml")
    files, _ = discover_sources([f for f in FOLDERS if f.is_dir()], [], False)
    files = [f for f in files if f.suffix.lower() != ".pdf" or "scan" not in f.name]  # OCR would dominate
    parse_times, parsed = [], []
    for _ in range(max(1, args.rounds // 2)):
        started = time.perf_counter()
        parsed = [parse_source(path, overrides, provinces, settings.ingest) for path in files]
        parse_times.append(time.perf_counter() - started)
    pairs = [(chunk, document) for documents, chunks in parsed
             for chunk in chunks for document in documents if document.doc_id == chunk.doc_id]
    extract_times = []
    found = 0
    for _ in range(args.rounds):
        started = time.perf_counter()
        found = sum(len(extract_targets(chunk, document.title, document.date).targets) for chunk, document in pairs)
        extract_times.append(time.perf_counter() - started)
    per_thousand = statistics.median(extract_times) / len(pairs) * 1000
    parse_per_thousand = statistics.median(parse_times) / len(pairs) * 1000
    print(f"files {len(files)}, chunks {len(pairs)}, targets {found}")
    print(f"extraction: median {statistics.median(extract_times) * 1000:.1f} ms over {args.rounds} rounds "
          f"= {per_thousand * 1000:.1f} ms per 1,000 chunks")
    print(f"parsing the same files (baseline): median {statistics.median(parse_times):.2f} s "
          f"= {parse_per_thousand:.2f} s per 1,000 chunks")
    print(f"ratio extraction / parsing: {per_thousand / parse_per_thousand:.3f}")


if __name__ == "__main__":
    main()
