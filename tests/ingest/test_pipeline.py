"""Ingest runs on real files: other formats, bad files, no-op re-runs and replacement of one file."""

import os
from pathlib import Path

import docx
import pytest
from fpdf import FPDF
from nghiquyet.core.errors import SourceFileError
from nghiquyet.ingest.pipeline import run_ingest
from nghiquyet.ingest.readers import read_source

from tests.conftest import make_settings

PLAN_TEXT = [
    "KẾ HOẠCH",
    "về phát triển hạ tầng số tỉnh Bạc Liêu năm 2025",
    "I. MỤC TIÊU",
    "1. Phủ sóng 5G tại 100% trung tâm huyện trong năm 2025.",
    "2. Tỷ lệ hộ gia đình có cáp quang đạt 85%.",
    "II. NHIỆM VỤ",
    "1. Sở Thông tin và Truyền thông chủ trì triển khai kế hoạch.",
]


def write_docx(path: Path, paragraphs: list[str]) -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.save(str(path))
    return path


def write_pdf(path: Path, paragraphs: list[str], font: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(font))
    pdf.set_font("DejaVu", size=11)
    for text in paragraphs:
        pdf.multi_cell(0, 7, text)
        pdf.ln(3)
    pdf.output(str(path))
    return path


def write_scanned_pdf(path: Path) -> Path:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_fill_color(30, 30, 30)
    for row in range(20):
        pdf.rect(20, 20 + row * 10, 150, 4, style="F")  # looks like lines of text, holds none
    pdf.output(str(path))
    return path


def test_docx_goes_through_the_same_path(tmp_path):
    path = write_docx(tmp_path / "kehoach.docx", PLAN_TEXT)
    settings = make_settings(tmp_path, {"ingest.metadata_file": tmp_path / "none.toml"})
    summary = run_ingest(settings, [path])
    assert summary.added == ["kehoach.docx"] and not summary.skipped
    from nghiquyet.index.store import load_index

    data = load_index(settings.index_dir)
    (document,) = data.documents.values()
    assert document.kind == "kế hoạch" and document.province == "Bạc Liêu"
    target = next(c for c in data.chunks if "85%" in c.text)
    assert target.section == "I. MỤC TIÊU › 2."


def test_pdf_text_layer_is_read_with_vietnamese_intact(tmp_path, dejavu_font):
    path = write_pdf(tmp_path / "kehoach.pdf", PLAN_TEXT, dejavu_font)
    source = read_source(path)
    assert "Tỷ lệ hộ gia đình có cáp quang đạt 85%." in source.text
    assert {b.page for b in source.blocks} == {1}  # pages are kept for citations
    settings = make_settings(tmp_path, {"ingest.metadata_file": tmp_path / "none.toml"})
    summary = run_ingest(settings, [path])
    assert summary.added == ["kehoach.pdf"] and summary.chunks > 3


def test_bad_files_are_reported_and_the_rest_is_ingested(tmp_path, dejavu_font):
    folder = tmp_path / "in"
    folder.mkdir()
    write_docx(folder / "good.docx", PLAN_TEXT)
    (folder / "empty.txt").write_text("   \n\n", encoding="utf-8")
    (folder / "binary.txt").write_bytes(os.urandom(4096))
    write_scanned_pdf(folder / "scan.pdf")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "table.xlsx").write_bytes(b"x")
    settings = make_settings(tmp_path, {"ingest.metadata_file": tmp_path / "none.toml"})
    summary = run_ingest(settings, [folder])
    assert summary.added == ["good.docx"]
    reasons = {Path(s.path).name: s.reason for s in summary.skipped}
    assert set(reasons) == {"empty.txt", "binary.txt", "scan.pdf", "broken.docx", "table.xlsx"}
    assert "rỗng" in reasons["empty.txt"]
    assert "nhị phân" in reasons["binary.txt"]
    assert "OCR" in reasons["scan.pdf"]
    assert ".docx" in reasons["broken.docx"]
    assert "chưa được hỗ trợ" in reasons["table.xlsx"]


def test_reader_errors_are_clear():
    with pytest.raises(SourceFileError, match="không mở được|rỗng"):
        read_source(Path("/nonexistent/file.txt"))


def test_a_changed_file_is_segmented_again_and_the_others_words_are_reused(tmp_path, monkeypatch):
    """BM25 is rebuilt whole on every ingest; the words of clauses whose text did not change come from the last
    build (bm25/words.jsonl.gz), so only new text goes through underthesea, and the index is the same as a
    rebuild from nothing."""
    import numpy as np
    from nghiquyet.core.textnorm import fold
    from nghiquyet.index import tokenizer
    from nghiquyet.index.store import load_index

    from tests.conftest import fake_settings

    folder = tmp_path / "in"
    folder.mkdir()
    write_docx(folder / "a.docx", PLAN_TEXT)
    other = folder / "b.txt"
    other.write_text("Tỉnh Cà Mau triển khai nền tảng học tập số cho cán bộ, công chức, viên chức.", encoding="utf-8")
    settings = fake_settings(tmp_path, {"ingest.metadata_file": tmp_path / "none.toml"})
    run_ingest(settings, [folder])

    segmented: list[str] = []
    real_segment = tokenizer._segment

    def counting(folded: str) -> tuple[str, ...]:
        segmented.append(folded)
        return real_segment(folded)

    tokenizer._segment.cache_clear()  # as in a new process: nothing segmented yet
    monkeypatch.setattr(tokenizer, "_segment", counting)
    other.write_text("Tỉnh Cà Mau đặt mục tiêu 90% hồ sơ công việc được xử lý trên môi trường mạng.", encoding="utf-8")
    assert run_ingest(settings, [folder]).updated == ["b.txt"]
    after = load_index(settings.index_dir)
    new_texts = {fold(c.index_text) for c in after.chunks if c.doc_id.startswith("b-")}
    assert segmented and set(segmented) <= new_texts  # the embedder and BM25 read only b.txt's new clauses
    assert len(after.chunks) > 2 * len(new_texts)

    monkeypatch.setattr(tokenizer, "_segment", real_segment)
    rebuilt_settings = fake_settings(tmp_path / "rebuilt", {"ingest.metadata_file": tmp_path / "none.toml"})
    run_ingest(rebuilt_settings, [folder])
    rebuilt = load_index(rebuilt_settings.index_dir)
    for question in ("hồ sơ công việc trên môi trường mạng", "chuyển đổi số", "Cà Mau"):
        scores, rows = after.bm25.search(question, 10)
        again_scores, again_rows = rebuilt.bm25.search(question, 10)
        assert len(rows) and list(rows) == list(again_rows) and np.allclose(scores, again_scores)


def test_a_new_tokenizer_tokenizes_every_clause_again_and_keeps_the_vectors(tmp_path, monkeypatch):
    """A new normaliser or tokenizer changes BM25's words, not the embeddings: an index built with the old one
    is refused by search with a message saying to run ingest, and that ingest segments every clause again and
    embeds none (before, it rebuilt from nothing, every vector included)."""
    import json

    import numpy as np
    from nghiquyet.core.errors import TokenizerChangedError
    from nghiquyet.core.textnorm import fold
    from nghiquyet.index import tokenizer
    from nghiquyet.index.store import MANIFEST, current_build, load_index, versions

    from tests.conftest import fake_settings

    folder = tmp_path / "in"
    folder.mkdir()
    write_docx(folder / "a.docx", PLAN_TEXT)
    settings = fake_settings(tmp_path, {"ingest.metadata_file": tmp_path / "none.toml"})
    first = run_ingest(settings, [folder])
    assert first.embedded > 3
    built = load_index(settings.index_dir)
    manifest_path = current_build(settings.index_dir) / MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["tokenizer"] = "underthesea-words+bigrams/0"  # as an index built before the normaliser changed
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(TokenizerChangedError, match="`nghiquyet ingest`"):
        load_index(settings.index_dir, versions(manifest["embedder"]["name"], manifest["embedder"]["dim"]))

    segmented: list[str] = []
    real_segment = tokenizer._segment

    def counting(folded: str) -> tuple[str, ...]:
        segmented.append(folded)
        return real_segment(folded)

    tokenizer._segment.cache_clear()
    monkeypatch.setattr(tokenizer, "_segment", counting)
    again = run_ingest(settings, [folder])
    assert again.embedded == 0 and again.documents == first.documents and again.chunks == first.chunks
    after = load_index(settings.index_dir)
    assert after.manifest["tokenizer"] == tokenizer.TOKENIZER_VERSION
    assert {fold(c.index_text) for c in after.chunks} <= set(segmented)  # every clause tokenized again
    assert np.allclose(after.vectors.vectors(), built.vectors.vectors())
    scores, rows = after.bm25.search("hạ tầng số", 5)
    assert len(rows) and "hạ tầng số" in after.chunks[rows[0]].index_text.lower()


def test_rerun_is_a_noop_and_a_changed_file_replaces_exactly_its_documents(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    write_docx(folder / "a.docx", PLAN_TEXT)
    other = folder / "b.txt"
    other.write_text("Tỉnh Cà Mau triển khai nền tảng học tập số cho cán bộ, công chức, viên chức.\n"
                     "Kết quả bước đầu cho thấy hơn 5.000 người đã tham gia học tập trên nền tảng.", encoding="utf-8")
    settings = make_settings(tmp_path, {"ingest.metadata_file": tmp_path / "none.toml"})
    first = run_ingest(settings, [folder])
    assert sorted(first.added) == ["a.docx", "b.txt"]
    from nghiquyet.index.store import current_build, load_index

    build = current_build(settings.index_dir)
    again = run_ingest(settings, [folder])
    assert not again.changed and sorted(again.unchanged) == ["a.docx", "b.txt"]
    assert current_build(settings.index_dir) == build  # nothing rewritten

    before = load_index(settings.index_dir)
    a_ids = {c.chunk_id for c in before.chunks if c.doc_id.startswith("a-")}
    other.write_text("Tỉnh Cà Mau đặt mục tiêu 90% hồ sơ công việc được xử lý trên môi trường mạng.", encoding="utf-8")
    third = run_ingest(settings, [folder])
    assert third.updated == ["b.txt"] and third.unchanged == ["a.docx"]
    assert third.embedded == 2  # the new clause and the new card: nothing else is embedded again
    after = load_index(settings.index_dir)
    assert {c.chunk_id for c in after.chunks if c.doc_id.startswith("a-")} == a_ids
    texts = " ".join(c.text for c in after.chunks if c.doc_id.startswith("b-"))
    assert "90% hồ sơ" in texts and "5.000 người" not in texts

    other.unlink()
    fourth = run_ingest(settings, [folder])
    assert fourth.removed == ["b.txt"]
    assert all(not c.doc_id.startswith("b-") for c in load_index(settings.index_dir).chunks)
