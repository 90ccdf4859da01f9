"""File helpers shared by the model loaders, the index store and the lexicon files."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

log = logging.getLogger(__name__)

# The folder that holds the project's own data/ (the glossary, the province list) when it runs from a checkout.
PROJECT_DIR = Path(__file__).resolve().parents[1]


def shipped_file(path: Path, what: str) -> Path | None:
    """A data file the product ships (``what`` names it for the user), as configured: a relative path is read
    against the working directory, and when it is not there, against the project's folder, so running
    ``nghiquyet`` from another folder keeps the glossary and the province list. None, with a warning saying
    what is lost, when neither exists: before, a missing file silently turned its rules off."""
    if path.is_file():
        return path
    if not path.is_absolute() and (PROJECT_DIR / path).is_file():
        return PROJECT_DIR / path
    log.warning("Không tìm thấy %s %s (thư mục làm việc: %s); phần này tạm không dùng. Chạy lệnh từ thư mục dự án "
                "hoặc ghi đường dẫn tuyệt đối trong nghiquyet.toml.", what, path, Path.cwd())
    return None


def sha256_file(path: Path, block_size: int = 1 << 22) -> str:
    """The sha256 of a file, read in blocks (model files are hundreds of MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(block_size), b""):
            digest.update(block)
    return digest.hexdigest()
