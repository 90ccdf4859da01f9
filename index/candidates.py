"""Candidate retrieval: the best rows by dense vectors and by BM25, each with its rank and raw score."""

from __future__ import annotations

from typing import Protocol

import numpy as np
from nghiquyet.index.embedders import Embedder

RETRIEVAL_MODES = ("hybrid", "dense", "sparse")
Candidates = dict[int, dict[str, float]]  # row -> dense_rank, dense_score, sparse_rank, sparse_score


class RowSearch(Protocol):
    def search(self, query, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]: ...


def gather(text: str, mode: str, allowed: np.ndarray | None, pool: int, embedder: Embedder,
           vectors: RowSearch, bm25: RowSearch, sparse_text: str = "") -> Candidates:
    """Up to ``pool`` rows from each side that ``mode`` uses, restricted to ``allowed`` rows when given. BM25
    searches ``sparse_text`` when given (an English question's terms in the documents' words), else ``text``."""
    found: Candidates = {}
    if mode in ("hybrid", "dense"):
        scores, rows = vectors.search(embedder.embed_query(text), pool, allowed)
        for rank, (score, row) in enumerate(zip(scores, rows)):
            found.setdefault(int(row), {}).update(dense_rank=rank, dense_score=float(score))
    if mode in ("hybrid", "sparse"):
        scores, rows = bm25.search(sparse_text or text, pool, allowed)
        for rank, (score, row) in enumerate(zip(scores, rows)):
            found.setdefault(int(row), {}).update(sparse_rank=rank, sparse_score=float(score))
    return found
