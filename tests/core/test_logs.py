"""The log file: one line per event however often logging is set up, and rotated before it grows large."""

from __future__ import annotations

import dataclasses
import logging

from nghiquyet.core import logs
from nghiquyet.core.config import Settings


def test_setting_up_twice_writes_each_line_once(tmp_path):
    settings = dataclasses.replace(Settings(), log_file=tmp_path / "app.log")
    before = list(logging.getLogger().handlers)
    try:
        for _ in range(3):
            logs.setup_logging(settings, verbose=False)
        logging.getLogger("nghiquyet.test").info("một dòng")
        for handler in logging.getLogger().handlers:
            handler.flush()
        assert (tmp_path / "app.log").read_text(encoding="utf-8").count("một dòng") == 1
    finally:
        for handler in [h for h in logging.getLogger().handlers if h not in before]:
            logging.getLogger().removeHandler(handler)
            handler.close()


def test_log_file_rotates(tmp_path, monkeypatch):
    monkeypatch.setattr(logs, "LOG_FILE_MAX_BYTES", 2_000)
    settings = dataclasses.replace(Settings(), log_file=tmp_path / "app.log")
    before = list(logging.getLogger().handlers)
    try:
        logs.setup_logging(settings, verbose=False)
        for n in range(200):
            logging.getLogger("nghiquyet.test").info("dòng số %d %s", n, "x" * 50)
        files = sorted(p.name for p in tmp_path.iterdir())
        assert files == ["app.log", "app.log.1", "app.log.2", "app.log.3"]
        assert all(p.stat().st_size <= 2_100 for p in tmp_path.iterdir())
    finally:
        for handler in [h for h in logging.getLogger().handlers if h not in before]:
            logging.getLogger().removeHandler(handler)
            handler.close()
