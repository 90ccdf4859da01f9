"""The ingestion run: find source files, turn changed ones into documents and chunks, embed what is
new, and write the index atomically. Unchanged files are reused as they are; one bad file is reported
and skipped while the rest is ingested."""

from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from nghiquyet.core.config import Settings
from nghiquyet.core.errors import IndexMissingError, NghiQuyetError, SourceFileError, TokenizerChangedError
from nghiquyet.core.lexicon import load_provinces
from nghiquyet.core.models import Chunk, Document
from nghiquyet.index.backends import source_store
from nghiquyet.index.bm25 import BM25Index
from nghiquyet.index.embedders import Embedder, create_embedder
from nghiquyet.index.embedding_cache import EmbeddingCache
from nghiquyet.index.store import IndexData, SourceRecord, load_index, save_index, versions
from nghiquyet.index.tokenizer import TOKENIZER_VERSION
from nghiquyet.index.vectorstore import build_vector_store
from nghiquyet.ingest.chunker import chunker_config
from nghiquyet.ingest.coverage import warning as coverage_warning
from nghiquyet.ingest.metadata import MetadataOverrides, load_overrides
from nghiquyet.ingest.parse import parse_source
from nghiquyet.ingest.sources import SkippedFile, discover_sources, fingerprint, ignore_patterns
from tqdm import tqdm

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class DocumentCoverage:
    """One document read in an ingest run: its file, its name, the share of its text in the index or set apart on
    purpose, and the warning when that is under ``coverage.WARN_BELOW`` (what was lost)."""

    file: str
    document: str
    kept: float | None  # None: not measured
    warning: str | None

    @classmethod
    def of(cls, file: str, document: Document) -> "DocumentCoverage":
        return cls(file, document.display_name(), document.kept_share, coverage_warning(document.coverage))


@dataclass
class IngestSummary:
    """What an ingest run did, for the CLI summary and for tests."""

    documents: int = 0
    chunks: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[SkippedFile] = field(default_factory=list)
    embedded: int = 0
    resumed: int = 0  # vectors taken from an earlier ingest that was cut short
    seconds: float = 0.0
    embed_seconds: float = 0.0
    targets: int = 0  # quantified targets in the index (the targets table)
    targets_dropped: int = 0  # candidate targets that failed the verbatim checks, left out of the table
    # Each document read in this run: how much of its text reached the index (or was set apart on purpose)
    coverage: list[DocumentCoverage] = field(default_factory=list)

    def count_targets(self, documents: list[Document], chunks: list[Chunk]) -> None:
        self.targets = sum(len(chunk.targets) for chunk in chunks)
        self.targets_dropped = sum(document.targets_dropped for document in documents)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass
class ParsedSource:
    name: str
    path: Path
    fingerprint: str
    documents: list[Document]
    chunks: list[Chunk]


TOKENIZER_CHANGED = ("Bộ tách từ đã đổi ('%s' → '%s'): các đoạn được tách từ lại cho BM25, vector đã nhúng được "
                     "giữ nguyên.")


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _load_previous(settings: Settings, expected: dict[str, object], rebuild: bool) -> IndexData | None:
    if rebuild:
        return None
    try:
        return load_index(settings.index_dir, expected)
    except IndexMissingError:
        return None
    except TokenizerChangedError as exc:  # the vectors are still good: only BM25 is built again
        log.warning(TOKENIZER_CHANGED, exc.built_with, expected["tokenizer"])
        try:
            return load_index(settings.index_dir, {**expected, "tokenizer": exc.built_with})
        except NghiQuyetError as again:
            log.warning("Chỉ mục cũ không dùng được (%s); sẽ dựng lại toàn bộ.", again)
            return None
    except NghiQuyetError as exc:
        log.warning("Chỉ mục cũ không dùng được (%s); sẽ dựng lại toàn bộ.", exc)
        return None


class _Previous:
    """The last build's documents and chunks by source file, to reuse what did not change."""

    def __init__(self, previous: IndexData | None) -> None:
        self.sources = previous.sources if previous else {}
        self.docs_by_source: dict[str, list[Document]] = {}
        self.chunks_by_doc: dict[str, list[Chunk]] = {}
        if previous:
            for document in previous.documents.values():
                self.docs_by_source.setdefault(document.source, []).append(document)
            for chunk in previous.chunks:
                self.chunks_by_doc.setdefault(chunk.doc_id, []).append(chunk)

    def reuse(self, name: str, path: Path, mark: str) -> ParsedSource:
        docs = self.docs_by_source.get(name, [])
        return ParsedSource(name, path, mark, docs, [c for d in docs for c in self.chunks_by_doc.get(d.doc_id, [])])


def parse_or_skip(path: Path, overrides: MetadataOverrides, provinces: list[str], settings: Settings,
                  summary: IngestSummary) -> tuple[list[Document], list[Chunk]] | None:
    """One file's documents and chunks, or None when it cannot be read: the reason (in Vietnamese, with what
    to do) goes into ``summary.skipped`` and nothing stops the other files."""
    try:
        documents, chunks = parse_source(path, overrides, provinces, settings.ingest, settings.show_progress)
    except Exception as exc:  # noqa: BLE001 - one file never stops the others
        reason = exc.reason if isinstance(exc, SourceFileError) else (
            f"lỗi khi phân tích tệp ({type(exc).__name__}: {exc}); chi tiết trong tệp nhật ký.")
        if not isinstance(exc, SourceFileError):
            log.exception("Lỗi khi phân tích %s", path)
        summary.skipped.append(SkippedFile(str(path), reason))
        return None
    summary.coverage += [DocumentCoverage.of(path.name, document) for document in documents]
    return documents, chunks


def _parse_changed(files: list[Path], previous: _Previous, overrides: MetadataOverrides, provinces: list[str],
                   settings: Settings, summary: IngestSummary) -> dict[str, ParsedSource]:
    """Every file parsed anew, or reused from the last build when its fingerprint is unchanged; a file
    that fails is reported in ``summary.skipped`` and its last good version kept."""
    parsed: dict[str, ParsedSource] = {}
    for path in tqdm(files, desc="Đọc tài liệu", unit="tệp", disable=not settings.show_progress, leave=False):
        name = path.name
        if name in parsed:
            summary.skipped.append(SkippedFile(str(path), f"trùng tên với {parsed[name].path}; hãy đổi tên tệp."))
            continue
        mark = fingerprint(path, overrides, settings.ingest)
        record = previous.sources.get(name)
        if record and record.fingerprint == mark and name in previous.docs_by_source:
            parsed[name] = previous.reuse(name, path, mark)
            summary.unchanged.append(name)
            continue
        read = parse_or_skip(path, overrides, provinces, settings, summary)
        if read is None:
            if name in previous.docs_by_source:  # keep the last good version rather than lose it
                parsed[name] = previous.reuse(name, path, previous.sources[name].fingerprint)
            continue
        parsed[name] = ParsedSource(name, path, mark, *read)
        (summary.updated if name in previous.sources else summary.added).append(name)
    return parsed


def _keep_or_remove_others(parsed: dict[str, ParsedSource], paths: list[Path], previous: _Previous,
                           summary: IngestSummary) -> None:
    """Sources ingested before from one of the given directories that are gone now are removed; the rest
    (other directories, single files) stay as they were."""
    roots = [p.resolve() for p in paths if p.is_dir()]
    for name, record in previous.sources.items():
        if name in parsed:
            continue
        if any(Path(record.path).resolve().is_relative_to(root) for root in roots) and not Path(record.path).exists():
            summary.removed.append(name)
        else:
            parsed[name] = previous.reuse(name, Path(record.path), record.fingerprint)


EMBED_BATCH = 64  # vectors saved to the resume cache after each batch


def _same_tokenizer(previous: IndexData) -> bool:
    return previous.manifest.get("tokenizer") == TOKENIZER_VERSION


def _known_words(previous: IndexData | None) -> dict[str, list[str]]:
    """The words of the last build's clauses, so that only new text is segmented again (none when the last
    build was tokenized another way)."""
    if previous is None or not isinstance(previous.bm25, BM25Index) or not _same_tokenizer(previous):
        return {}
    return previous.bm25.words_by_text([c.index_text for c in previous.chunks])


def _embed(chunks: list[Chunk], previous: IndexData | None, embedder: Embedder, cache: EmbeddingCache,
           settings: Settings, summary: IngestSummary) -> np.ndarray:
    """One vector per chunk: reused from the last build, or from the resume cache of an ingest that was
    cut short, else computed in batches that are saved as they finish."""
    reuse: dict[str, np.ndarray] = {}
    if previous is not None:
        old_vectors = previous.vectors.vectors()
        reuse = {_text_key(c.index_text): old_vectors[i] for i, c in enumerate(previous.chunks)}
    missing = list(dict.fromkeys(c.index_text for c in chunks if _text_key(c.index_text) not in reuse))
    cached = cache.get(missing)
    reuse.update({_text_key(text): vector for text, vector in cached.items()})
    missing = [text for text in missing if text not in cached]
    summary.resumed = len(cached)
    embed_started = time.perf_counter()
    with tqdm(total=len(missing), desc="Nhúng vector", unit="đoạn", disable=not settings.show_progress,
              leave=False) as bar:
        for start in range(0, len(missing), EMBED_BATCH):
            batch = missing[start:start + EMBED_BATCH]
            vectors = embedder.embed_passages(batch)
            cache.put(batch, vectors)
            reuse.update({_text_key(text): vectors[i] for i, text in enumerate(batch)})
            bar.update(len(batch))
    summary.embed_seconds = time.perf_counter() - embed_started
    summary.embedded = len(missing)
    return (np.vstack([reuse[_text_key(c.index_text)] for c in chunks]) if chunks
            else np.zeros((0, embedder.dim), dtype=np.float32))


def run_ingest(settings: Settings, paths: list[Path] | None = None, rebuild: bool = False,
               embedder: Embedder | None = None) -> IngestSummary:
    """Bring the index up to date with the source files under ``paths`` (default: the data directory)."""
    started = time.perf_counter()
    paths = paths or [settings.data_dir]
    embedder = embedder or create_embedder(settings)
    store = source_store(settings)
    if store is not None:  # the index lives in a store updated in place, file by file (Qdrant)
        from nghiquyet.ingest.incremental import run_incremental_ingest

        return run_incremental_ingest(settings, store, paths, rebuild, embedder)
    expected = versions(embedder.name, embedder.dim, chunker_config(settings.ingest))
    previous_index = _load_previous(settings, expected, rebuild)
    previous = _Previous(previous_index)
    if paths == [settings.data_dir] and not settings.data_dir.is_dir():
        raise SourceFileError(str(settings.data_dir), "thư mục dữ liệu không tồn tại; hãy tạo thư mục này và chép "
                              "văn bản vào, hoặc đặt data_dir trong nghiquyet.toml.")
    files, skipped = discover_sources(paths, ignore_patterns(settings.ingest), settings.ingest.follow_symlinks)
    summary = IngestSummary(skipped=skipped)
    parsed = _parse_changed(files, previous, load_overrides(settings.ingest.metadata_file),
                            load_provinces(settings.provinces_file), settings, summary)
    _keep_or_remove_others(parsed, paths, previous, summary)

    if previous_index is not None and not summary.changed and _same_tokenizer(previous_index):
        summary.documents, summary.chunks = len(previous_index.documents), len(previous_index.chunks)
        summary.count_targets(list(previous_index.documents.values()), previous_index.chunks)
        summary.seconds = time.perf_counter() - started
        return summary

    ordered = [parsed[name] for name in sorted(parsed)]
    documents = {d.doc_id: d for source in ordered for d in source.documents}
    chunks = [c for source in ordered for c in source.chunks]
    cache = EmbeddingCache(settings.index_dir, embedder.name, embedder.dim)
    try:
        matrix = _embed(chunks, previous_index, embedder, cache, settings, summary)
        vectors = build_vector_store(matrix, settings.index)
        bm25 = BM25Index.build([c.index_text for c in chunks], _known_words(previous_index))
        sources = {s.name: SourceRecord(str(s.path.resolve()), s.fingerprint, [d.doc_id for d in s.documents])
                   for s in ordered}
        save_index(settings.index_dir, IndexData(dict(expected), documents, chunks, vectors, bm25, sources))
    except BaseException:
        cache.close()  # kept: the next run resumes from it
        raise
    cache.clear()
    summary.documents, summary.chunks = len(documents), len(chunks)
    summary.count_targets(list(documents.values()), chunks)
    summary.seconds = time.perf_counter() - started
    return summary
