"""The app's wiring: filters from the controls, the shared queue under several users at once."""

from __future__ import annotations

import threading

from nghiquyet.core.models import SearchFilters
from nghiquyet.ui.controls import ALL, make_filters


def test_filters_from_the_controls():
    assert make_filters([], ALL, ALL) is None
    assert make_filters(None, None, None) is None
    assert make_filters(["004_3669f94fafab6ebe-1"], "quốc gia", "Sóc Trăng") == SearchFilters(
        docs=["004_3669f94fafab6ebe-1"], levels=["quốc gia"], provinces=["Sóc Trăng"])


def test_document_filter_keeps_answers_to_that_document(running_app):
    _, state = running_app
    national = next(d for d in state.documents() if d.number == "57-NQ/TW")
    answer = state.library.service.ask("Mục tiêu kinh tế số đến năm 2030 là gì?",
                                       filters=make_filters([national.doc_id], ALL, ALL), use_model=False)
    assert answer.evidence and {h.document.doc_id for h in answer.evidence} == {national.doc_id}
    assert all(c.doc_number == "57-NQ/TW" for c in answer.citations)


def test_several_users_at_once_all_get_answers(running_app):
    """Four clients on the UI's own streaming endpoint at the same time: none gets an error."""
    from gradio_client import Client

    url, _ = running_app
    questions = ["Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?",
                 "Đội tuyển bóng đá Việt Nam vô địch AFF Cup năm nào?",
                 "Nghị quyết 57 đặt mục tiêu quy mô kinh tế số đến năm 2030 là bao nhiêu?",
                 "Dân số Việt Nam năm 2024 là bao nhiêu?"]
    replies: dict[str, str] = {}

    def user(question: str) -> None:
        result = Client(url, verbose=False).predict(question, [], [], ALL, ALL, "fast", api_name="/ask")
        replies[question] = str(result[1][-1]["content"])

    threads = [threading.Thread(target=user, args=(q,)) for q in questions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert set(replies) == set(questions)
    assert not any(reply.startswith("⚠️") for reply in replies.values()), replies
    assert "30% GRDP" in replies[questions[0]]
    assert "không chứa thông tin" in replies[questions[1]]


def test_files_outside_the_apps_private_folder_are_never_served(running_app, tmp_path):
    import tempfile
    from pathlib import Path

    import httpx

    url, _ = running_app
    secret = Path(tempfile.mkstemp(prefix="bi-mat-", suffix=".txt")[1])
    secret.write_text("mật khẩu quản trị: hunter2", encoding="utf-8")
    try:
        for route in (f"gradio_api/file={secret}", f"file={secret}", f"gradio_api/file={tempfile.gettempdir()}/"):
            response = httpx.get(url + route, timeout=30)
            assert response.status_code != 200 and "hunter2" not in response.text, route
    finally:
        secret.unlink()
