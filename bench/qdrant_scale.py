"""The Qdrant store (the client's local mode) against FAISS + bm25s, at 20k and 100k synthetic chunks; FAISS
alone up to 1M. What a person gets on one machine today, measured; the cluster is projected on paper in
bench/RESULTS.md.

Synthetic corpus (embedding a million real chunks takes about a day here): 384-d vectors around 1,000 topic
centres (a chunk is its topic's centre plus noise), 20-60 tokens per chunk, half drawn from its topic's words
and half from a Zipf vocabulary of 50,000 words (s = 1.07), 34 provinces, 50 chunks per document. A query is
a stored chunk's vector with noise added, and six words: four of that chunk's, two of its topic's.

Every case runs in a fresh process, so its memory figure (RSS growth while building) is its own:
- ``faiss-flat+bm25s``: the default index, exact: FAISS flat + bm25s + our RRF (k = 60), client-side. It is
  the reference: recall@10 of the others is the share of its fused top 10 they return.
- ``faiss-ivf+bm25s``: FAISS IVF (nprobe 16) in place of flat.
- ``qdrant-local`` (``--client-fusion`` adds the same fused by us: two queries instead of three): the Qdrant store (index/qdrant_store.py) in local mode, in memory: written through
  ``replace_source`` (one source per province), searched through ``hybrid_search`` (one batch request:
  dense, BM25, and Qdrant's RRF with our k), as the app does. Local mode searches exhaustively in Python;
  a server uses HNSW and inverted indexes (see RESULTS.md for what that changes).
Latency: one hybrid search (both sides and fusion; no query embedding, no re-rank rules), then the same with
a province filter. Ingest rate excludes embedding (the same cost for every store: ~10 chunks/s here).

    .venv/bin/python bench/qdrant_scale.py [--sizes 20000,100000] [--faiss-sizes 1000000] [--queries 100]
        [--client-fusion] [--qdrant-url http://qdrant:6333]   (the latter: the same cases against a cluster)
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DIM = 384
TOPICS = 1000
VOCAB = 50_000
ZIPF_S = 1.07
PROVINCES = [f"Tỉnh {i:02d}" for i in range(34)]
CHUNKS_PER_DOC = 50
POOL = 40  # [retrieval] candidates
RRF_K = 60
TOP = 10


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@dataclass
class Corpus:
    vectors: np.ndarray
    tokens: list[list[str]] | None
    provinces: np.ndarray  # province index per chunk
    queries: np.ndarray
    query_tokens: list[list[str]]
    query_provinces: np.ndarray


def synthetic(size: int, queries: int, with_text: bool, seed: int = 7) -> Corpus:
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((TOPICS, DIM), dtype=np.float32)
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    topic = rng.integers(0, TOPICS, size)
    vectors = np.empty((size, DIM), dtype=np.float32)
    for start in range(0, size, 100_000):  # in slices: a million at once would need 3 GB of temporaries
        end = min(size, start + 100_000)
        block = centres[topic[start:end]] + 0.06 * rng.standard_normal((end - start, DIM), dtype=np.float32)
        vectors[start:end] = block / np.linalg.norm(block, axis=1, keepdims=True)
    provinces = (np.arange(size) // CHUNKS_PER_DOC) % len(PROVINCES)
    picks = rng.integers(0, size, queries)
    probes = vectors[picks] + 0.03 * rng.standard_normal((queries, DIM), dtype=np.float32)
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    tokens, query_tokens = None, []
    if with_text:
        zipf = 1.0 / np.arange(1, VOCAB + 1) ** ZIPF_S
        zipf /= zipf.sum()
        topic_words = rng.choice(VOCAB, (TOPICS, 40), p=zipf)  # a topic's words: frequent to rare
        lengths = rng.integers(20, 61, size)
        background = rng.choice(VOCAB, int(lengths.sum()), p=zipf)
        own = rng.integers(0, 40, int(lengths.sum()))
        tokens, at = [], 0
        for i, n in enumerate(lengths):
            half = n // 2
            words = np.concatenate([topic_words[topic[i], own[at:at + half]], background[at + half:at + n]])
            tokens.append([f"w{w}" for w in words])
            at += n
        for pick in picks:
            mine = rng.choice(tokens[pick], 4, replace=False).tolist()
            query_tokens.append(mine + [f"w{w}" for w in rng.choice(topic_words[topic[pick]], 2)])
    return Corpus(vectors, tokens, provinces, probes, query_tokens, provinces[picks])


# -- the reference and FAISS -----------------------------------------------------------------------------
def rrf(dense_rows, sparse_rows) -> list[int]:
    """index/fusion.py's RRF (weights 1), best first; ties keep dense-first insertion order, as ours."""
    scores: dict[int, float] = {}
    for ranking in (dense_rows, sparse_rows):
        for rank, row in enumerate(ranking):
            scores[int(row)] = scores.get(int(row), 0.0) + 1.0 / (RRF_K + 1 + rank)
    return [row for row, _ in sorted(scores.items(), key=lambda item: item[1], reverse=True)]


class FaissBm25:
    def __init__(self, corpus: Corpus, kind: str) -> None:
        import bm25s
        from nghiquyet.index.vectorstore import FaissVectorStore

        self.dense = FaissVectorStore.build(corpus.vectors, kind, ivf_nprobe=16)
        self.bm25 = None
        if corpus.tokens is not None:
            self.bm25 = bm25s.BM25()
            self.bm25.index(corpus.tokens, show_progress=False)
        self.rows_by_province = {p: np.flatnonzero(corpus.provinces == p) for p in range(len(PROVINCES))}
        self.size = len(corpus.vectors)

    def sparse(self, tokens: list[str], allowed: np.ndarray | None) -> np.ndarray:
        known = [t for t in tokens if t in self.bm25.vocab_dict]  # as BM25Index.search
        if not known:
            return np.zeros(0, dtype=np.int64)
        mask = None
        if allowed is not None:
            mask = np.zeros(self.size, dtype=np.float32)
            mask[allowed] = 1.0
        rows, scores = self.bm25.retrieve([known], k=POOL, show_progress=False, weight_mask=mask)
        return rows[0][scores[0] > 0]

    def hybrid(self, vector: np.ndarray, tokens: list[str], province: int | None = None) -> list[int]:
        allowed = None if province is None else self.rows_by_province[province]
        _, dense = self.dense.search(vector, POOL, allowed)
        return rrf(dense, self.sparse(tokens, allowed))[:TOP]


# -- Qdrant --------------------------------------------------------------------------------------------------
class QdrantLocal:
    def __init__(self, corpus: Corpus, fusion: str = "server", url: str = "") -> None:
        from nghiquyet.core.config import RetrievalSettings
        from nghiquyet.core.models import Chunk, Document
        from nghiquyet.index.qdrant_store import QdrantStore
        from nghiquyet.index.store import SourceRecord
        from qdrant_client import QdrantClient

        if url:  # a server or cluster (API key from QDRANT_API_KEY): the same code, measured there
            client = QdrantClient(url=url, api_key=os.environ.get("QDRANT_API_KEY") or None, timeout=300)
        else:
            client = QdrantClient(":memory:")
        self.store = QdrantStore(client, f"bench-{len(corpus.vectors)}", fusion, local=not url)
        texts = [" ".join(t) for t in corpus.tokens]
        weights = self.store.create({"format": 1, "embedder": {"name": "synthetic", "dim": DIM}, "tokenizer": "split"},
                                    DIM, texts, tokenizer=str.split)
        for p, name in enumerate(PROVINCES):
            rows = np.flatnonzero(corpus.provinces == p)
            documents, chunks = [], []
            for d, start in enumerate(range(0, len(rows), CHUNKS_PER_DOC)):
                doc_id = f"p{p:02d}-{d}"
                documents.append(Document(doc_id=doc_id, source=f"{name}.txt", ordinal=d, title=doc_id,
                                          kind="kế hoạch", date="2025-01-01", level="tỉnh", province=name))
                for row in rows[start:start + CHUNKS_PER_DOC]:
                    chunks.append(Chunk(chunk_id=f"c{row}", doc_id=doc_id, kind="clause", heading_path=["1."],
                                        text=texts[row], index_text=texts[row], ordinal=int(row),
                                        clause_id=f"{doc_id}:c{row}"))
            record = SourceRecord(f"/data/{name}.txt", f"v1-{p}", [d.doc_id for d in documents])
            self.store.replace_source(f"{name}.txt", record, documents, chunks, corpus.vectors[rows], weights)
        self.settings = RetrievalSettings(candidates=POOL, rrf_k=RRF_K)

    def load(self) -> None:
        import dataclasses

        data = self.store.load()
        self.search = data.vectors
        self.search.weights = dataclasses.replace(self.search.weights, tokenizer=str.split)
        # Rows as loaded (by source, then as written) back to the synthetic corpus's rows.
        self.original = np.asarray([c.ordinal for c in data.chunks])

    def hybrid(self, vector: np.ndarray, tokens: list[str], province: int | None = None) -> list[int]:
        from nghiquyet.core.models import SearchFilters

        filters = None if province is None else SearchFilters(provinces=[PROVINCES[province]])
        _, ranked = self.search.hybrid_search(" ".join(tokens), vector, "hybrid", POOL, filters, self.settings)
        return [int(self.original[row]) for row, _ in ranked[:TOP]]


# -- one case per process --------------------------------------------------------------------------------------
def run_case(system: str, size: int, queries: int, qdrant_queries: int, url: str = "") -> dict:
    import warnings

    warnings.filterwarnings("ignore")
    corpus = synthetic(size, queries, with_text=True)
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    if system.startswith("qdrant"):
        engine = QdrantLocal(corpus, "client" if "client" in system else "server", url)
        build_s = time.perf_counter() - started
        memory = rss_mb() - before
        loaded, before_load = time.perf_counter(), rss_mb()
        engine.load()  # what a replica does at start: the corpus from the collection
        load_s, load_mb = time.perf_counter() - loaded, rss_mb() - before_load
        # Local mode takes seconds a query at 100k (exhaustive, in Python): fewer queries there.
        corpus.queries, corpus.query_tokens = corpus.queries[:qdrant_queries], corpus.query_tokens[:qdrant_queries]
        corpus.query_provinces = corpus.query_provinces[:qdrant_queries]
    else:
        engine = FaissBm25(corpus, "flat" if system.startswith("faiss-flat") else "ivf")
        build_s = time.perf_counter() - started
        memory = rss_mb() - before
        load_s = load_mb = None
    latencies, filtered, results = [], [], []
    for vector, tokens, province in zip(corpus.queries, corpus.query_tokens, corpus.query_provinces):
        t = time.perf_counter()
        results.append(engine.hybrid(vector, tokens))
        latencies.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        engine.hybrid(vector, tokens, int(province))
        filtered.append((time.perf_counter() - t) * 1000)
    reference = engine if system.startswith("faiss-flat") else FaissBm25(corpus, "flat")
    exact = [reference.hybrid(v, t) for v, t in zip(corpus.queries, corpus.query_tokens)]
    recall = statistics.mean(len(set(a) & set(b)) / len(b) for a, b in zip(results, exact) if b)
    return dict(system=system, size=size, build_s=build_s, rate=size / build_s, mem_mb=memory, load_s=load_s,
                load_mb=load_mb, queries=len(latencies), p50=statistics.median(latencies), p95=percentile(latencies, 0.95),
                fp50=statistics.median(filtered), fp95=percentile(filtered, 0.95), recall=recall)


def run_dense_case(kind: str, size: int, queries: int) -> dict:
    from nghiquyet.index.vectorstore import FaissVectorStore

    corpus = synthetic(size, queries, with_text=False)
    gc.collect()
    before = rss_mb()
    started = time.perf_counter()
    store = FaissVectorStore.build(corpus.vectors, kind, ivf_nprobe=16)
    build_s = time.perf_counter() - started
    memory = rss_mb() - before
    latencies, results = [], []
    for vector in corpus.queries:
        t = time.perf_counter()
        results.append(store.search(vector, TOP)[1])
        latencies.append((time.perf_counter() - t) * 1000)
    if kind == "flat":
        recall = 1.0
    else:
        exact = FaissVectorStore.build(corpus.vectors, "flat")
        recall = statistics.mean(len(set(r.tolist()) & set(exact.search(v, TOP)[1].tolist())) / TOP
                                 for r, v in zip(results, corpus.queries))
    return dict(system=f"faiss-{kind} (dense only)", size=size, build_s=build_s, rate=size / build_s, mem_mb=memory,
                load_s=None, load_mb=None, queries=len(latencies), p50=statistics.median(latencies), p95=percentile(latencies, 0.95), fp50=None, fp95=None,
                recall=recall)


def in_child(function, *args) -> dict:
    """In a fresh process, so that memory figures are the case's own."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(function, *args).result()


def show(row: dict, base: dict | None) -> None:
    ratio = f"{row['p50'] / base['p50']:>7.1f}x" if base else f"{'':>8}"
    load = (f"{row['load_s']:>7.1f} {row['load_mb']:>7.0f}" if row["load_s"] is not None
            else f"{'-':>7} {'-':>7}")
    filt = f"{row['fp50']:>8.1f} {row['fp95']:>8.1f}" if row["fp50"] is not None else f"{'-':>8} {'-':>8}"
    print(f"{row['size']:>8} {row['system']:<26} {row['build_s']:>8.1f} {row['rate']:>9.0f} {row['mem_mb']:>7.0f} "
          f"{load} {row['queries']:>4} {row['p50']:>8.2f} {row['p95']:>8.2f} {ratio} {filt} {row['recall']:>6.3f}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="20000,100000", help="hybrid cases (FAISS + bm25s and Qdrant)")
    parser.add_argument("--faiss-sizes", default="1000000", help="dense-only FAISS cases beyond them")
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--qdrant-url", default="",
                        help="measure a Qdrant server or cluster instead of local mode (writes bench-<size> collections)")
    parser.add_argument("--client-fusion", action="store_true",
                        help="add Qdrant with our fusion over its two lists ([index] qdrant_fusion = \"client\")")
    parser.add_argument("--qdrant-queries", type=int, default=10,
                        help="queries for Qdrant's local mode (seconds each at 100k: it searches in Python)")
    args = parser.parse_args()
    print(f"Hybrid search, top {TOP} of {POOL} candidates per side; recall@10 against faiss-flat+bm25s (exact); "
          "ratios against it in the same run")
    print(f"{'chunks':>8} {'system':<26} {'build s':>8} {'chunks/s':>9} {'mem MB':>7} {'load s':>7} {'load MB':>7} "
          f"{'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'p50 vs':>8} {'filt p50':>8} {'filt p95':>8} {'recall':>6}")
    started = time.perf_counter()
    for size in [int(s) for s in args.sizes.split(",") if s]:
        base = None
        qdrant = "qdrant-server" if args.qdrant_url else "qdrant-local"
        for system in ("faiss-flat+bm25s", "faiss-ivf+bm25s", qdrant) + (
                (f"{qdrant}, client fusion",) if args.client_fusion else ()):
            budget = args.queries if args.qdrant_url else min(args.queries, args.qdrant_queries)
            row = in_child(run_case, system, size, args.queries, budget, args.qdrant_url)
            base = base or row
            show(row, base)
    for size in [int(s) for s in args.faiss_sizes.split(",") if s]:
        base = None
        for kind in ("flat", "ivf"):
            row = in_child(run_dense_case, kind, size, args.queries)
            base = base or row
            show(row, base)
    print(f"(total {time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
