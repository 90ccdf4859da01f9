"""Ingest into a store updated in place (``[index] vector_store = "qdrant"``): only the source files whose
fingerprint changed are parsed, embedded and written, one file at a time; files gone from an ingested
directory are withdrawn; the rest is not touched. Idempotent: a second run with nothing changed writes
nothing, and a run stopped anywhere is finished by the next (the store's pending marks, see
QdrantStore.replace_source).

The file index (ingest/pipeline.py) rebuilds the whole index and switches it atomically; here the unit of
atomicity is one source file, which is what lets a daily batch add a few documents to millions of chunks
and replicas see them at once.
"""

from __future__ import annotations

import hashlib
import logging
import time
from pathlib import Path

import numpy as np
from nghiquyet.core.config import Settings
from nghiquyet.core.errors import IndexMissingError, NghiQuyetError, TokenizerChangedError
from nghiquyet.core.lexicon import load_provinces
from nghiquyet.index.backends import SourceStore
from nghiquyet.index.embedders import Embedder
from nghiquyet.index.store import SourceRecord, versions
from nghiquyet.ingest.chunker import chunker_config
from nghiquyet.ingest.metadata import load_overrides
from nghiquyet.ingest.pipeline import TOKENIZER_CHANGED, IngestSummary, ParsedSource, parse_or_skip
from nghiquyet.ingest.sources import SkippedFile, discover_sources, fingerprint, ignore_patterns
from tqdm import tqdm

log = logging.getLogger(__name__)


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _committed(store: SourceStore, expected: dict[str, object],
               rebuild: bool) -> tuple[dict[str, SourceRecord], bool, dict[str, np.ndarray]]:
    """(the committed source records, whether the store must be created anew, the vectors kept from a store that
    was only tokenized another way)."""
    if rebuild:
        return {}, True, {}
    try:
        return store.sources(expected), False, {}
    except IndexMissingError:
        return {}, True, {}
    except TokenizerChangedError as exc:  # the vectors are still good: kept while the store is written anew
        log.warning(TOKENIZER_CHANGED, exc.built_with, expected["tokenizer"])
        try:
            records = store.sources({**expected, "tokenizer": exc.built_with})
        except NghiQuyetError as again:
            log.warning("Chỉ mục cũ trong kho không dùng được (%s); sẽ dựng lại toàn bộ.", again)
            return {}, True, {}
        kept: dict[str, np.ndarray] = {}
        for name in records:
            kept.update(store.reusable_vectors(name))
        return {}, True, kept
    except NghiQuyetError as exc:  # another embedder or format: rebuild, as the file index does
        log.warning("Chỉ mục cũ trong kho không dùng được (%s); sẽ dựng lại toàn bộ.", exc)
        return {}, True, {}


def _changed_sources(files: list[Path], records: dict[str, SourceRecord], settings: Settings,
                     summary: IngestSummary) -> tuple[list[ParsedSource], set[str]]:
    """The files to (re)write, parsed, and the names of all files found. A file that fails to parse is
    reported and its stored version kept."""
    overrides = load_overrides(settings.ingest.metadata_file)
    provinces = load_provinces(settings.provinces_file)
    changed: list[ParsedSource] = []
    seen: dict[str, Path] = {}
    for path in tqdm(files, desc="Đọc tài liệu", unit="tệp", disable=not settings.show_progress, leave=False):
        name = path.name
        if name in seen:
            summary.skipped.append(SkippedFile(str(path), f"trùng tên với {seen[name]}; hãy đổi tên tệp."))
            continue
        seen[name] = path
        mark = fingerprint(path, overrides, settings.ingest)
        record = records.get(name)
        if record is not None and record.fingerprint == mark:
            summary.unchanged.append(name)
            continue
        read = parse_or_skip(path, overrides, provinces, settings, summary)
        if read is None:
            continue
        changed.append(ParsedSource(name, path, mark, *read))
        (summary.updated if record is not None else summary.added).append(name)
    return changed, set(seen)


def _gone(records: dict[str, SourceRecord], found: set[str], paths: list[Path]) -> list[str]:
    """Sources ingested from one of the given directories whose file is gone (as ingest/pipeline.py)."""
    roots = [p.resolve() for p in paths if p.is_dir()]
    return sorted(name for name, record in records.items()
                  if name not in found and not Path(record.path).exists()
                  and any(Path(record.path).resolve().is_relative_to(root) for root in roots))


def _vectors(source: ParsedSource, reuse: dict[str, np.ndarray], embedder: Embedder, settings: Settings,
             summary: IngestSummary) -> np.ndarray:
    missing = list(dict.fromkeys(c.index_text for c in source.chunks if _text_key(c.index_text) not in reuse))
    started = time.perf_counter()
    fresh = embedder.embed_passages(missing, progress=settings.show_progress)
    summary.embed_seconds += time.perf_counter() - started
    summary.embedded += len(missing)
    reuse = reuse | {_text_key(text): fresh[i] for i, text in enumerate(missing)}
    return (np.vstack([reuse[_text_key(c.index_text)] for c in source.chunks]) if source.chunks
            else np.zeros((0, embedder.dim), dtype=np.float32))


def run_incremental_ingest(settings: Settings, store: SourceStore, paths: list[Path], rebuild: bool,
                           embedder: Embedder) -> IngestSummary:
    """Bring ``store`` up to date with the source files under ``paths``."""
    started = time.perf_counter()
    expected = versions(embedder.name, embedder.dim, chunker_config(settings.ingest))
    recovered = {} if rebuild else store.recover()
    records, fresh, kept = _committed(store, expected, rebuild)
    files, skipped = discover_sources(paths, ignore_patterns(settings.ingest))
    summary = IngestSummary(skipped=skipped)
    changed, found = _changed_sources(files, records, settings, summary)
    gone = _gone(records, found, paths)
    summary.removed.extend(name for name, withdrawn in recovered.items() if withdrawn)  # finished by recover()
    if recovered:
        log.info("Đã dọn %d nguồn dở dang: %s", len(recovered), ", ".join(recovered))
    if fresh:
        weights = store.create(dict(expected), embedder.dim, [c.index_text for s in changed for c in s.chunks])
    elif changed:
        weights = store.weights()
    for source in changed:
        reuse = kept if fresh else store.reusable_vectors(source.name)
        vectors = _vectors(source, reuse, embedder, settings, summary)
        record = SourceRecord(str(source.path.resolve()), source.fingerprint, [d.doc_id for d in source.documents])
        store.replace_source(source.name, record, source.documents, source.chunks, vectors, weights)
    for name in gone:
        store.remove_source(name)
        summary.removed.append(name)
    summary.documents, summary.chunks = store.counts()
    summary.seconds = time.perf_counter() - started
    return summary
