"""Ingest after a tokenizer change: BM25 tokenized again with the vectors kept, against building anew.

A new normaliser or tokenizer version (index/tokenizer.py ``TOKENIZER_VERSION``) changes BM25's words, not the
embeddings. Before, an index built with the old one was rebuilt from nothing on the next ingest, every chunk
embedded again; now the ingest loads it anyway, tokenizes every clause again and reuses every vector by its text.
This copies a built index, marks it as tokenized by an older version (its manifest), and times, several rounds
each, in one process with the embedder loaded once and the segmentation cache emptied before each run:

- baseline: ``run_ingest(rebuild=True)`` (what an upgrade cost before: everything read, embedded, indexed);
- upgrade: ``run_ingest()`` on the copy marked old (every file read and chunked again, every clause tokenized
  again; no chunk embedded).

    .venv/bin/python bench/tokenizer_upgrade.py [--index-dir var/index] [--data-dir data] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from nghiquyet.core.config import load_settings
from nghiquyet.index import tokenizer
from nghiquyet.index.embedders import create_embedder
from nghiquyet.index.store import MANIFEST, current_build
from nghiquyet.ingest.pipeline import run_ingest

OLD_TOKENIZER = "underthesea-words+bigrams/0"


def _marked_old(source: Path, target: Path) -> Path:
    """A copy of the index at ``source`` whose manifest says it was tokenized by an older version, and whose files
    were chunked by it (the normaliser is part of the chunker's settings: every file is read again)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(source, target)
    manifest_path = current_build(target) / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["tokenizer"] = OLD_TOKENIZER
    for record in manifest.get("sources", {}).values():
        record["fingerprint"] = "chunked-by-an-older-version"
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index-dir", type=Path, default=Path("var/index"))
    parser.add_argument("--data-dir", type=Path, default=Path("data"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    settings = load_settings().evolve({"data_dir": args.data_dir, "show_progress": False})
    embedder = create_embedder(settings)
    times: dict[str, list[float]] = {"baseline (rebuild)": [], "upgrade (vectors kept)": []}
    embedded: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.rounds):
            for name, rebuild in (("baseline (rebuild)", True), ("upgrade (vectors kept)", False)):
                index = _marked_old(args.index_dir, Path(tmp) / "index")
                run_settings = settings.evolve({"index_dir": index})
                tokenizer._segment.cache_clear()  # as in a new process: nothing segmented yet
                started = time.perf_counter()
                summary = run_ingest(run_settings, rebuild=rebuild, embedder=embedder)
                times[name].append(time.perf_counter() - started)
                embedded[name] = summary.embedded
    print(f"index: {args.index_dir} ({summary.documents} documents, {summary.chunks} chunks); embedder "
          f"{embedder.name}; {args.rounds} rounds")
    for name, values in times.items():
        print(f"{name:24s} median {statistics.median(values):7.2f} s  (min {min(values):.2f}, max {max(values):.2f})"
              f"  chunks embedded: {embedded[name]}")
    ratios = [u / b for u, b in zip(times["upgrade (vectors kept)"], times["baseline (rebuild)"], strict=True)]
    print(f"upgrade / baseline, paired by round: median {statistics.median(ratios):.3f}")


if __name__ == "__main__":
    main()
