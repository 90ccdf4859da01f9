"""The ingestion run: find source files, turn changed ones into documents and chunks, embed what is
new, and write the index atomically. Unchanged files are reused as they are; one bad file is reported
and skipped while the rest is ingested."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from tqdm import tqdm

from index.bm25 import BM25Index
from index.embedders import Embedder, create_embedder
from index.store import IndexData, SourceRecord, load_index, save_index, versions
from index.vectorstore import FaissVectorStore
from ingest.chunker import CHUNKER_VERSION, build_chunks
from ingest.clean import clean_text
from ingest.documents import DetectedDocument, load_provinces, split_documents
from ingest.metadata import SOURCE_LABEL, MetadataOverrides, load_overrides
from ingest.readers import SUPPORTED_SUFFIXES, read_source
from ingest.structure import STRUCTURE_VERSION, flatten, parse_structure
from nghiquyet.config import Settings
from nghiquyet.errors import IndexMissingError, NghiQuyetError, SourceFileError
from nghiquyet.models import Chunk, Document
from nghiquyet.textnorm import NORMALISER_VERSION

log = logging.getLogger(__name__)


@dataclass
class SkippedFile:
    path: str
    reason: str


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
    seconds: float = 0.0
    embed_seconds: float = 0.0

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


def chunker_config(settings: Settings) -> dict[str, object]:
    return {"chunker": CHUNKER_VERSION, "structure": STRUCTURE_VERSION, "normaliser": NORMALISER_VERSION,
            "max_chars": settings.chunk_max_chars, "overlap": settings.chunk_overlap_chars}


def ignore_patterns(settings: Settings) -> list[str]:
    """The glob patterns of ``ingest_ignore``: files with these names are never ingested."""
    return [p.strip() for p in settings.ingest_ignore.split(",") if p.strip()]


def is_ignored(name: str, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(name, pattern) for pattern in patterns)


def discover_sources(paths: list[Path], ignore: list[str]) -> tuple[list[Path], list[SkippedFile]]:
    """Source files under ``paths`` (directories are walked recursively), in a stable order."""
    found: list[Path] = []
    skipped: list[SkippedFile] = []
    for path in paths:
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        elif path.is_file():
            candidates = [path]
        else:
            skipped.append(SkippedFile(str(path), "không tồn tại."))
            continue
        for candidate in candidates:
            if is_ignored(candidate.name, ignore):
                continue
            if candidate.suffix.lower() not in SUPPORTED_SUFFIXES:
                skipped.append(SkippedFile(str(candidate), f"định dạng {candidate.suffix or '(không đuôi)'} "
                                           f"chưa được hỗ trợ; dùng {', '.join(SUPPORTED_SUFFIXES)}."))
                continue
            found.append(candidate)
    return found, skipped


def fingerprint(path: Path, overrides: MetadataOverrides, settings: Settings) -> str:
    digest = hashlib.sha256(path.read_bytes())
    digest.update(overrides.fingerprint(path.name).encode())
    digest.update(json.dumps(chunker_config(settings), sort_keys=True).encode())
    return digest.hexdigest()[:32]


def _to_document(detected: DetectedDocument, source: Path, overrides: MetadataOverrides) -> Document:
    meta = dict(detected.metadata)
    provenance = dict(detected.provenance)
    kind, title = detected.kind, detected.title
    for key, value in overrides.for_document(source.name, detected.ordinal).items():
        provenance[key] = SOURCE_LABEL
        if key == "kind":
            kind = value
        elif key == "title":
            title = value
        else:
            meta[key] = value
    return Document(
        doc_id=f"{source.stem}-{detected.ordinal}", source=source.name, ordinal=detected.ordinal, title=title,
        kind=kind, number=meta.get("number"), issuer=meta.get("issuer"), date=meta.get("date"),
        level=meta.get("level"), province=meta.get("province"), signer=meta.get("signer"),
        signer_role=meta.get("signer_role"), author=meta.get("author"), provenance=provenance,
    )


def parse_source(path: Path, overrides: MetadataOverrides, provinces: list[str],
                 settings: Settings) -> tuple[list[Document], list[Chunk]]:
    """Read, clean, split, parse and chunk one file. Raises :class:`SourceFileError`."""
    cleaned = clean_text(read_source(path))
    detected = split_documents(cleaned, provinces)
    if not detected:
        raise SourceFileError(str(path), "không tìm thấy nội dung văn bản nào sau khi làm sạch.")
    known = {d.ordinal for d in detected}
    for (source, ordinal) in overrides.entries:
        if source == path.name and ordinal not in known:
            log.warning("%s: documents.toml mô tả văn bản thứ %d nhưng tệp chỉ có %d văn bản.",
                        path.name, ordinal, len(detected))
    documents: list[Document] = []
    chunks: list[Chunk] = []
    for item in detected:
        document = _to_document(item, path, overrides)
        clauses, sections = flatten(parse_structure(item.body))
        doc_chunks = build_chunks(document, clauses, sections, settings.chunk_max_chars,
                                  settings.chunk_overlap_chars)
        document.chunk_count = len(doc_chunks)
        document.outline = [" › ".join(s.heading_path) for s in sections]
        documents.append(document)
        chunks.extend(doc_chunks)
    return documents, chunks


def _text_key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def _load_previous(settings: Settings, expected: dict[str, object], rebuild: bool) -> IndexData | None:
    if rebuild:
        return None
    try:
        return load_index(settings.index_dir, expected)
    except IndexMissingError:
        return None
    except NghiQuyetError as exc:
        log.warning("Chỉ mục cũ không dùng được (%s); sẽ dựng lại toàn bộ.", exc)
        return None


def run_ingest(settings: Settings, paths: list[Path] | None = None, rebuild: bool = False,
               embedder: Embedder | None = None) -> IngestSummary:
    """Bring the index up to date with the source files under ``paths`` (default: the data directory)."""
    started = time.perf_counter()
    paths = paths or [settings.data_dir]
    embedder = embedder or create_embedder(settings)
    expected = versions(embedder.name, embedder.dim, chunker_config(settings))
    previous = _load_previous(settings, expected, rebuild)
    overrides = load_overrides(settings.metadata_file)
    provinces = load_provinces(settings.provinces_file)
    files, skipped = discover_sources(paths, ignore_patterns(settings))
    summary = IngestSummary(skipped=skipped)

    old_sources = previous.sources if previous else {}
    old_docs_by_source: dict[str, list[Document]] = {}
    old_chunks_by_doc: dict[str, list[Chunk]] = {}
    if previous:
        for document in previous.documents.values():
            old_docs_by_source.setdefault(document.source, []).append(document)
        for chunk in previous.chunks:
            old_chunks_by_doc.setdefault(chunk.doc_id, []).append(chunk)

    def reuse_previous(name: str, path: Path, mark: str) -> ParsedSource:
        docs = old_docs_by_source.get(name, [])
        return ParsedSource(name, path, mark, docs, [c for d in docs for c in old_chunks_by_doc.get(d.doc_id, [])])

    parsed: dict[str, ParsedSource] = {}
    for path in tqdm(files, desc="Đọc tài liệu", unit="tệp", disable=not settings.show_progress, leave=False):
        name = path.name
        if name in parsed:
            summary.skipped.append(SkippedFile(str(path), f"trùng tên với {parsed[name].path}; hãy đổi tên tệp."))
            continue
        mark = fingerprint(path, overrides, settings)
        record = old_sources.get(name)
        if record and record.fingerprint == mark and name in old_docs_by_source:
            parsed[name] = reuse_previous(name, path, mark)
            summary.unchanged.append(name)
            continue
        try:
            documents, chunks = parse_source(path, overrides, provinces, settings)
        except SourceFileError as exc:
            summary.skipped.append(SkippedFile(str(path), exc.reason))
            if name in old_docs_by_source:  # keep the last good version rather than lose it
                parsed[name] = reuse_previous(name, path, old_sources[name].fingerprint)
            continue
        parsed[name] = ParsedSource(name, path, mark, documents, chunks)
        (summary.updated if name in old_sources else summary.added).append(name)

    # Sources ingested before from one of the given directories that are gone now are removed.
    roots = [p.resolve() for p in paths if p.is_dir()]
    for name, record in old_sources.items():
        if name in parsed:
            continue
        if any(Path(record.path).resolve().is_relative_to(root) for root in roots) and not Path(record.path).exists():
            summary.removed.append(name)
        else:
            parsed[name] = reuse_previous(name, Path(record.path), record.fingerprint)

    if previous is not None and not summary.changed:
        summary.documents, summary.chunks = len(previous.documents), len(previous.chunks)
        summary.seconds = time.perf_counter() - started
        return summary

    ordered = [parsed[name] for name in sorted(parsed)]
    documents = {d.doc_id: d for source in ordered for d in source.documents}
    chunks = [c for source in ordered for c in source.chunks]

    reuse: dict[str, np.ndarray] = {}
    if previous is not None:
        old_vectors = previous.vectors.vectors()
        reuse = {_text_key(c.index_text): old_vectors[i] for i, c in enumerate(previous.chunks)}
    missing = [c.index_text for c in chunks if _text_key(c.index_text) not in reuse]
    embed_started = time.perf_counter()
    fresh = embedder.embed_passages(missing, progress=settings.show_progress)
    summary.embed_seconds = time.perf_counter() - embed_started
    summary.embedded = len(missing)
    reuse.update({_text_key(text): fresh[i] for i, text in enumerate(missing)})
    matrix = (np.vstack([reuse[_text_key(c.index_text)] for c in chunks]) if chunks
              else np.zeros((0, embedder.dim), dtype=np.float32))

    vectors = FaissVectorStore.build(matrix, FaissVectorStore.choose_kind(settings, len(chunks)),
                                     settings.hnsw_m, settings.hnsw_ef_search, settings.ivf_nprobe)
    bm25 = BM25Index.build([c.index_text for c in chunks])
    sources = {s.name: SourceRecord(str(s.path.resolve()), s.fingerprint, [d.doc_id for d in s.documents])
               for s in ordered}
    save_index(settings.index_dir, IndexData(dict(expected), documents, chunks, vectors, bm25, sources))
    summary.documents, summary.chunks = len(documents), len(chunks)
    summary.seconds = time.perf_counter() - started
    return summary
