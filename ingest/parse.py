"""One source file -> its Documents and Chunks: read, clean, split into documents, parse the heading
structure, chunk. Metadata stated in documents.toml overrides what was detected."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from nghiquyet.core.config import IngestSettings
from nghiquyet.core.errors import SourceFileError
from nghiquyet.core.models import Chunk, Document
from nghiquyet.ingest.chunker import ORDERS_FLAG, build_chunks
from nghiquyet.ingest.clean import clean_blocks
from nghiquyet.ingest.coverage import measure
from nghiquyet.ingest.coverage import warning as coverage_warning
from nghiquyet.ingest.documents import DetectedDocument, split_documents
from nghiquyet.ingest.metadata import SOURCE_LABEL, MetadataOverrides
from nghiquyet.ingest.readers import read_source
from nghiquyet.ingest.structure import flatten, parse_structure
from nghiquyet.ingest.targets import extract_targets, table_group_year

log = logging.getLogger(__name__)


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
        kind=kind, number=meta.get("number"), issuer=meta.get("issuer"), parent_issuer=meta.get("parent_issuer"),
        place=meta.get("place"), date=meta.get("date"),
        level=meta.get("level"), province=meta.get("province"), signer=meta.get("signer"),
        signer_role=meta.get("signer_role"), author=meta.get("author"),
        recipients=meta.get("recipients"), provenance=provenance,
    )


UPLOAD_RECORD_SUFFIX = ".upload.json"  # beside a file added through the UI: who added it, and when


def upload_record_path(path: Path) -> Path:
    """Where the upload record of ``path`` lives: a hidden file beside it (".ke-hoach.docx.upload.json")."""
    return path.with_name(f".{path.name}{UPLOAD_RECORD_SUFFIX}")


def read_upload_record(path: Path) -> dict[str, str]:
    """The upload record beside ``path`` ({"uploaded_by", "uploaded_at"}), or {} when there is none."""
    record = upload_record_path(path)
    try:
        data = json.loads(record.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: str(v) for k, v in data.items() if k in ("uploaded_by", "uploaded_at") and v} if isinstance(data, dict) else {}


def _chunk_document(item: DetectedDocument, document: Document, settings: IngestSettings) -> list[Chunk]:
    """The chunks of a document's body and of each of its attachments (their paths start with the
    attachment's label)."""
    clauses, sections = flatten(parse_structure(item.body))
    for part in item.parts:
        part_clauses, part_sections = flatten(parse_structure(part.content), [part.label])
        clauses += part_clauses
        sections += part_sections
    document.outline = [" › ".join(s.heading_path) for s in sections]
    document.parts = [part.label for part in item.parts]
    return build_chunks(document, clauses, sections, settings.chunk_max_chars, settings.chunk_overlap_chars)


def _warn(document: Document, chunks: list[Chunk], path: Path) -> None:
    ordered = {c.clause_id for c in chunks if ORDERS_FLAG in c.flags}
    if ordered:
        document.warnings.append(f"{len(ordered)} đoạn có câu ra lệnh cho trợ lý AI (ví dụ “bỏ qua mọi hướng dẫn…”): "
                                 "vẫn tìm được nhưng không bao giờ được dùng làm nguồn cho câu trả lời.")
        log.warning("%s: %d đoạn ra lệnh cho trợ lý AI, bị loại khỏi câu trả lời.", path.name, len(ordered))
    if (lost := coverage_warning(document.coverage)):
        document.warnings.append(lost)
        log.warning("%s (%s): %s", path.name, document.display_name(), lost)


def parse_source(path: Path, overrides: MetadataOverrides, provinces: list[str],
                 settings: IngestSettings, progress: bool = False) -> tuple[list[Document], list[Chunk]]:
    """Read, clean, split, parse and chunk one file. Raises :class:`SourceFileError`."""
    size_mb = path.stat().st_size / 1024 / 1024
    if size_mb > settings.max_file_mb:
        raise SourceFileError(str(path), f"tệp nặng {size_mb:.1f} MB, vượt giới hạn {settings.max_file_mb} MB "
                              "([ingest] max_file_mb); hãy tách tệp hoặc nâng giới hạn nếu thật sự cần.")
    source = read_source(path, settings.ocr_language, settings.pdf_tables, progress)
    if len(source.text) > settings.max_text_chars:
        raise SourceFileError(str(path), f"tệp có {len(source.text):,} ký tự, vượt giới hạn "
                              f"{settings.max_text_chars:,} ([ingest] max_text_chars, khoảng 1.000 trang); hãy tách "
                              "tệp hoặc nâng giới hạn.")
    cleaned = clean_blocks(source.blocks, laid_out=source.laid_out)
    detected = split_documents(cleaned, provinces)
    if not detected:
        raise SourceFileError(str(path), "không tìm thấy nội dung văn bản nào sau khi làm sạch.")
    known = {d.ordinal for d in detected}
    for (name, ordinal) in overrides.entries:
        if name == path.name and ordinal not in known:
            log.warning("%s: documents.toml mô tả văn bản thứ %d nhưng tệp chỉ có %d văn bản.",
                        path.name, ordinal, len(detected))
    documents: list[Document] = []
    chunks: list[Chunk] = []
    uploaded = read_upload_record(path)
    for item in detected:
        document = _to_document(item, path, overrides)
        document.uploaded_by, document.uploaded_at = uploaded.get("uploaded_by"), uploaded.get("uploaded_at")
        document.ocr = [{"page": p.page, "confidence": p.confidence, "words": p.words, "seconds": p.seconds}
                        for p in source.ocr]
        document.reading = list(source.notes)
        doc_chunks = _chunk_document(item, document, settings)
        group_year: dict[str, int] = {}  # a table's row group ("Đến năm 2030") sets the year of the rows below
        for chunk in doc_chunks:
            found = extract_targets(chunk, document.title, document.date, group_year.get(chunk.table or ""))
            chunk.targets = [target.to_dict() for target in found.targets]
            document.targets_dropped += found.dropped
            if chunk.table and not found.targets and (year := table_group_year(chunk.text)):
                group_year[chunk.table] = year
        document.chunk_count = len(doc_chunks)
        lines = [b.text for b in item.body] + [b.text for part in item.parts for b in part.blocks]
        left_out = list(item.left_out) + (cleaned.removed if item.ordinal == 0 else [])
        document.coverage = measure(lines + [line for line, _ in left_out], left_out, doc_chunks)
        _warn(document, doc_chunks, path)
        documents.append(document)
        chunks.extend(doc_chunks)
        if len(chunks) > settings.max_chunks_per_file:
            raise SourceFileError(str(path), f"tệp cắt ra hơn {settings.max_chunks_per_file:,} đoạn "
                                  "([ingest] max_chunks_per_file); hãy tách tệp hoặc nâng giới hạn.")
    return documents, chunks
