"""One index directory, written atomically and checked on load.

Layout: ``<index_dir>/CURRENT`` names the active build directory beside it, which holds
``manifest.json``, ``documents.json``, ``chunks.jsonl``, ``vectors.faiss`` and ``bm25/`` (bm25s' files and
each row's words, ``words.jsonl.gz``, which the next build reuses for unchanged text). A new build is
written into a temporary directory, renamed, and only then does ``CURRENT`` switch (an atomic
``os.replace``), so a crash or Ctrl-C mid-build leaves the previous index in use. The manifest records the
embedder, the normaliser/tokenizer/chunker versions, per-source content hashes, counts and a checksum of
every file; loading an index built another way fails with a message that says to re-run ingest.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nghiquyet.core.errors import IndexCorruptError, IndexIncompatibleError, IndexMissingError, TokenizerChangedError
from nghiquyet.core.files import sha256_file
from nghiquyet.core.models import Chunk, Document
from nghiquyet.index.bm25 import BM25Index
from nghiquyet.index.tokenizer import TOKENIZER_VERSION
from nghiquyet.index.vectorstore import VectorStore, load_vector_store

log = logging.getLogger(__name__)

FORMAT_VERSION = 1
CURRENT_FILE = "CURRENT"
MANIFEST = "manifest.json"
DOCUMENTS = "documents.json"
CHUNKS = "chunks.jsonl"
HASH_LIMIT_BYTES = 64 << 20  # larger files are checked by size only, to keep loading fast
REBUILD_HINT = "Hãy chạy lại `nghiquyet ingest --rebuild` để dựng lại chỉ mục."


@dataclass
class SourceRecord:
    """What the index remembers about one source file."""

    path: str
    fingerprint: str
    doc_ids: list[str]
    error: str | None = None


@dataclass
class IndexData:
    """Everything a search needs, in memory. Chunk row ``i`` is vector ``i`` and BM25 document ``i``."""

    manifest: dict[str, Any]
    documents: dict[str, Document]
    chunks: list[Chunk]
    vectors: VectorStore
    bm25: BM25Index
    sources: dict[str, SourceRecord] = field(default_factory=dict)
    build: str = ""  # the build directory it was loaded from (``CURRENT`` names the newest)


def _file_checks(directory: Path) -> dict[str, dict[str, Any]]:
    checks: dict[str, dict[str, Any]] = {}
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.name != MANIFEST):
        size = path.stat().st_size
        entry: dict[str, Any] = {"size": size}
        if size <= HASH_LIMIT_BYTES:
            entry["sha256"] = sha256_file(path)
        checks[path.relative_to(directory).as_posix()] = entry
    return checks


def _fsync_tree(directory: Path) -> None:
    for path in directory.rglob("*"):
        if path.is_file():
            with path.open("rb") as handle:
                os.fsync(handle.fileno())


def versions(embedder_name: str, dim: int, chunker: dict[str, Any] | None = None) -> dict[str, Any]:
    """The parts of a manifest that decide whether an index can be used as it is (format, embedder,
    tokenizer), and for a new build the chunker's settings (recorded; ingestion re-chunks a file whose
    chunker settings changed, a search does not care)."""
    found = {"format": FORMAT_VERSION, "embedder": {"name": embedder_name, "dim": dim}, "tokenizer": TOKENIZER_VERSION}
    return found | ({"chunker": chunker} if chunker is not None else {})


def save_index(root: Path, data: IndexData) -> Path:
    """Write ``data`` as a new build under ``root`` and switch ``CURRENT`` to it atomically."""
    root.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(root)
    tmp = root / f".tmp-{uuid.uuid4().hex[:8]}"
    tmp.mkdir()
    (tmp / DOCUMENTS).write_text(
        json.dumps([d.to_dict() for d in data.documents.values()], ensure_ascii=False, indent=1), encoding="utf-8")
    with (tmp / CHUNKS).open("w", encoding="utf-8") as handle:
        for chunk in data.chunks:
            handle.write(json.dumps(chunk.to_dict(), ensure_ascii=False) + "\n")
    data.vectors.save(tmp)
    data.bm25.save(tmp)
    manifest = dict(data.manifest)
    manifest.update(
        created_at=time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        counts={"documents": len(data.documents), "chunks": len(data.chunks)},
        vector_store=data.vectors.backend,
        vector_index=data.vectors.kind,
        sources={name: record.__dict__ for name, record in data.sources.items()},
        files=_file_checks(tmp),
    )
    (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    _fsync_tree(tmp)
    final = root / f"build-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    os.rename(tmp, final)
    pointer = root / f".{CURRENT_FILE}.{uuid.uuid4().hex[:6]}"
    pointer.write_text(final.name + "\n", encoding="utf-8")
    with pointer.open("rb") as handle:
        os.fsync(handle.fileno())
    os.replace(pointer, root / CURRENT_FILE)
    data.manifest = manifest
    _remove_old_builds(root, keep=final.name)
    return final


def _remove_stale_temporaries(root: Path) -> None:
    for path in root.glob(".tmp-*"):
        shutil.rmtree(path, ignore_errors=True)


def _remove_old_builds(root: Path, keep: str) -> None:
    for path in root.glob("build-*"):
        if path.name != keep:
            shutil.rmtree(path, ignore_errors=True)


def current_build(root: Path) -> Path:
    pointer = root / CURRENT_FILE
    if not pointer.is_file():
        raise IndexMissingError(
            f"Chưa có chỉ mục ở {root}. Hãy chạy `nghiquyet ingest` để nạp tài liệu trước."
        )
    build = root / pointer.read_text(encoding="utf-8").strip()
    if not build.is_dir():
        raise IndexCorruptError(f"Chỉ mục ở {root} trỏ tới {build.name} nhưng thư mục đó không còn. {REBUILD_HINT}")
    return build


def read_manifest(root: Path) -> dict[str, Any]:
    build = current_build(root)
    try:
        return json.loads((build / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise IndexCorruptError(f"Tệp {build / MANIFEST} bị hỏng hoặc thiếu. {REBUILD_HINT}") from exc


def check_compatible(manifest: dict[str, Any], expected: dict[str, Any]) -> None:
    """Raise :class:`IndexIncompatibleError` when the index was built another way."""
    if manifest.get("format") != expected["format"]:
        raise IndexIncompatibleError(
            f"Chỉ mục có định dạng {manifest.get('format')} nhưng phiên bản này cần {expected['format']}. {REBUILD_HINT}")
    built, wanted = manifest.get("embedder", {}), expected["embedder"]
    if built.get("name") != wanted["name"] or built.get("dim") != wanted["dim"]:
        raise IndexIncompatibleError(
            f"Chỉ mục được dựng bằng bộ nhúng '{built.get('name')}' ({built.get('dim')} chiều) nhưng cấu hình "
            f"hiện dùng '{wanted['name']}' ({wanted['dim']} chiều). {REBUILD_HINT}")
    if manifest.get("tokenizer") != expected["tokenizer"]:
        raise TokenizerChangedError(
            f"Chỉ mục dùng bộ tách từ '{manifest.get('tokenizer')}', khác bản hiện tại "
            f"('{expected['tokenizer']}'). Hãy chạy lại `nghiquyet ingest`: các đoạn được tách từ lại, "
            "vector đã nhúng được giữ nguyên.", str(manifest.get("tokenizer")))


def _verify_files(build: Path, manifest: dict[str, Any]) -> None:
    for name, check in manifest.get("files", {}).items():
        path = build / name
        if not path.is_file() or path.stat().st_size != check["size"]:
            raise IndexCorruptError(f"Tệp chỉ mục {path} bị thiếu hoặc bị cắt cụt. {REBUILD_HINT}")
        if "sha256" in check and sha256_file(path) != check["sha256"]:
            raise IndexCorruptError(f"Tệp chỉ mục {path} bị hỏng (sai mã kiểm tra). {REBUILD_HINT}")


def load_index(root: Path, expected: dict[str, Any] | None = None) -> IndexData:
    """Load the current build; check compatibility with ``expected`` (see :func:`versions`) if given."""
    build = current_build(root)
    manifest = read_manifest(root)
    if expected is not None:
        check_compatible(manifest, expected)
    _verify_files(build, manifest)
    try:
        documents = {d["doc_id"]: Document.from_dict(d) for d in
                     json.loads((build / DOCUMENTS).read_text(encoding="utf-8"))}
        with (build / CHUNKS).open(encoding="utf-8") as handle:
            chunks = [Chunk.from_dict(json.loads(line)) for line in handle if line.strip()]
    except (OSError, json.JSONDecodeError, TypeError) as exc:
        raise IndexCorruptError(f"Dữ liệu chỉ mục ở {build} bị hỏng. {REBUILD_HINT}") from exc
    vectors = load_vector_store(manifest.get("vector_store", "faiss"), build)
    if len(vectors) != len(chunks):
        raise IndexCorruptError(f"Chỉ mục ở {build} lệch số vector và số đoạn. {REBUILD_HINT}")
    bm25 = BM25Index.load(build, len(chunks))
    sources = {name: SourceRecord(**record) for name, record in manifest.get("sources", {}).items()}
    return IndexData(manifest, documents, chunks, vectors, bm25, sources, build.name)


def newer_build_committed(root: Path, build: str) -> bool:
    """Whether ``CURRENT`` under ``root`` now names another build than ``build`` (an ingest in another process
    committed one). Unreadable or missing: no (the loaded index keeps serving)."""
    try:
        return (root / CURRENT_FILE).read_text(encoding="utf-8").strip() != build
    except OSError:
        return False
