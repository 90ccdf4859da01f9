"""Files uploaded in the UI: checked, stored under ``upload_dir`` and ingested into the live index.

Each file gets its own verdict. A file that cannot be read is reported and removed again (an earlier
good version with the same name is put back), and the rest are still ingested.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from nghiquyet.core.config import Settings
from nghiquyet.core.textnorm import escape_markdown
from nghiquyet.index.embedders import Embedder
from nghiquyet.index.store import IndexData
from nghiquyet.ingest.parse import upload_record_path
from nghiquyet.ingest.pipeline import IngestSummary, run_ingest
from nghiquyet.ingest.readers import SUPPORTED_SUFFIXES
from nghiquyet.ingest.sources import ignore_patterns, is_ignored

log = logging.getLogger(__name__)

UPLOAD_SUFFIXES = SUPPORTED_SUFFIXES  # whatever ingestion can read
LOCAL_USER = "người dùng máy này"  # the uploader when there is no login


@dataclass
class FileVerdict:
    name: str
    ok: bool
    message: str


@dataclass
class UploadReport:
    verdicts: list[FileVerdict] = field(default_factory=list)
    summary: IngestSummary | None = None
    private: bool = False  # the files were added for this session only (the user is not an editor)

    @property
    def changed(self) -> bool:
        return bool(self.summary and self.summary.changed)

    def to_markdown(self) -> str:
        if not self.verdicts:
            return "Chưa chọn tệp nào để nạp."
        lines = [f"- {'✅' if v.ok else '❌'} **{escape_markdown(v.name)}**: {escape_markdown(v.message)}"
                 for v in self.verdicts]
        if self.private and any(v.ok for v in self.verdicts):
            lines.append("\n_Các tệp này chỉ dùng trong phiên làm việc của bạn: tài khoản của bạn không có quyền "
                         "thêm văn bản cho mọi người (xin quyền biên tập viên nếu cần)._")
        return "\n".join(lines)


def safe_name(name: str) -> str:
    """A file name that is safe to store: no folders, no control characters, NFC, at most 120 characters."""
    base = unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)
    base = re.sub(r"[\x00-\x1f<>:\"/\\|?*]", "_", base)
    stem, suffix = ("", base) if base.startswith(".") and base.count(".") == 1 else os.path.splitext(base)
    stem = stem.strip(" .")
    return (stem[:120 - len(suffix)] or "tai-lieu") + suffix.lower()


def check_upload(path: Path, name: str, settings: Settings, existing: IndexData | None) -> str | None:
    """Why ``path`` (uploaded as ``name``) cannot be accepted, or None."""
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        return (f"định dạng {suffix or '(không có đuôi)'} không được nhận; hãy tải lên tệp "
                f"{', '.join(UPLOAD_SUFFIXES)}.")
    size = path.stat().st_size
    if size == 0:
        return "tệp rỗng."
    if size > settings.ui.upload_max_mb * 1024 * 1024:
        return f"tệp nặng {size / 1024 / 1024:.1f} MB, vượt giới hạn {settings.ui.upload_max_mb} MB."
    if is_ignored(name, ignore_patterns(settings.ingest)):
        return "tên tệp này thuộc danh sách bỏ qua khi nạp (ingest_ignore); hãy đổi tên rồi tải lại."
    if existing is not None:
        record = existing.sources.get(name)
        target = (settings.ui.upload_dir / name).resolve()
        if record is not None and Path(record.path).resolve() != target:
            return f"đã có tệp cùng tên trong kho ({record.path}); hãy đổi tên tệp rồi tải lại."
    return None


def ingest_uploads(files: list[tuple[Path, str]], settings: Settings, embedder: Embedder,
                   existing: IndexData | None, uploader: str = LOCAL_USER) -> UploadReport:
    """Store and ingest ``files`` ((temporary path, original name) pairs) into the index and upload folder that
    ``settings`` name, recording who uploaded each; one verdict per file."""
    report = UploadReport()
    settings.ui.upload_dir.mkdir(parents=True, exist_ok=True)
    stored: dict[str, Path] = {}
    backups: dict[str, Path] = {}
    for path, original in files:
        name = safe_name(original)
        problem = check_upload(path, name, settings, existing)
        if problem is None and name in stored:
            problem = "trùng tên với một tệp khác trong lần tải này."
        if problem:
            report.verdicts.append(FileVerdict(name, False, problem))
            continue
        target = settings.ui.upload_dir / name
        if target.exists():
            backup = target.with_name(f".{name}.bak")
            shutil.copy2(target, backup)
            backups[name] = backup
        temporary = target.with_name(f".{name}.part")
        shutil.copyfile(path, temporary)
        os.replace(temporary, target)
        upload_record_path(target).write_text(json.dumps(
            {"uploaded_by": uploader, "uploaded_at": datetime.now(timezone.utc).isoformat(timespec="seconds")},
            ensure_ascii=False), encoding="utf-8")
        stored[name] = target
    if not stored:
        return report

    summary = run_ingest(settings, list(stored.values()), embedder=embedder)
    report.summary = summary
    failed = {Path(s.path).name: s.reason for s in summary.skipped}
    for name, target in stored.items():
        if name in failed:
            target.unlink(missing_ok=True)
            upload_record_path(target).unlink(missing_ok=True)
            if name in backups:
                os.replace(backups.pop(name), target)
            report.verdicts.append(FileVerdict(name, False, failed[name]))
            continue
        status = ("đã nạp mới" if name in summary.added else "đã cập nhật" if name in summary.updated
                  else "không thay đổi (nội dung giống lần nạp trước)")
        report.verdicts.append(FileVerdict(name, True, f"{status}; có thể hỏi về tệp này ngay."))
    for backup in backups.values():
        backup.unlink(missing_ok=True)
    log.info("Nạp tệp tải lên: %s", ", ".join(f"{v.name}={'ok' if v.ok else v.message}" for v in report.verdicts))
    return report
