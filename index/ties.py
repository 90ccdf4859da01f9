"""One order for rows with exactly equal scores, whichever engine found them.

Search engines break ties each their own way: bm25s by where its partial sort leaves them (which moved with a
numpy release), FAISS by its heap, Qdrant by point id. Two clauses with the same BM25 score are common (the same
length and the same matched words), so without one rule the FAISS + bm25s index and a Qdrant collection over the
same chunks ranked the same question differently, and a cut at ``k`` through a tie kept different rows. Every
store therefore asks its engine for ``k + TIE_MARGIN`` rows and keeps the first ``k`` by (score, row): exactly
equal scores in row order (a row is the chunk's place in the index, the same in every store). A tie wider than
the margin at the cut is still cut where the engine put it.
"""

from __future__ import annotations

import numpy as np

TIE_MARGIN = 16  # extra rows asked of an engine, so that rows tied at the cut are seen before choosing


def widened(k: int) -> int:
    """How many rows to ask an engine for when ``k`` are wanted."""
    return k + TIE_MARGIN if k > 0 else k


def first_by_score_then_row(scores: np.ndarray, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``k`` of (scores, rows), best score first and equal scores in row order."""
    scores = np.asarray(scores).reshape(-1)
    rows = np.asarray(rows, dtype=np.int64).reshape(-1)
    order = np.lexsort((rows, -scores))[:max(k, 0)]
    return scores[order], rows[order]
