"""The retrieval systems compared in one run: our hybrid pipeline, its BM25-only and dense-only modes,
and the standard recipe (fixed 1000-character chunks with 200 overlap, dense only, no structure)."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np
from langchain_text_splitters import RecursiveCharacterTextSplitter
from nghiquyet.core.config import IndexSettings
from nghiquyet.core.errors import SourceFileError
from nghiquyet.core.models import Hit
from nghiquyet.eval.metrics import Retrieved
from nghiquyet.index.embedders import Embedder
from nghiquyet.index.retriever import HybridRetriever
from nghiquyet.index.vectorstore import build_vector_store
from nghiquyet.ingest.readers import read_source

UNBUDGETED = 10**9
RANK_DEPTH = 10


class RetrievalSystem(Protocol):
    name: str

    def ranked(self, question: str) -> list[Retrieved]: ...

    def context(self, question: str, budget: int) -> list[Retrieved]: ...


def from_hit(hit: Hit) -> Retrieved:
    doc = hit.document
    keys = frozenset(k for k in (doc.doc_id, doc.number, doc.source, doc.title) if k)
    return Retrieved(hit.text, keys, hit.chunk.section)


class PipelineSystem:
    """Our retriever in one of its modes."""

    def __init__(self, retriever: HybridRetriever, mode: str, name: str) -> None:
        self.retriever = retriever
        self.mode = mode
        self.name = name

    def ranked(self, question: str) -> list[Retrieved]:
        return [from_hit(h) for h in self.retriever.search(question, k=RANK_DEPTH, budget_chars=UNBUDGETED,
                                                           mode=self.mode)]

    def context(self, question: str, budget: int) -> list[Retrieved]:
        return [from_hit(h) for h in self.retriever.search(question, k=RANK_DEPTH, budget_chars=budget,
                                                           mode=self.mode)]


class StandardRecipe:
    """Fixed-size chunks of the raw text, dense search only: the usual RAG tutorial set-up."""

    name = "standard"

    def __init__(self, sources: list[Path], embedder: Embedder, doc_keys: dict[str, frozenset[str]],
                 chunk_size: int = 1000, overlap: int = 200) -> None:
        splitter = RecursiveCharacterTextSplitter(chunk_size=chunk_size, chunk_overlap=overlap)
        self.passages: list[Retrieved] = []
        for path in sources:
            try:
                text = read_source(path).text
            except SourceFileError:
                continue
            keys = doc_keys.get(path.name, frozenset({path.name}))
            self.passages.extend(Retrieved(piece, keys) for piece in splitter.split_text(text))
        self.embedder = embedder
        vectors = embedder.embed_passages([p.text for p in self.passages])
        self.store = build_vector_store(np.asarray(vectors), IndexSettings(vector_index="flat"))

    def ranked(self, question: str) -> list[Retrieved]:
        _, rows = self.store.search(self.embedder.embed_query(question), RANK_DEPTH)
        return [self.passages[int(r)] for r in rows]

    def context(self, question: str, budget: int) -> list[Retrieved]:
        kept: list[Retrieved] = []
        used = 0
        for item in self.ranked(question):
            if kept and used + len(item.text) > budget:
                continue
            kept.append(item)
            used += len(item.text)
        return kept


def source_doc_keys(retriever: HybridRetriever) -> dict[str, frozenset[str]]:
    """For the standard recipe: every document name found in each source file (a file is one passage
    source, so its passages answer to all the documents it holds)."""
    keys: dict[str, set[str]] = {}
    for doc in retriever.corpus.documents.values():
        keys.setdefault(doc.source, {doc.source}).update(k for k in (doc.doc_id, doc.number, doc.title) if k)
    return {name: frozenset(values) for name, values in keys.items()}
