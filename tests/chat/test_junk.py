"""Replies with nothing to check that are still not answers: loops and copied document cards."""

import json

from nghiquyet.chat.junk import copied_card, junk_reason, repeated_fragment, restated_question

from tests.conftest import REPO

LOOP = " ".join(["Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành triển khai thực hiện [1]."] * 18)
CARD = ("Văn bản: Kế hoạch thực hiện công tác bầu cử\nLoại: kế hoạch\nSố hiệu: 16/KH-MTTQ-BTT\n"
        "Ngày ban hành: 18/11/2025\nNgười ký: Lan Thị Vân [1]")


def test_a_sentence_repeated_over_and_over_is_a_loop():
    assert repeated_fragment(LOOP).startswith("ủy ban nhân dân tỉnh")
    assert "lặp đi lặp lại" in junk_reason(LOOP)
    phrase_loop = "Kết quả: " + "đẩy mạnh chuyển đổi số toàn diện, " * 6
    assert repeated_fragment(phrase_loop)


def test_a_copied_document_card_is_not_an_answer():
    assert copied_card(CARD)
    assert "chép lại" in junk_reason(CARD)


def test_real_answers_pass_even_with_lists_and_a_signer():
    assert junk_reason("Quy mô kinh tế số của tỉnh Sóc Trăng đến năm 2030 đạt tối thiểu 30% GRDP [1].") is None
    listing = ("Các nhiệm vụ gồm: (1) hoàn thiện thể chế [1]; (2) phát triển hạ tầng số [1]; (3) đào tạo nhân "
               "lực [2]; (4) thu hút doanh nghiệp công nghệ [2].")
    assert junk_reason(listing) is None
    assert junk_reason("Kế hoạch 16/KH-MTTQ-BTT do bà Lan Thị Vân, Phó Chủ tịch, ký [1].") is None


def test_a_looping_reply_is_replaced_by_quotes_and_says_why(fake_index, fake_retriever):
    from nghiquyet.chat.answer import AnswerService

    from tests.fakes import ScriptedGenerator

    settings, _ = fake_index
    service = AnswerService(fake_retriever, settings.evolve({"generation.table_answers": False}),
                            generator=ScriptedGenerator(LOOP))
    answer = service.ask("Tỉnh Sóc Trăng giao nhiệm vụ gì cho Sở Khoa học và Công nghệ?")
    assert answer.mode == "extractive" and not answer.refused
    assert any("lặp đi lặp lại" in note for note in answer.notes)
    assert answer.text.count("Ủy ban nhân dân tỉnh chỉ đạo các sở") == 0
    assert answer.replaced == "junk"  # what the eval counts as a junk reply caught


def test_another_provinces_clauses_are_left_out_of_the_evidence(fake_index, fake_retriever):
    from nghiquyet.chat.answer import AnswerService

    from tests.fakes import ScriptedGenerator

    settings, _ = fake_index
    service = AnswerService(fake_retriever, settings, generator=ScriptedGenerator("Không rõ [1]."))
    prepared = service.prepare("Tỉnh Quảng Trị đặt mục tiêu quy mô kinh tế số bao nhiêu phần trăm GRDP?")
    assert all(h.document.province in (None, "Quảng Trị") or "quảng trị" in h.text.lower() for h in prepared.hits)
    assert prepared.verdict is not None or any("Sóc Trăng" in note for note in prepared.notes)


def test_a_question_naming_two_provinces_keeps_both(fake_index, fake_retriever):
    from nghiquyet.chat.answer import AnswerService

    from tests.fakes import ScriptedGenerator

    settings, _ = fake_index
    service = AnswerService(fake_retriever, settings, generator=ScriptedGenerator("Không rõ [1]."))
    prepared = service.prepare("Quảng Trị và Sóc Trăng thực hiện Nghị quyết 57 bằng chương trình hành động số mấy?")
    assert not any("Đã bỏ" in note for note in prepared.notes)


def test_a_reply_stringing_evidence_headers_together_is_junk():
    # Recorded from the default model on a real plan: the prompt's "document — section" labels copied as prose.
    headers = ["[1] Kế hoạch số 3260-KH/ĐĐQH15, cấp quốc gia — Thông tin văn bản",
               "[5] Kết luận số 75-KL/TW, cấp quốc gia — Sau hơn 13 năm thực hiện Nghị quyết số 24-NQ/TW"]
    reply = ("Kế hoạch số 3260-KH/ĐĐQH15, cấp quốc gia — Thông tin văn bản [1] và Kết luận số 75-KL/TW, cấp quốc "
             "gia — Sau hơn 13 năm thực hiện Nghị quyết số 24-NQ/TW [5] đều mang số 57-NQ/TW.")
    assert "nhãn đoạn trích" in junk_reason(reply, headers)
    # naming the document in its own words is an answer
    own_words = "Kế hoạch số 3260-KH/ĐĐQH15 do Đảng đoàn Quốc hội ban hành ngày 10/01/2025 [1]."
    assert junk_reason(own_words, headers) is None


# Recorded from the fast model (free mode) on the real-documents-3 dev set: the question restated with one slot
# filled, or not at all; each passed the figure check ("năm 2026" is in the clause) and was shown as generated.
RESTATED = [
    ("Trong kế hoạch CCHC 2026-2030 của Lâm Đồng, việc triển khai ứng dụng AI trong công tác giám sát an ninh mạng "
     "giao cho ai chủ trì, ai phối hợp và thời hạn là bao giờ?",
     "[1] Trong kế hoạch CCHC 2026-2030 của Lâm Đồng, việc triển khai ứng dụng AI trong công tác giám sát an ninh "
     "mạng giao cho ai chủ trì, ai phối hợp và thời hạn là năm 2026."),
    ("Trong kết quả Chỉ số CCHC năm 2025 các sở của Lâm Đồng, sở nào xếp cuối và bị xếp loại gì?",
     "Trong kết quả Chỉ số CCHC năm 2025 các sở của Lâm Đồng, sở nào xếp cuối và bị xếp loại là Sở Tài chính."),
]


def test_a_reply_restating_the_question_is_junk():
    for question, reply in RESTATED:
        assert "nhắc lại câu hỏi" in junk_reason(reply, [], question)
    question, reply = RESTATED[0]
    assert "giao cho ai" in restated_question(reply, question)


def test_answers_sharing_the_questions_words_are_not_restatements():
    # "AI" is an acronym, "bao gồm" is not "bao nhiêu", an English relative "which" does not ask.
    assert restated_question("Việc triển khai ứng dụng AI trong công tác giám sát an ninh mạng giao Công an tỉnh "
                             "chủ trì, thời hạn năm 2026 [1].", RESTATED[0][0]) is None
    assert restated_question("Kế hoạch kiểm tra cải cách hành chính năm 2026 bao gồm kiểm tra theo chuyên đề [1].",
                             "Kế hoạch kiểm tra cải cách hành chính năm 2026 bao gồm những nội dung nào?") is None
    assert restated_question("The agency which chairs the steering committee is the Department of Science [1].",
                             "Which agency chairs the steering committee on data?") is None
    assert restated_question("Which agency chairs the steering committee on data",
                             "Which agency chairs the steering committee on data?")


def test_no_gold_answer_of_the_real_document_sets_restates_its_question():
    for name in ("real-documents", "real-documents-3"):
        for line in (REPO / "shared" / name / "questions.jsonl").read_text(encoding="utf-8").splitlines():
            item = json.loads(line)
            if item.get("answer"):
                assert restated_question(item["answer"], item["question"]) is None, item["id"]


def test_a_restated_question_is_replaced_by_quotes_and_says_why(fake_index, fake_retriever):
    from nghiquyet.chat.answer import AnswerService

    from tests.fakes import ScriptedGenerator

    settings, _ = fake_index
    question = "Tỉnh Sóc Trăng giao nhiệm vụ gì cho Sở Khoa học và Công nghệ?"
    reply = "Tỉnh Sóc Trăng giao nhiệm vụ gì cho Sở Khoa học và Công nghệ là chủ trì tham mưu [1]."
    service = AnswerService(fake_retriever, settings.evolve({"generation.table_answers": False}),
                            generator=ScriptedGenerator(reply))
    answer = service.ask(question)
    assert answer.mode == "extractive" and not answer.refused
    assert any("nhắc lại câu hỏi" in note for note in answer.notes) and "giao nhiệm vụ gì" not in answer.text
