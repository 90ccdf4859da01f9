"""Appendix tables whose rows are grouped under Roman-numbered rows, from real plans (shared/real-documents-3):
a question about one group's rows gets that group's list, from the document it names, not a list of another
document's appendix of the same number."""

from __future__ import annotations

import json

import pytest
from nghiquyet.chat.answer import AnswerService
from nghiquyet.chat.gate import GateThresholds

from tests.conftest import real_document_retriever
from tests.fakes import ScriptedGenerator

FILES = ("lamdong_ubnd_kh_kiemtra_cchc_2026.docx", "lamdong_ubnd_kh_cchc_2026_2030.docx",
         "lamdong_ubnd_qd_congbo_chiso_cchc_2025.docx")


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory):
    return real_document_retriever(tmp_path_factory.mktemp("groups"), *FILES, collection="real-documents-3")


def test_the_rows_of_the_group_asked_about_are_listed_from_the_plan_named(plans):
    """The inspection plan's Phụ lục I lists 4 provincial departments under "I | Cơ quan chuyên môn cấp tỉnh" and
    25 communes under "II | Ủy ban nhân dân cấp xã"; the decision's Phụ lục I is a table of index scores. The
    decision's appendix outline was the answer before."""
    question = ("Phụ lục I kèm Kế hoạch kiểm tra CCHC năm 2026 của Lâm Đồng liệt kê những cơ quan chuyên môn cấp "
                "tỉnh nào được kiểm tra?")
    answer = AnswerService(plans, plans.settings).ask(question, use_model=False)
    assert all(unit in answer.text for unit in ("Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Sở Công Thương"))
    # the group's outline, or (rule group_rows) its rows whole, each cited: nothing of the communes' group
    assert "Xã Đam Rông 3" not in answer.text and all(
        "I. Cơ quan chuyên môn cấp tỉnh" in citation.section for citation in answer.citations), answer.text


def test_the_groups_of_a_task_table_are_its_outline(plans):
    """The plan's task appendix groups its tasks by field (I. Cải cách thể chế … VII. Công tác chỉ đạo, điều hành
    CCHC): the fields are the outline of the appendix, and each task row carries its field."""
    outline = next(c for c in plans.data.chunks if c.kind == "outline" and "I. Cải cách thể chế" in c.text)
    assert "IV. Cải cách chế độ công vụ" in outline.text and "V. Cải cách tài chính công" in outline.text
    row = next(c for c in plans.data.chunks if c.kind == "clause" and "Trung tâm IOC vào hoạt động" in c.text
               and c.text.startswith("STT"))
    assert row.heading_path[-2] == "VI. Xây dựng và phát triển chính quyền điện tử, chính quyền số"


def test_which_one_ranks_first_or_last_is_read_from_the_tables_rank_column(tmp_path_factory):
    """A decision publishing an administrative-reform index ranks 14 departments and 124 communes ("Thứ hạng: 14
    | Đơn vị: Sở Ngoại vụ | … | Xếp loại: TRUNG BÌNH"). The 14th row shares no more words with "sở nào xếp cuối?"
    than the other thirteen, so another row was quoted; the rank column now says which row is last or first."""
    from nghiquyet.core.lexicon import row_rank

    assert row_rank("Thứ hạng: 14 | Đơn vị: Sở Ngoại vụ | Chỉ số chung: 60,43%") == 14
    assert row_rank("STT: 14 | Đơn vị: Sở Ngoại vụ") is None  # a row number is not a rank
    retriever = real_document_retriever(tmp_path_factory.mktemp("ranked"), FILES[2], collection="real-documents-3")
    # the score gate is calibrated for the real embedder; with the hashing one only BM25 can pass it, and it no
    # longer does for one table's rows since the appendix's label stopped appearing twice in every row's path
    service = AnswerService(retriever, retriever.settings, gate=GateThresholds(dense=0.0, sparse=0.0))
    last = service.ask("Trong kết quả Chỉ số CCHC năm 2025 các sở của Lâm Đồng, sở nào xếp cuối và bị xếp loại gì?",
                       use_model=False)
    assert "Thứ hạng: 14 | Đơn vị: Sở Ngoại vụ" in last.text and "TRUNG BÌNH" in last.text, last.text
    extremes = ("Theo Phụ lục II của Quyết định công bố Chỉ số CCHC năm 2025 tỉnh Lâm Đồng, xã nào dẫn đầu và xã nào "
                "thấp nhất?")
    both = service.ask(extremes, use_model=False)
    first, bottom = both.text.split("\n")[:2]
    assert "Thứ hạng: 1 | Đơn vị: UBND xã Tuyên Quang" in first and "Lạc Dương" in bottom, both.text
    plain = service.ask("Sở Tư pháp đạt chỉ số chung bao nhiêu?", use_model=False)  # no rank asked: as before
    assert "Sở Tư pháp" in plain.text.split("\n")[0]
    # A model that picks no sentence (the fast model on dev r3-016) is overruled: the ranked table retrieved answers
    # the question, so its first and last rows are quoted instead of "the documents do not say".
    silent = ScriptedGenerator(json.dumps({"sentences": [], "short_answer": "", "answer": ""}), schema=True)
    service = AnswerService(retriever, retriever.settings, silent, gate=GateThresholds(dense=0.0, sparse=0.0))
    answer = service.ask(extremes, mode="constrained")
    assert silent.calls == 1 and not answer.refused and "UBND xã Tuyên Quang" in answer.text, answer.text


def test_an_answer_naming_no_body_for_which_body_is_replaced_by_the_row_that_names_it(plans):
    """Recorded (fast model, constrained, dev r3-001): asked which body leads the IOC task and by when, it answered
    the date only, "Trung tâm IOC đi vào hoạt động trong quý I năm 2026" (the centre is what is asked about, not who
    leads it). The task's row names the body: "Văn phòng UBND tỉnh (Trung tâm Thông tin)"."""
    question = ("Theo Phụ lục phân công kèm Kế hoạch cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm "
                "Đồng, nhiệm vụ hoàn thành và đưa Trung tâm IOC vào hoạt động do cơ quan nào chủ trì và phải xong khi "
                "nào?")
    recorded = ScriptedGenerator(json.dumps({"sentences": [1, 2, 3, 4], "short_answer": "quý I năm 2026",
                                             "answer": "Trung tâm IOC đi vào hoạt động trong quý I năm 2026."}),
                                 schema=True)
    service = AnswerService(plans, plans.settings, recorded, gate=GateThresholds(dense=0.0, sparse=0.0))
    answer = service.ask(question, mode="constrained")
    assert recorded.calls == 1 and answer.mode == "extractive", answer.text
    assert "Văn phòng UBND tỉnh (Trung tâm Thông tin)" in answer.text and "Trong quý I năm 2026" in answer.text
    assert any("cơ quan, đơn vị" in note for note in answer.notes), answer.notes
