"""Which files to read: the source files under the given paths, those to ignore, and each file's
fingerprint (its bytes, its metadata overrides and the chunker's settings), so that a file is re-read
exactly when one of them changes."""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
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


OUTSIDE_LINK = ("liên kết tượng trưng (symlink) trỏ ra ngoài thư mục dữ liệu nên không được đọc; hãy chép tệp "
                "vào thư mục dữ liệu, hoặc đặt follow_symlinks = true trong bảng [ingest] nếu chắc chắn muốn.")


def _walk(root: Path) -> list[Path]:
    """Files under ``root``, hidden ones aside; links to directories are listed, not entered."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [Path(folder) / name for name in files if not name.startswith(".")]
        found += [Path(folder) / name for name in dirs if (Path(folder) / name).is_symlink()]
    return sorted(found)


def _escapes(path: Path, root: Path) -> bool:
    """Whether ``path`` leads out of ``root`` through a symbolic link."""
    return not path.resolve().is_relative_to(root.resolve())


def discover_sources(paths: list[Path], ignore: list[str],
                     follow_symlinks: bool = False) -> tuple[list[Path], list[SkippedFile]]:
    """Source files under ``paths`` (directories are walked recursively), in a stable order. A symbolic link
    that leads out of the directory being read is reported and skipped unless ``follow_symlinks``."""
    found: list[Path] = []
    skipped: list[SkippedFile] = []
    for path in paths:
        if path.is_dir():
            root, candidates = path, _walk(path)
        elif path.is_file():
            root, candidates = path.parent, [path]
        else:
            skipped.append(SkippedFile(str(path), "không tồn tại."))
            continue
        for candidate in candidates:
            if is_ignored(candidate.name, ignore):
                continue
            if not follow_symlinks and _escapes(candidate, root):
                skipped.append(SkippedFile(str(candidate), OUTSIDE_LINK))
                continue
            if candidate.is_dir():
                continue  # a link to a directory inside the root: its files are listed where they are
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
