"""Real documents nobody on the team wrote (shared/real-documents: 23 documents from 17 issuers, with
provenance and hand-checked metadata): ingestion reads their metadata, keeps their text and attachments,
and the questions about them (appendices and table rows included) find their evidence. A scanned page goes
through OCR to a cited answer."""

from __future__ import annotations

import json

import pytest
from nghiquyet.core.lexicon import load_provinces
from nghiquyet.eval.metadata import check_documents, field_accuracy, load_expected
from nghiquyet.ingest.metadata import MetadataOverrides
from nghiquyet.ingest.parse import parse_source

from tests.conftest import DATA, REPO, fake_settings

REAL = REPO / "shared" / "real-documents"
SCAN = REAL / "files" / "qd-46-qd-bcdcchc-2021-scan.pdf"
PROVINCES = load_provinces(DATA / "provinces.toml")
# Floors under what was measured (see the closing note of the real-documents issue); OCR'd text (kl-75) is
# the usual miss.
FIELD_FLOORS = {"kind": 0.95, "number": 0.95, "issuer": 0.9, "parent_issuer": 0.95, "level": 0.95, "province": 0.85,
                "place": 0.9, "date": 0.95, "title": 0.85, "signer": 0.9, "signer_role": 0.9}


@pytest.fixture(scope="module")
def parsed(tmp_path_factory):
    """Every text file of the set (the scan is read in its own test), parsed as a new user would: no
    metadata file."""
    settings = fake_settings(tmp_path_factory.mktemp("real")).ingest
    expected = [e for e in load_expected(REAL / "expected.toml") if e["file"] != SCAN.name]
    documents, chunks = [], []
    for name in sorted({e["file"] for e in expected}):
        found, pieces = parse_source(REAL / "files" / name, MetadataOverrides({}), PROVINCES, settings)
        documents += found
        chunks += pieces
    return expected, documents, chunks


@pytest.mark.integration
def test_metadata_of_documents_from_many_issuers(parsed):
    expected, documents, _ = parsed
    checks = check_documents(expected, documents)
    assert all(check.found for check in checks), [c.file for c in checks if not c.found]
    accuracy = field_accuracy(checks)
    low = {name: round(value, 2) for name, value in accuracy.items() if value < FIELD_FLOORS.get(name, 0)}
    assert not low, low


@pytest.mark.integration
def test_text_and_attachments_are_kept(parsed):
    expected, documents, chunks = parsed
    for document in documents:
        kept = document.coverage["indexed"] + document.coverage["on_purpose"]
        assert kept >= 0.98, (document.source, document.coverage)
    for check in check_documents(expected, documents):
        assert check.parts_found >= check.parts_expected, (check.file, check.parts_found, check.parts_expected)
    resolution = next(d for d in documents if d.number == "03/NQ-CP")
    assert any(part.startswith("CHƯƠNG TRÌNH HÀNH ĐỘNG") for part in resolution.parts)
    appendix = [c for c in chunks if c.doc_id == resolution.doc_id and c.heading_path[0].startswith("PHỤ LỤC I")]
    assert appendix and any(c.table and "Chỉ tiêu" in c.table for c in appendix)


@pytest.mark.integration
def test_table_rows_carry_their_headers_and_pdf_pages_their_number(parsed):
    _, documents, chunks = parsed
    rows = [c for c in chunks if c.table]
    assert len(rows) > 50
    decree = next(d for d in documents if d.number == "335/2025/NĐ-CP")
    criteria = [c for c in rows if c.doc_id == decree.doc_id and "Tiêu chí chấm điểm" in (c.table or "")]
    assert criteria and all(c.pages == [16] for c in criteria)
    assert "Điểm tối đa:" in criteria[1].text


@pytest.mark.integration
def test_questions_about_real_documents_find_their_evidence(tmp_path):
    import shutil

    from nghiquyet.eval.command import run_eval_command

    settings = fake_settings(tmp_path)
    folder = tmp_path / "files"
    shutil.copytree(REAL / "files", folder, ignore=shutil.ignore_patterns(SCAN.name))  # the scan has its own test
    questions = tmp_path / "q.jsonl"
    rows = [json.loads(line) for line in (REAL / "questions.jsonl").read_text(encoding="utf-8").splitlines()]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows if r["file"] != SCAN.name),
                         encoding="utf-8")
    kept = tmp_path / "kept"
    summaries = []
    for run in ("first", "again"):  # the second run reuses the kept index: nothing is ingested again
        report = run_eval_command(settings, questions, True, tmp_path / run, systems=("bm25",),
                                  corpus_dir=folder, expected=REAL / "expected.toml", corpus_index=kept)
        summaries.append(json.loads((report.parent / "report.json").read_text(encoding="utf-8"))["summary"][0])
        builds = sorted((kept / "index").glob("build-*"))
        assert len(builds) == 1, builds  # one build: the first run's, not rebuilt by the second
    # BM25 alone (no embedder here), 1500 characters of context: measured 70% with the scan's questions in (23rd
    # session, `nghiquyet eval … --systems bm25`); the floor sits under it.
    assert summaries[0]["recall_in_budget"] >= 0.65, summaries[0]["recall_in_budget"]
    assert summaries[1]["recall_in_budget"] == summaries[0]["recall_in_budget"]
    assert "Real documents" in report.read_text(encoding="utf-8")


@pytest.mark.integration
def test_a_scanned_page_is_read_by_ocr_and_answers_with_its_page(tmp_path):
    from nghiquyet.chat.answer import AnswerService
    from nghiquyet.index.retriever import HybridRetriever
    from nghiquyet.ingest.pipeline import run_ingest
    from pypdf import PdfReader, PdfWriter

    page = PdfWriter()
    page.add_page(PdfReader(str(SCAN)).pages[0])
    folder = tmp_path / "data"
    folder.mkdir()
    with (folder / "qd-46-trang-1.pdf").open("wb") as handle:
        page.write(handle)
    settings = fake_settings(tmp_path, {"data_dir": folder, "ingest.metadata_file": tmp_path / "none.toml"})
    summary = run_ingest(settings, [folder])
    assert summary.added == ["qd-46-trang-1.pdf"], summary.skipped
    retriever = HybridRetriever.from_settings(settings)
    (document,) = retriever.corpus.documents.values()
    assert document.kind == "quyết định" and document.number and document.number.startswith("46")
    # The motto OCR read as "CÓNG HÒA …" on the issuer's lines is no part of its name; "CHÍNH PHÙ" is still national.
    assert document.place == "Hà Nội" and document.level == "quốc gia"
    assert "hòa" not in (document.issuer or "").lower()
    # "Nưi nhận:" closes the decision; the signer's name, OCR'd onto the "- Lưu:" line beside it, is read from there.
    assert document.signer == "Trương Hòa Bình"
    assert not any(c.text.startswith(("Nưi nhận", "- Lưu", "TRƯỜNG BAN")) or c.section.startswith("TRƯỜNG BAN")
                   for c in retriever.corpus.chunks)
    assert document.ocr and document.ocr[0]["confidence"] > 60
    from nghiquyet.core.reading import document_notes  # what `nghiquyet docs` and the Văn bản tab show

    (ocr_note,) = [line for line in document_notes(document) if line.startswith("Nhận dạng chữ (OCR): 1 trang")]
    assert f"từng trang: tr. 1: {document.ocr[0]['confidence']:.0f}%" in ocr_note
    answer = AnswerService(retriever, settings).ask("Quyết định 46 ban hành kế hoạch kiểm tra công tác gì?",
                                                     use_model=False)
    assert not answer.refused and "cải cách hành chính" in answer.text
    assert answer.citations and answer.citations[0].pages == [1]


def test_a_pdf_whose_text_layer_gives_a_word_per_line_is_read_by_line(tmp_path):
    """Google Docs' PDF export draws each word as its own text object, and pypdf's text gives one word per line
    (shared/real-documents-4: Hội Sinh viên's đề án, 3,782 one-word blocks): no header, no sentence, the document
    typed a news article. Read by the words' places, its header gives kind, title, issuer under its parent and
    place, as the hand-checked values have them, and its sentences are whole."""
    folder = REPO / "shared" / "real-documents-4"
    name = "hcm_spkt_hoisinhvien_dean_nhansu_2025.pdf"
    (expected,) = [e for e in load_expected(folder / "expected.toml") if e["file"] == name]
    documents, chunks = parse_source(folder / "files" / name, MetadataOverrides({}),
                                     PROVINCES, fake_settings(tmp_path).ingest)
    (check,) = check_documents([expected], documents)
    wrong = {field: check.detected[field] for field, right in check.fields.items() if not right}
    assert not wrong, wrong
    assert any("Căn cứ Điều lệ và Hướng dẫn thực hiện Điều lệ Hội Sinh viên Việt Nam" in c.text for c in chunks)
    # a line that opens with a decimal ("7.0/10 trở lên", wrapped after "đạt từ") goes on; it is no item "7."
    assert any("đạt từ 7.0/10 trở lên" in c.text for c in chunks)
    assert not any("7." in c.heading_path for c in chunks if "0/10" in c.text)
    assert any("đọc lại theo vị trí chữ" in note for note in documents[0].reading)  # and says so
