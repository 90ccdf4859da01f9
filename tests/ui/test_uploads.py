"""Uploads: checked one by one, ingested into the live index, searchable without a restart."""

from __future__ import annotations

from pathlib import Path

import pytest
from nghiquyet.index.retriever import HybridRetriever
from nghiquyet.ui.state import AppState
from nghiquyet.ui.uploads import safe_name

from tests.conftest import BUNDLE
from tests.ui.conftest import ui_settings_in
from tests.ui.test_browser import make_plan_docx

QUESTION = "Xã Long Phú lắp đặt bao nhiêu ki-ốt tra cứu thủ tục hành chính?"


@pytest.fixture
def state(tmp_path: Path, corpus_index, embedder) -> AppState:
    corpus_settings, _ = corpus_index
    settings = ui_settings_in(tmp_path, corpus_settings.index_dir, {"ui.upload_max_mb": 1})
    return AppState(settings, retriever=HybridRetriever.from_settings(settings, embedder=embedder))


def test_good_file_is_searchable_at_once_and_bad_ones_are_reported(state: AppState, tmp_path: Path):
    plan = make_plan_docx(tmp_path / "ke-hoach-kiot.docx")
    broken = tmp_path / "hong.pdf"
    broken.write_bytes(b"%PDF-1.4 truncated")
    script = tmp_path / "virus.exe"
    script.write_bytes(b"MZ\x90\x00")
    empty = tmp_path / "trong.txt"
    empty.write_text("")
    big = tmp_path / "lon.txt"
    big.write_text("Nội dung rất dài. " * 80_000, encoding="utf-8")
    report = state.upload([(plan, plan.name), (broken, broken.name), (script, script.name), (empty, empty.name),
                           (big, big.name)])
    verdicts = {v.name: v for v in report.verdicts}
    assert verdicts["ke-hoach-kiot.docx"].ok and "1 văn bản" in verdicts["ke-hoach-kiot.docx"].message
    assert not verdicts["hong.pdf"].ok and "PDF" in verdicts["hong.pdf"].message
    assert not verdicts["virus.exe"].ok and ".exe" in verdicts["virus.exe"].message
    assert not verdicts["trong.txt"].ok and "rỗng" in verdicts["trong.txt"].message
    assert not verdicts["lon.txt"].ok and "1 MB" in verdicts["lon.txt"].message
    # Only the good file is kept; the broken one is not left behind to fail every later ingest.
    stored = sorted(p.name for p in state.settings.ui.upload_dir.iterdir())
    assert stored == [".ke-hoach-kiot.docx.upload.json", "ke-hoach-kiot.docx"]  # the file, and who added it when

    answer = state.library.service.ask(QUESTION, use_model=False)
    assert "12 ki-ốt" in answer.text and answer.citations[0].doc_number == "15/KH-UBND"
    # The corpus is all still there.
    assert {"57-NQ/TW", "67-CTr/TU", "15/KH-UBND"} <= {d.number for d in state.documents()}


def test_reupload_updates_and_a_broken_reupload_keeps_the_good_version(state: AppState, tmp_path: Path):
    plan = make_plan_docx(tmp_path / "ke-hoach-kiot.docx")
    assert state.upload([(plan, plan.name)]).verdicts[0].ok
    broken = tmp_path / "broken" / "ke-hoach-kiot.docx"
    broken.parent.mkdir()
    broken.write_bytes(b"PK\x03\x04 not a real docx")
    report = state.upload([(broken, broken.name)])
    assert not report.verdicts[0].ok
    stored = state.settings.ui.upload_dir / "ke-hoach-kiot.docx"
    assert stored.read_bytes() == plan.read_bytes()
    assert "12 ki-ốt" in state.library.service.ask(QUESTION, use_model=False).text


def test_a_name_already_in_the_corpus_is_refused(state: AppState, tmp_path: Path):
    clash = tmp_path / BUNDLE.name
    clash.write_text("Nội dung khác hẳn.", encoding="utf-8")
    verdict = state.upload([(clash, clash.name)]).verdicts[0]
    assert not verdict.ok and "đổi tên" in verdict.message
    assert any(d.number == "57-NQ/TW" for d in state.documents())


def test_safe_name_drops_folders_and_control_characters():
    assert safe_name("../../etc/passwd.TXT") == "passwd.txt"
    assert safe_name("C:\\Users\\a\\Kế hoạch\x00.docx") == "Kế hoạch_.docx"
    assert safe_name(".docx") == "tai-lieu.docx"
    assert safe_name("..hidden.txt") == "hidden.txt"


@pytest.fixture
def login_state(tmp_path: Path, fake_index) -> AppState:
    """A UI with a login and one editor, over a private copy of the corpus indexed with the fake embedder."""
    base, _ = fake_index
    settings = ui_settings_in(tmp_path, base.index_dir, {
        "index.embedder": "fake-hash", "ui.username": "canbo", "ui.password": "mk", "ui.editors": "bientap",
        "ui.sessions_dir": tmp_path / "sessions"})
    return AppState(settings)


def test_a_reader_s_uploads_stay_in_their_session_and_an_editor_s_go_to_everyone(login_state: AppState,
                                                                                  tmp_path: Path):
    from nghiquyet.ui.state import Session

    reader, other, editor = Session("s1", "canbo"), Session("s2", "canbo"), Session("s3", "bientap")
    plan = make_plan_docx(tmp_path / "ke-hoach-kiot.docx")
    report = login_state.upload([(plan, "ke-hoach-kiot.docx")], reader)
    assert report.private and all(v.ok for v in report.verdicts) and "chỉ dùng trong phiên" in report.to_markdown()
    numbers = {s: {d.number for d in login_state.documents(s)} for s in (reader, other, None)}
    assert "15/KH-UBND" in numbers[reader] and "15/KH-UBND" not in numbers[other] | numbers[None]
    assert any(h.document.number == "15/KH-UBND" for h in login_state.prepare(QUESTION, [], None, reader).hits)
    assert not any(h.document.number == "15/KH-UBND" for h in login_state.prepare(QUESTION, [], None, other).hits)
    mine = next(d for d in login_state.documents(reader) if d.number == "15/KH-UBND")
    assert mine.uploaded_by == "canbo" and mine.uploaded_at

    shared = login_state.upload([(plan, "ke-hoach-kiot.docx")], editor)
    assert not shared.private and all(v.ok for v in shared.verdicts)
    assert "15/KH-UBND" in {d.number for d in login_state.documents(other)}
    published = next(d for d in login_state.documents(None) if d.number == "15/KH-UBND")
    assert published.uploaded_by == "bientap"


def test_without_a_login_uploads_are_shared(tmp_path: Path, fake_index):
    base, _ = fake_index
    state = AppState(ui_settings_in(tmp_path, base.index_dir, {"index.embedder": "fake-hash"}))
    from nghiquyet.ui.state import Session

    assert state.may_publish(Session("x", None)) and state.may_publish(None)
