"""The one folder the UI serves files from: its own downloads (talking points as .docx and Markdown), in a
private folder of its own. Never the system's temporary directory, which other programs share."""

from __future__ import annotations

from pathlib import Path

from nghiquyet.core.config import Settings


def private_files_dir(settings: Settings) -> Path:
    """``[ui] files_dir``, created if needed and readable by this user only (mode 0700)."""
    folder = settings.ui.files_dir.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)
    return folder
