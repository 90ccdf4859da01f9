"""`--reuse-segmentation`: underthesea's word segmentation kept between runs of the unit layer.

Segmenting is the costly part of every small index the unit tests build (4-7 ms a clause; ~3 s for the
bundled corpus in each worker, again in every run). It is a pure function of the folded text, so the quick
loop (`make test-unit`) keeps its results in pytest's cache folder, keyed by underthesea's version and the
tokenizer's source: a new underthesea or any change to the tokenizer starts from nothing. `make test` (CI)
does not pass the option, so the whole suite always segments through underthesea itself.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path
from typing import Callable

import pytest

OPTION = "--reuse-segmentation"


def cache_key() -> str:
    from nghiquyet.index import tokenizer

    digest = hashlib.sha256(version("underthesea").encode())
    digest.update(Path(tokenizer.__file__).read_bytes())
    return digest.hexdigest()[:16]


class SegmentationCache:
    """Wraps ``tokenizer._segment`` with a dictionary loaded from, and saved to, pytest's cache folder."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.key = cache_key()
        self.known: dict[str, tuple[str, ...]] = {}
        self.loaded = 0
        self.real: Callable[[str], tuple[str, ...]] | None = None

    def _files(self) -> list[Path]:
        return sorted(self.folder.glob(f"{self.key}-*.json.gz"))

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        from nghiquyet.index import tokenizer

        for path in self._files():
            try:
                self.known.update({text: tuple(words) for text, words in
                                   json.loads(gzip.decompress(path.read_bytes())).items()})
            except (OSError, ValueError, EOFError):
                continue  # a damaged cache file only costs the time it would have saved
        self.loaded = len(self.known)
        real = self.real = tokenizer._segment
        known = self.known

        def segment(folded: str) -> tuple[str, ...]:
            words = known.get(folded)
            if words is None:
                words = known[folded] = real(folded)
            return words

        segment.cache_clear = real.cache_clear  # type: ignore[attr-defined]  # tests clear it as a new process
        tokenizer._segment = segment

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        from nghiquyet.index import tokenizer

        if self.real is not None:
            tokenizer._segment = self.real
        if len(self.known) == self.loaded:
            return
        for stale in self.folder.glob("*.json.gz"):
            if not stale.name.startswith(self.key):
                stale.unlink(missing_ok=True)
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        target = self.folder / f"{self.key}-{worker}.json.gz"
        partial = target.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(gzip.compress(json.dumps(self.known, ensure_ascii=False).encode(), compresslevel=1))
        os.replace(partial, target)
