"""Logging for the command line and the UI: short messages on the console, everything (tracebacks too) in
the log file."""

from __future__ import annotations

import logging
import sys

from nghiquyet.core.config import Settings

NOISY_LIBRARIES = ("faiss", "bm25s", "httpx", "urllib3", "sentence_transformers", "filelock")


def setup_logging(settings: Settings, verbose: bool) -> None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.INFO if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(message)s"))
    root.addHandler(console)
    try:
        settings.log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(settings.log_file, encoding="utf-8")
        handler.setLevel(logging.DEBUG)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError:
        pass  # a read-only disk must not stop the tool
    for noisy in NOISY_LIBRARIES:
        logging.getLogger(noisy).setLevel(logging.WARNING)
    for warning in settings.warnings:
        logging.getLogger("nghiquyet.config").warning(warning)
