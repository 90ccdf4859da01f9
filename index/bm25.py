"""The sparse side: BM25 (bm25s) over Vietnamese word tokens."""

from __future__ import annotations

import gzip
import json
import logging
import math
from pathlib import Path
from typing import Iterable, Mapping

import bm25s
import numpy as np
from nghiquyet.index.ties import first_by_score_then_row, widened
from nghiquyet.index.tokenizer import tokenize, with_bigrams, words

BM25_DIR = "bm25"
# Each row's word tokens, one JSON list a line (gzip): the next build reuses them for the clauses whose text did not
# change, instead of segmenting the whole corpus again (4-5 ms a clause: 7 min for 100k clauses on 2 cores).
WORDS_FILE = "words.jsonl.gz"
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every build at INFO


def inverse_document_frequency(held: int, rows: int) -> float:
    """BM25's IDF as bm25s ("lucene") and Qdrant compute it, for a token ``held`` by that many of ``rows`` rows
    (a token no row holds counts as held by one)."""
    rows = max(rows, 1)
    held = min(max(held, 1), rows)
    return math.log(1 + (rows - held + 0.5) / (held + 0.5))


class BM25Index:
    def __init__(self, retriever: bm25s.BM25, size: int, rows: list[list[str]] | None = None,
                 directory: Path | None = None) -> None:
        self.retriever = retriever
        self.size = size
        self._rows = rows  # each row's words, kept from a build until it is saved
        self._directory = directory  # where a loaded index's words are, read only when a next build asks

    @classmethod
    def build(cls, texts: list[str], known: Mapping[str, list[str]] | None = None) -> "BM25Index":
        """The index of ``texts``; ``known`` gives the words of texts segmented before (see :meth:`words_by_text`)."""
        known = known or {}
        rows = [known[text] if text in known else words(text) for text in texts]
        retriever = bm25s.BM25()
        retriever.index([with_bigrams(row) or ["_"] for row in rows], show_progress=False)
        return cls(retriever, len(texts), rows)

    def words_by_text(self, texts: list[str]) -> dict[str, list[str]]:
        """The words of each row of a loaded index, keyed by its text (``texts``, in row order); empty when the
        build has no words file (built before it existed) or it cannot be read: the next build segments again."""
        path = self._directory / BM25_DIR / WORDS_FILE if self._directory else None
        if path is None or not path.is_file():
            return {}
        try:
            with gzip.open(path, "rt", encoding="utf-8") as handle:
                rows = [json.loads(line) for line in handle]
        except (OSError, EOFError, ValueError):
            return {}
        return dict(zip(texts, rows)) if len(rows) == len(texts) else {}

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

    def rarity(self, tokens: Iterable[str]) -> dict[str, float]:
        """How rare each token is among the indexed rows: BM25's inverse document frequency (the "lucene" form,
        log(1 + (N - df + 0.5) / (df + 0.5))). A word most clauses hold ("năm", "tỉnh") weighs little, a name few
        hold ("Đam Rông") much; a token no row holds weighs as one held by a single row."""
        counts = np.diff(self.retriever.scores["indptr"])  # the score matrix has one entry per row holding a token
        places = {token: self.retriever.vocab_dict.get(token, len(counts)) for token in tokens}
        return {token: inverse_document_frequency(int(counts[place]) if place < len(counts) else 0, self.size)
                for token, place in places.items()}

    def save(self, directory: Path) -> None:
        self.retriever.save(str(directory / BM25_DIR), show_progress=False)
        if self._rows is not None:
            with gzip.open(directory / BM25_DIR / WORDS_FILE, "wt", encoding="utf-8", compresslevel=6) as handle:
                for row in self._rows:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")

    @classmethod
    def load(cls, directory: Path, size: int) -> "BM25Index":
        return cls(bm25s.BM25.load(str(directory / BM25_DIR), show_progress=False), size, directory=directory)
