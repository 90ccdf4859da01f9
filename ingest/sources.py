"""Which files to read: the source files under the given paths, those to ignore, and each file's
fingerprint (its bytes, its metadata overrides and the chunker's settings), so that a file is re-read
exactly when one of them changes."""

from __future__ import annotations

import fnmatch
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from nghiquyet.core.config import IngestSettings
from nghiquyet.ingest.chunker import chunker_config
from nghiquyet.ingest.metadata import MetadataOverrides
from nghiquyet.ingest.readers import SUPPORTED_SUFFIXES


@dataclass
class SkippedFile:
    path: str
    reason: str


def ignore_patterns(settings: IngestSettings) -> list[str]:
    """The glob patterns of ``[ingest] ignore``: files with these names are never ingested."""
    return [p.strip() for p in settings.ignore.split(",") if p.strip()]


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


def fingerprint(path: Path, overrides: MetadataOverrides, settings: IngestSettings) -> str:
    digest = hashlib.sha256(path.read_bytes())
    digest.update(overrides.fingerprint(path.name).encode())
    digest.update(json.dumps(chunker_config(settings), sort_keys=True).encode())
    return digest.hexdigest()[:32]
