"""The Qdrant store (local mode, the real client code, no server) against the file index: same candidates,
same answers, filters pushed into the query, incremental ingest that converges after a crash, and a corpus
that a replica reads from the collection alone. Unit layer: the hashing embedder."""

from __future__ import annotations

import hashlib
import json
import shutil
import uuid
from pathlib import Path

import numpy as np
import pytest
from nghiquyet.core.errors import IndexIncompatibleError, IndexMissingError
from nghiquyet.core.models import SearchFilters
from nghiquyet.index.backends import open_index
from nghiquyet.index.embedders import register_embedder
from nghiquyet.index.fusion import fuse
from nghiquyet.index.qdrant_store import (
    BM25Weights,
    QdrantSearch,
    QdrantStore,
    close_clients,
    point_id,
    token_index,
)
from nghiquyet.index.retriever import HybridRetriever
from nghiquyet.index.search import HybridSearch
from nghiquyet.index.store import versions
from nghiquyet.index.tokenizer import tokenize
from nghiquyet.ingest.pipeline import run_ingest

from tests.conftest import REPO, fake_settings
from tests.fakes import HashEmbedder

UNTIED = "fake-hash-untied"

DEV = [json.loads(line)["question"] for line in (REPO / "eval/questions/dev.jsonl").read_text(encoding="utf-8")
       .splitlines() if line.strip()]


class UntiedHashEmbedder(HashEmbedder):
    """The hashing embedder with a little noise seeded by the text: its integer-valued vectors give many
    exactly equal cosines, which FAISS and Qdrant (and Qdrant's own code paths) order differently; this
    one gives none (the corpus has no two equal texts), so the stores can be compared rank for rank."""

    name = "fake/hash-256-untied"

    def _vector(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
        noise = 0.02 * np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        vector = super()._vector(text) + noise
        return vector / np.linalg.norm(vector)


register_embedder(UNTIED, lambda settings: UntiedHashEmbedder())

# The real Qdrant client and engine (local mode): run with the integration layer, like the real index.
pytestmark = pytest.mark.integration


def qdrant_settings(tmp: Path, **overrides):
    """The unit layer's settings with the index in Qdrant's in-memory local mode, in a collection of its own."""
    return fake_settings(tmp, {"index.vector_store": "qdrant", "index.qdrant_path": ":memory:",
                               "index.qdrant_collection": f"t{uuid.uuid4().hex[:10]}", **overrides})


@pytest.fixture(scope="module")
def faiss_retriever(tmp_path_factory):
    settings = fake_settings(tmp_path_factory.mktemp("faiss"), {"index.embedder": UNTIED})
    run_ingest(settings)
    return HybridRetriever.from_settings(settings)


@pytest.fixture(scope="module")
def qdrant_retriever(tmp_path_factory):
    """With the default fusion (ours, over the engine's two lists)."""
    settings = qdrant_settings(tmp_path_factory.mktemp("qdrant"), **{"index.embedder": UNTIED})
    run_ingest(settings)
    return HybridRetriever.from_settings(settings)


def collection_state(settings) -> dict[str, tuple]:
    """Every point of the collection: id -> (source, fingerprint, chunk id, dense vector, sparse vector). Dense
    vectors to 4 decimals: Qdrant normalises a cosine vector on every upsert, and a vector reused from the
    store may come back one float32 rounding away."""
    store = QdrantStore.from_settings(settings.index)
    state = {}
    for point in store._scroll(store.collection, with_payload=["source", "fingerprint", "chunk_id"], with_vectors=True):
        sparse = point.vector["bm25"]
        state[str(point.id)] = (point.payload["source"], point.payload["fingerprint"], point.payload["chunk_id"],
                                tuple(np.round(point.vector["dense"], 4)),
                                tuple(sparse.indices), tuple(np.round(sparse.values, 6)))
    return state


def records(settings) -> dict[str, tuple]:
    store = QdrantStore.from_settings(settings.index)
    return {r["name"]: (r["fingerprint"], tuple(r["doc_ids"]), r.get("pending")) for r in store._records()}


# Known since 2026-11-26: these fail in a fresh install at 205dd68 too, although they passed in CI hours before.
def same_list(a: tuple[np.ndarray, np.ndarray], b: tuple[np.ndarray, np.ndarray]) -> None:
    """Two (scores, rows) lists: the same rows in the same order, the same scores to float32 rounding."""
    assert a[1].tolist() == b[1].tolist()
    assert np.allclose(a[0], b[0], rtol=1e-5, atol=1e-6)


# -- the sparse side is BM25 -------------------------------------------------------------------------------
def test_sparse_vectors_are_bm25_term_weights():
    weights = BM25Weights(avgdl=10.0)
    indices, values = weights.document("kinh tế số kinh tế")
    assert indices == sorted(indices) and len(indices) == len(set(indices))
    # tf / (tf + k1 (1 - b + b dl / avgdl)) per token ("kinh_tế" occurs twice), IDF left to the engine
    tokens = weights.tokens("kinh tế số kinh tế")
    norm = 1.5 * (1 - 0.75 + 0.75 * len(tokens) / 10.0)
    counts = {token_index(t): tokens.count(t) for t in tokens}
    assert values == pytest.approx([counts[i] / (counts[i] + norm) for i in indices])
    query = dict(zip(*weights.query("số số")))
    assert query[token_index("số")] == 2.0  # a query token counts as often as it occurs, as in bm25s
    assert weights.tokens("!!!") == ["_"]  # an empty chunk still counts in N, as BM25Index.build


def test_candidates_are_those_of_faiss_and_bm25s(faiss_retriever, qdrant_retriever):
    """Per side, for every dev question: the same rows in the same order with the same raw scores (cosine;
    the BM25 score itself, so the refusal gate's thresholds hold)."""
    pool = faiss_retriever.settings.retrieval.candidates
    faiss, qdrant = faiss_retriever.data, qdrant_retriever.data
    assert [c.chunk_id for c in faiss.chunks] == [c.chunk_id for c in qdrant.chunks]
    assert faiss.documents == qdrant.documents
    for question in DEV:
        text = faiss_retriever.analyse(question).expanded
        vector = faiss_retriever.embedder.embed_query(text)
        same_list(faiss.vectors.search(vector, pool), qdrant.vectors.search(vector, pool))
        same_list(faiss.bm25.search(text, pool), qdrant.bm25.search(text, pool))


def test_top_k_is_the_same_as_with_faiss(faiss_retriever, qdrant_retriever):
    """Whole searches (fusion, rules, packing, comparisons) on the 80 dev questions: the same hits in the same
    order, with the same side ranks and scores."""
    for question in DEV:
        faiss = faiss_retriever.search(question)
        qdrant = qdrant_retriever.search(question)
        assert [h.chunk.chunk_id for h in faiss] == [h.chunk.chunk_id for h in qdrant], question
        for a, b in zip(faiss, qdrant):
            assert (a.dense_rank, a.sparse_rank) == (b.dense_rank, b.sparse_rank)
            assert a.score == pytest.approx(b.score, rel=1e-6)
            assert (a.dense_score is None) == (b.dense_score is None)
            assert a.dense_score is None or a.dense_score == pytest.approx(b.dense_score, rel=1e-5)
            assert a.sparse_score is None or a.sparse_score == pytest.approx(b.sparse_score, rel=1e-5)


def test_rarity_is_the_same_as_with_bm25s(faiss_retriever, qdrant_retriever):
    """How rare a question's words are (what the quote scorer weighs shared words by) comes from the engine's
    counts, and equals bm25s's: the same quotes from either store."""
    for question in DEV[:20]:
        tokens = set(tokenize(faiss_retriever.analyse(question).expanded)) | {"không_có__đâu"}
        faiss, qdrant = faiss_retriever.data.bm25.rarity(tokens), qdrant_retriever.data.bm25.rarity(tokens)
        assert faiss.keys() == qdrant.keys() and all(qdrant[t] == pytest.approx(faiss[t], rel=1e-4) for t in faiss)
        assert len({round(w, 3) for w in faiss.values()}) > 3  # common and rare words, not all weighed alike
        assert qdrant_retriever.analyse(question).rarity == pytest.approx(faiss_retriever.analyse(question).rarity,
                                                                           rel=1e-4)


def test_server_fusion_is_our_rrf(qdrant_retriever):
    """Qdrant's RRF (k = our k + 1, as it counts ranks from 0) ranks exactly as index/fusion.py does over the
    two lists the engine fused; "auto" is our fusion, on a server too."""
    loaded: QdrantSearch = qdrant_retriever.data.vectors
    assert isinstance(loaded, HybridSearch)
    assert QdrantStore(loaded.store.client, "x", "auto", local=True).fusion == "client"
    assert QdrantStore(loaded.store.client, "x", "auto", local=False).fusion == "client"
    assert QdrantStore(loaded.store.client, "x", "server", local=True).fusion == "server"

    def fused_by(fusion: str) -> QdrantSearch:
        return QdrantSearch(QdrantStore(loaded.store.client, loaded.store.collection, fusion, local=True), loaded.ids,
                            qdrant_retriever.data.chunks, loaded.documents, loaded.weights, loaded.dim)

    search, client_side = fused_by("server"), fused_by("client")
    settings = qdrant_retriever.settings.retrieval
    assert search.server_fuses("hybrid", settings)
    reordered = 0
    for question in DEV:
        text = qdrant_retriever.analyse(question).expanded
        vector = qdrant_retriever.embedder.embed_query(text)
        found_s, server = search.hybrid_search(text, vector, "hybrid", settings.candidates, None, settings)
        ours = fuse(found_s, "hybrid", settings)  # the sides as the engine ordered them, fused by us
        assert [row for row, _ in server] == [row for row, _ in ours], question
        assert np.allclose([s for _, s in server], [s for _, s in ours], rtol=1e-6)
        # client fusion differs from it only where the engine cut or ordered exactly tied rows its own way
        found_c, client = client_side.hybrid_search(text, vector, "hybrid", settings.candidates, None, settings)
        reordered += [row for row, _ in server] != [row for row, _ in client]
    assert reordered < len(DEV) / 4


def test_weighted_fusion_and_dense_weight_fall_back_to_client_fusion(qdrant_retriever):
    search: QdrantSearch = qdrant_retriever.data.vectors
    settings = qdrant_retriever.settings.retrieval
    assert not search.server_fuses("hybrid", settings.__class__(fusion="weighted"))
    assert not search.server_fuses("hybrid", settings.__class__(dense_weight=0.5))
    assert not search.server_fuses("dense", settings)


# -- filters -------------------------------------------------------------------------------------------------
FILTERS = [
    SearchFilters(docs=["57"]), SearchFilters(docs=["67-CTr/TU", "57-NQ/TW"]), SearchFilters(docs=["999"]),
    SearchFilters(kinds=["nghị quyết"]), SearchFilters(kinds=["CHƯƠNG TRÌNH"]), SearchFilters(levels=["tỉnh"]),
    SearchFilters(provinces=["Sóc Trăng"]), SearchFilters(provinces=["Cà Mau"]), SearchFilters(years=[2024, 2025]),
    SearchFilters(levels=["quốc gia"], years=[2024]), SearchFilters(kinds=["hướng dẫn"], provinces=["Sóc Trăng"]),
]


@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: json.dumps(f.__dict__, ensure_ascii=False))
def test_filters_become_payload_conditions_with_the_same_meaning(qdrant_retriever, filters):
    """Every chunk the payload filter lets through, and only those, is one the corpus filter allows."""
    data = qdrant_retriever.data
    allowed = qdrant_retriever.corpus.allowed_rows(filters)
    probe = np.ones(data.vectors.dim, dtype=np.float32) / np.sqrt(data.vectors.dim)
    settings = qdrant_retriever.settings.retrieval
    found, _ = data.vectors.hybrid_search("kinh tế số", probe, "dense", len(data.chunks), filters, settings)
    assert set(found) == set(allowed.tolist())


def test_filtered_searches_match_faiss(faiss_retriever, qdrant_retriever):
    for filters in FILTERS:
        for question in ("Mục tiêu kinh tế số đến năm 2030?", "Nhiệm vụ chuyển đổi số của tỉnh"):
            faiss = [h.chunk.chunk_id for h in faiss_retriever.search(question, filters=filters)]
            qdrant = [h.chunk.chunk_id for h in qdrant_retriever.search(question, filters=filters)]
            assert faiss == qdrant, (question, filters)


# -- incremental ingest ----------------------------------------------------------------------------------------
PLAN = ("KẾ HOẠCH\nvề phát triển hạ tầng số tỉnh Bạc Liêu năm 2025\nI. MỤC TIÊU\n"
        "1. Phủ sóng 5G tại 100% trung tâm huyện trong năm 2025.\n2. Tỷ lệ hộ gia đình có cáp quang đạt 85%.\n")


def test_ingest_writes_only_what_changed_and_is_idempotent(tmp_path, corpus_copy, faiss_retriever):
    settings = qdrant_settings(tmp_path, data_dir=corpus_copy)
    first = run_ingest(settings)
    # the same documents and chunks as the file index holds for the same files
    assert first.documents == 7 and first.chunks == len(faiss_retriever.corpus.chunks) and len(first.added) == 5
    before = collection_state(settings)
    generation = QdrantStore.from_settings(settings.index).generation()

    again = run_ingest(settings)
    assert not again.changed and len(again.unchanged) == 5 and again.embedded == 0
    assert collection_state(settings) == before
    assert QdrantStore.from_settings(settings.index).generation() == generation  # nothing written

    files = sorted(corpus_copy.glob("0*.txt"))
    edited, dropped = files[1], files[3]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n3. Nội dung mới được bổ sung vào văn bản.\n",
                      encoding="utf-8")
    dropped.unlink()
    (corpus_copy / "kehoach.txt").write_text(PLAN, encoding="utf-8")
    daily = run_ingest(settings)
    assert daily.updated == [edited.name] and daily.removed == [dropped.name] and daily.added == ["kehoach.txt"]
    assert 0 < daily.embedded < 20  # the edited file re-embeds only its changed chunks, plus the new plan
    after = collection_state(settings)
    untouched = {pid: v for pid, v in before.items() if v[0] not in (edited.name, dropped.name)}
    assert all(after[pid] == value for pid, value in untouched.items())  # other files' points not rewritten
    assert not any(v[0] == dropped.name for v in after.values())
    assert {v[1] for v in after.values() if v[0] == edited.name} == {records(settings)[edited.name][0]}

    # The same collection as ingesting today's files from nothing.
    fresh = qdrant_settings(tmp_path / "fresh", data_dir=corpus_copy)
    run_ingest(fresh)
    assert collection_state(fresh).keys() == after.keys()
    weights = QdrantStore.from_settings(settings.index).weights()
    assert weights.avgdl == QdrantStore.from_settings(settings.index).manifest()["bm25"]["avgdl"]


def test_point_ids_are_stable():
    assert point_id("a.txt", "f1", "c1") == point_id("a.txt", "f1", "c1")
    assert len({point_id("a.txt", "f1", "c1"), point_id("a.txt", "f2", "c1"), point_id("b.txt", "f1", "c1"),
                point_id("a.txt", "f1", "c1", 1)}) == 4
    uuid.UUID(point_id("a.txt", "f1", "c1"))


class Crash(RuntimeError):
    pass


def crash_after(monkeypatch, method: str, calls: int) -> None:
    original = getattr(QdrantStore, method)
    count = {"n": 0}

    def failing(self, *args, **kwargs):
        count["n"] += 1
        if count["n"] > calls:
            raise Crash(method)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(QdrantStore, method, failing)


def consistent(settings) -> None:
    """What a replica would load: every chunk belongs to a committed document, and every committed document
    has all its chunks (one version of each source file, whole)."""
    data = open_index(settings)
    assert all(c.doc_id in data.documents for c in data.chunks)
    counts: dict[str, int] = {}
    for chunk in data.chunks:
        counts[chunk.doc_id] = counts.get(chunk.doc_id, 0) + 1
    assert counts == {d.doc_id: d.chunk_count for d in data.documents.values()}


def daily_changes(folder: Path) -> None:
    files = sorted(folder.glob("0*.txt"))
    for path in files[:3]:  # three files change, one is removed, one is added
        path.write_text(path.read_text(encoding="utf-8") + "\n9. Điều khoản bổ sung mới.\n", encoding="utf-8")
    files[4].unlink()
    (folder / "kehoach.txt").write_text(PLAN, encoding="utf-8")


@pytest.mark.parametrize("method, calls", [
    ("_upsert", 1),  # mid-batch: the first file's points written, the second file's first batch fails
    ("_upsert", 0),  # the very first batch
    ("_put_record", 1),  # the first file's new points written, its commit fails
    ("_collect", 1),  # a new version committed, its old points not yet deleted
    ("_bump_generation", 2),
    ("_put_record", 8),  # the four changed files done, the removed file's tombstone fails
    ("_collect", 4),  # the removed file withdrawn from readers, its points not yet deleted
])
def test_a_crash_mid_ingest_leaves_a_consistent_collection_that_the_next_run_finishes(
        tmp_path, corpus_copy, monkeypatch, method, calls):
    clean_copy = shutil.copytree(corpus_copy, tmp_path / "clean-data")
    settings = qdrant_settings(tmp_path, data_dir=corpus_copy)
    run_ingest(settings)
    daily_changes(corpus_copy)
    with monkeypatch.context() as patch:
        crash_after(patch, method, calls)
        with pytest.raises(Crash):
            run_ingest(settings)
    consistent(settings)

    resumed = run_ingest(settings)
    assert resumed.changed
    # The same run, not interrupted.
    expected = qdrant_settings(tmp_path / "clean", data_dir=clean_copy)
    run_ingest(expected)
    daily_changes(clean_copy)
    run_ingest(expected)
    assert collection_state(settings) == collection_state(expected)
    assert {k: v[:2] for k, v in records(settings).items()} == {k: v[:2] for k, v in records(expected).items()}
    assert not any(v[2] for v in records(settings).values())  # no pending mark left
    assert not run_ingest(settings).changed


def test_a_crash_in_the_first_ingest_converges_too(tmp_path, corpus_copy, monkeypatch):
    settings = qdrant_settings(tmp_path, data_dir=corpus_copy)
    with monkeypatch.context() as patch:
        crash_after(patch, "_upsert", 2)
        with pytest.raises(Crash):
            run_ingest(settings)
    consistent(settings)  # the files committed before the crash, whole
    run_ingest(settings)
    expected = qdrant_settings(tmp_path / "clean", data_dir=corpus_copy)
    run_ingest(expected)
    assert collection_state(settings) == collection_state(expected)


# -- replicas ------------------------------------------------------------------------------------------------
def test_a_replica_serves_from_the_collection_alone(tmp_path):
    """Ingest on one machine (local mode on disk), then a process with no data folder and no var/index
    answers the same from the collection (a small corpus: local mode on disk commits every point)."""
    folder, data = tmp_path / "qdrant", tmp_path / "in"
    data.mkdir()
    (data / "kehoach.txt").write_text(PLAN, encoding="utf-8")
    writer = qdrant_settings(tmp_path / "writer", data_dir=data, **{"index.qdrant_path": folder})
    run_ingest(writer)
    question = "Tỷ lệ hộ gia đình có cáp quang?"
    expected = [h.to_json() for h in HybridRetriever.from_settings(writer).search(question)]
    close_clients()  # local mode: one process per folder, as a restarted replica
    shutil.rmtree(data)
    replica = writer.evolve({"data_dir": tmp_path / "nothing", "index_dir": tmp_path / "nothing" / "index"})
    retriever = HybridRetriever.from_settings(replica)
    assert [h.to_json() for h in retriever.search(question)] == expected and "85%" in expected[0]["text"]
    assert not (tmp_path / "nothing").exists()
    assert retriever.data.manifest["counts"]["documents"] == 1
    close_clients()


def test_a_replica_can_tell_when_its_corpus_is_stale(tmp_path, corpus_copy):
    settings = qdrant_settings(tmp_path, data_dir=corpus_copy)
    run_ingest(settings)
    search = open_index(settings).vectors
    assert not search.is_stale()
    (corpus_copy / "kehoach.txt").write_text(PLAN, encoding="utf-8")
    run_ingest(settings)
    assert search.is_stale()


def test_a_new_tokenizer_writes_the_collection_anew_with_the_vectors_kept(tmp_path, monkeypatch):
    """A collection built with an older normaliser or tokenizer: BM25's sparse vectors are computed again for
    every chunk, the dense ones are kept (before, every chunk was embedded again)."""
    from nghiquyet.index import store as file_store

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kehoach.txt").write_text(PLAN, encoding="utf-8")
    settings = qdrant_settings(tmp_path)
    monkeypatch.setattr(file_store, "TOKENIZER_VERSION", "underthesea-words+bigrams/0")
    first = run_ingest(settings, [folder])
    assert first.embedded == first.chunks > 0
    monkeypatch.undo()
    again = run_ingest(settings, [folder])
    assert again.embedded == 0 and again.chunks == first.chunks and again.documents == first.documents
    manifest = QdrantStore.from_settings(settings.index).manifest()
    assert manifest is not None and manifest["tokenizer"] == file_store.TOKENIZER_VERSION
    hits = HybridRetriever.from_settings(settings).search("cáp quang hộ gia đình")
    assert hits and "cáp quang" in hits[0].chunk.text


def test_missing_and_incompatible_collections_say_what_to_do(tmp_path):
    settings = qdrant_settings(tmp_path)
    with pytest.raises(IndexMissingError, match="nghiquyet ingest"):
        HybridRetriever.from_settings(settings)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kehoach.txt").write_text(PLAN, encoding="utf-8")
    run_ingest(settings, [folder])
    with pytest.raises(IndexIncompatibleError, match="ingest --rebuild"):
        open_index(settings, versions("another/embedder", 256))


def test_rebuild_starts_the_collection_anew(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "kehoach.txt").write_text(PLAN, encoding="utf-8")
    settings = qdrant_settings(tmp_path)
    run_ingest(settings, [folder])
    before = collection_state(settings)
    summary = run_ingest(settings, [folder], rebuild=True)
    assert summary.added == ["kehoach.txt"] and collection_state(settings) == before


def test_a_client_is_reused_only_for_the_same_server_and_api_key(monkeypatch):
    import qdrant_client
    from nghiquyet.core.config import IndexSettings
    from nghiquyet.index.qdrant_store import _client

    made: list[dict] = []

    class RecordingClient:
        def __init__(self, **kwargs):
            made.append(kwargs)

        def close(self):
            pass

    monkeypatch.setattr(qdrant_client, "QdrantClient", RecordingClient)
    url = f"http://qdrant-{uuid.uuid4().hex[:6]}:6333"
    first, _ = _client(IndexSettings(qdrant_url=url, qdrant_api_key="old-key"))
    again, _ = _client(IndexSettings(qdrant_url=url, qdrant_api_key="old-key"))
    rotated, _ = _client(IndexSettings(qdrant_url=url, qdrant_api_key="new-key"))
    assert first is again and rotated is not first
    assert [m["api_key"] for m in made] == ["old-key", "new-key"]
    close_clients()
