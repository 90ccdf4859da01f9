"""Vectors already computed during an ingest that has not finished, kept in SQLite beside the index, so a
killed or crashed ingest resumes where it stopped (it loses at most the batch under way). Emptied once a
build is saved: from then on the index itself holds the vectors."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import numpy as np

CACHE_FILE = "embedding-cache.sqlite"


def text_key(embedder_name: str, text: str) -> str:
    return hashlib.sha1(f"{embedder_name}\x1f{text}".encode()).hexdigest()


class EmbeddingCache:
    def __init__(self, index_dir: Path, embedder_name: str, dim: int) -> None:
        index_dir.mkdir(parents=True, exist_ok=True)
        self.path = index_dir / CACHE_FILE
        self.embedder_name = embedder_name
        self.dim = dim
        self._db = sqlite3.connect(self.path)
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vector BLOB NOT NULL)")

    def get(self, texts: list[str]) -> dict[str, np.ndarray]:
        """The cached vectors of ``texts``, by text."""
        found: dict[str, np.ndarray] = {}
        for text in texts:
            row = self._db.execute("SELECT vector FROM vectors WHERE key = ?",
                                   (text_key(self.embedder_name, text),)).fetchone()
            if row is not None and len(row[0]) == 4 * self.dim:
                found[text] = np.frombuffer(row[0], dtype=np.float32)
        return found

    def put(self, texts: list[str], vectors: np.ndarray) -> None:
        """Store one batch, committed at once (a kill after this keeps it)."""
        rows = [(text_key(self.embedder_name, t), np.asarray(v, dtype=np.float32).tobytes())
                for t, v in zip(texts, vectors, strict=True)]
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)

    def clear(self) -> None:
        self._db.close()
        self.path.unlink(missing_ok=True)

    def close(self) -> None:
        self._db.close()
