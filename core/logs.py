"""Logging for the command line and the UI: short messages on the console, everything (tracebacks too) in
the log file, which rotates so that it never fills an office PC's disk."""

from __future__ import annotations

import logging
import logging.handlers
import sys

from nghiquyet.core.config import Settings

NOISY_LIBRARIES = ("faiss", "bm25s", "httpx", "urllib3", "sentence_transformers", "filelock")
LOG_FILE_MAX_BYTES = 10 * 1024 * 1024
LOG_FILE_BACKUPS = 3  # at most 40 MB of logs in all
_OURS = "nghiquyet"  # the name our handlers carry, so a second setup replaces them instead of adding more


def setup_logging(settings: Settings, verbose: bool) -> None:
    """Console and rotating file handlers on the root logger. Calling it again (every CLI call in one
    process, every UI start in tests) replaces the handlers it installed before: without this, each call
    added one more and every line was written once per call (a 12.8 GB log after one test run)."""
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    for handler in [h for h in root.handlers if h.get_name() == _OURS]:
        root.removeHandler(handler)
        handler.close()
    console = logging.StreamHandler(sys.stderr)
    console.set_name(_OURS)
    console.setLevel(logging.INFO if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(message)s"))
    root.addHandler(console)
    try:
        settings.log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(settings.log_file, maxBytes=LOG_FILE_MAX_BYTES,
                                                       backupCount=LOG_FILE_BACKUPS, encoding="utf-8")
        handler.set_name(_OURS)
        handler.setLevel(logging.DEBUG)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError:
        pass  # a read-only disk must not stop the tool
    for noisy in NOISY_LIBRARIES:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for warning in settings.warnings:
        logging.getLogger("nghiquyet.config").warning(warning)
