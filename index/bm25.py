"""The sparse side: BM25 (bm25s) over Vietnamese word tokens."""

from __future__ import annotations

import logging
from pathlib import Path

import bm25s
import numpy as np
from nghiquyet.index.ties import first_by_score_then_row, widened
from nghiquyet.index.tokenizer import tokenize

BM25_DIR = "bm25"
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every build at INFO


class BM25Index:
    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self.retriever = retriever
        self.size = size

    @classmethod
    def build(cls, texts: list[str]) -> "BM25Index":
        retriever = bm25s.BM25()
        tokens = [tokenize(text) or ["_"] for text in texts]
        retriever.index(tokens, show_progress=False)
        return cls(retriever, len(texts))

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` (scores, positions) with a score above zero, equal scores in position order (index/ties.py)."""
        tokens = [t for t in tokenize(query) if t in self.retriever.vocab_dict]
        if not tokens or self.size == 0 or k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        mask = None
        if allowed is not None:
            mask = np.zeros(self.size, dtype=np.float32)
            mask[np.asarray(allowed, dtype=np.int64)] = 1.0
        positions, scores = self.retriever.retrieve([tokens], k=min(widened(k), self.size), show_progress=False,
                                                    weight_mask=mask)
        keep = scores[0] > 0
        return first_by_score_then_row(scores[0][keep], positions[0][keep], k)

    def save(self, directory: Path) -> None:
        self.retriever.save(str(directory / BM25_DIR), show_progress=False)

    @classmethod
    def load(cls, directory: Path, size: int) -> "BM25Index":
        return cls(bm25s.BM25.load(str(directory / BM25_DIR), show_progress=False), size)
