"""Candidates and their fusion, in one call for the retriever: the dense and BM25 sides searched separately
and fused here (FAISS + bm25s), or, for a store that searches both sides itself (:class:`HybridSearch`, such
as Qdrant), in one request to it, with the filters pushed into the store's query and, if it can, the fusion
done by the store."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

import numpy as np
from nghiquyet.core.config import RetrievalSettings
from nghiquyet.core.models import SearchFilters
from nghiquyet.index.candidates import Candidates, gather
from nghiquyet.index.embedders import Embedder
from nghiquyet.index.fusion import Ranked, fuse
from nghiquyet.index.store import IndexData


@runtime_checkable
class HybridSearch(Protocol):
    """A store that answers both sides (and may fuse them) in one request. It returns the candidates with
    each side's rank and raw score (the refusal gate reads the raw scores) and the fused ranking."""

    def hybrid_search(self, text: str, vector: np.ndarray | None, mode: str, pool: int,
                      filters: SearchFilters | None, retrieval: RetrievalSettings) -> tuple[Candidates, Ranked]: ...


def search_candidates(text: str, mode: str, filters: SearchFilters | None, allowed: np.ndarray | None,
                      data: IndexData, embedder: Embedder, retrieval: RetrievalSettings,
                      excluded: frozenset[int] = frozenset(),
                      sparse_text: str = "") -> tuple[Candidates, Ranked]:
    """Up to ``retrieval.candidates`` rows per side, restricted by ``filters`` (``allowed``: the same as rows),
    and their fused ranking, best first. The dense side embeds ``text``; the BM25 side searches ``sparse_text``
    when given, else ``text``. Rows in ``excluded`` (clauses that give orders to an assistant) are never handed
    on, whichever store found them."""
    if isinstance(data.vectors, HybridSearch):
        vector = embedder.embed_query(text) if mode in ("hybrid", "dense") else None
        found, fused = data.vectors.hybrid_search(sparse_text or text, vector, mode, retrieval.candidates, filters,
                                                  retrieval)
        for row in excluded & found.keys():
            del found[row]
        return found, [(row, score) for row, score in fused if row not in excluded]
    found = gather(text, mode, allowed, retrieval.candidates, embedder, data.vectors, data.bm25, sparse_text)
    for row in excluded & found.keys():
        del found[row]
    return found, fuse(found, mode, retrieval)
