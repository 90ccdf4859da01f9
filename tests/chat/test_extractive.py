"""The extractive answer quotes what the question asks for: a person for "ai …?", a time for "khi nào …?" (from a
document's card as readily as from a clause), a section's items for "những … nào?". Sentences are the bundled
corpus's own (the Thái Bình article, the Sóc Trăng guidance, Programme 67-CTr/TU)."""

import json

import pytest
from nghiquyet.chat.answer import AnswerService
from nghiquyet.chat.extractive import (
    _with_announced_items,
    best_sentences,
    covers,
    extractive_answer,
    supported,
)
from nghiquyet.core.lexicon import holds_time, person_names
from nghiquyet.core.models import Chunk, Document, Hit

from tests.fakes import ScriptedGenerator

NEWS = Document("tb", "tb.txt", 0, "UBND tỉnh họp nghe báo cáo dự thảo đề án Phát triển khoa học và công nghệ tỉnh "
                "Thái Bình", "bài báo", None, level="tỉnh", province="Thái Bình")
GUIDE = Document("hd", "hd.txt", 1, "Hướng dẫn nghiên cứu, quán triệt, tuyên truyền Nghị quyết số 57-NQ/TW và "
                 "Chương trình số 67-CTr/TU", "hướng dẫn", None, level="tỉnh", province="Sóc Trăng")
MEETING = ("Chiều ngày 23/6, UBND tỉnh họp nghe Sở Khoa học và Công nghệ báo cáo dự thảo đề án Phát triển khoa học "
           "và công nghệ tỉnh Thái Bình giai đoạn 2021-2025, định hướng tới năm 2030. Đồng chí Trần Thị Bích Hằng, "
           "Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp. Dự họp có đại diện các sở, ngành, huyện, thành "
           "phố và một số đơn vị liên quan.")


def _hit(document: Document, kind: str, path: list[str], text: str, n: int) -> Hit:
    chunk = Chunk(f"{document.doc_id}#{n}", document.doc_id, kind, path, text, text, n, f"{document.doc_id}-c{n}")
    return Hit(chunk, document, 1.0 - n / 10)


@pytest.mark.parametrize("text, names", [
    ("Đồng chí Trần Thị Bích Hằng, Tỉnh ủy viên, Phó Chủ tịch UBND tỉnh chủ trì cuộc họp.", ["Trần Thị Bích Hằng"]),
    ("Ông Nguyễn Thành Duy thông tin thêm, mục tiêu đến năm 2030", ["Nguyễn Thành Duy"]),
    ("Đến dự có các đồng chí: Hồ Thị Cẩm Đào - Phó Bí thư Thường trực Tỉnh ủy", ["Hồ Thị Cẩm Đào"]),
    ("Sở Khoa học và Công nghệ tỉnh Lâm Đồng và Thành phố Hồ Chí Minh", []),  # bodies and places are not people
    ("Thể chế, nhân lực, hạ tầng, dữ liệu và công nghệ chiến lược là những nội dung trọng tâm", []),
])
def test_people_are_found_by_their_full_names(text, names):
    assert person_names(text) == names


@pytest.mark.parametrize("text, timed", [
    ("Hoàn thành trong Quý 2/2025.", True), ("Chiều ngày 23/6, UBND tỉnh họp", True),
    ("định kỳ 6 tháng báo cáo kết quả với Ban Chỉ đạo Trung ương", True),
    ("Tuyên truyền sâu rộng đến toàn thể cán bộ, đảng viên; công chức, viên chức.", False),
])
def test_times_are_found_in_running_text(text, timed):
    assert holds_time(text) is timed


def test_question_intents_are_read_once(fake_retriever):
    analyse = fake_retriever.analyse
    assert analyse("Ai chủ trì cuộc họp?").asks_who and not analyse("Ai chủ trì cuộc họp?").asks_when
    assert analyse("Who signed Programme 67-CTr/TU?").asks_who
    assert not analyse("Đối tượng tuyên truyền là những ai?").asks_who  # groups of people: a list
    assert not analyse("Ứng dụng AI trong chuyển đổi số ra sao?").asks_who  # artificial intelligence
    assert analyse("Việc quán triệt phải hoàn thành khi nào?").asks_when
    assert analyse("Báo cáo định kỳ bao lâu một lần?").asks_when
    assert analyse("Kế hoạch thực hiện Nghị quyết 57 mang số nào?").asks_number
    assert analyse("Số và ngày của công văn về khoáng sản?").asks_number
    assert not analyse("Chỉ số nào đo năng lực đổi mới sáng tạo?").asks_number  # an indicator, not a number
    assert analyse("Thông tư có hiệu lực từ ngày nào?").asks_day
    assert not analyse("Chương trình 67 đặt mục tiêu đến năm nào?").asks_day  # a year answers it


def test_who_question_quotes_the_sentence_that_names_the_person_not_the_best_worded_one(fake_retriever):
    query = fake_retriever.analyse("Ai chủ trì cuộc họp nghe báo cáo dự thảo đề án khoa học và công nghệ của tỉnh "
                                   "Thái Bình?")
    hits = [_hit(NEWS, "clause", ["đoạn 1"], MEETING, 1)]
    assert "Trần Thị Bích Hằng" in best_sentences(query, hits, limit=1)[0][0]
    assert "Trần Thị Bích Hằng" not in best_sentences(query, hits, limit=1, by_intent=False)[0][0]  # words alone


def test_when_question_quotes_the_deadline_from_a_lower_ranked_clause(fake_retriever):
    query = fake_retriever.analyse("Việc nghiên cứu, quán triệt, tuyên truyền Nghị quyết 57 và Chương trình 67 ở "
                                   "Sóc Trăng phải hoàn thành khi nào?")
    hits = [_hit(GUIDE, "clause", ["I. MỤC ĐÍCH, YÊU CẦU", "2. Yêu cầu"],
                 "- Tổ chức nghiên cứu, quán triệt, tuyên truyền Nghị quyết số 57-NQ/TW, Chương trình số 67-CTr/TU "
                 "phải được tiến hành kịp thời, khẩn trương, nghiêm túc, thiết thực, hiệu quả.", 1),
            _hit(GUIDE, "clause", ["III. HÌNH THỨC, ĐỐI TƯỢNG, THỜI GIAN", "3. Thời gian"],
                 "Hoàn thành trong Quý 2/2025.", 2)]
    text, citations = extractive_answer(query, hits)
    assert "“Hoàn thành trong Quý 2/2025.” [1]" in text and citations[0].section.endswith("3. Thời gian")


def test_a_time_about_something_else_is_not_quoted_for_a_when_question(fake_retriever):
    query = fake_retriever.analyse("Việc quán triệt Nghị quyết phải hoàn thành khi nào?")
    hits = [_hit(NEWS, "clause", ["đoạn 1"], MEETING, 1)]  # dated, but shares no word with the question
    assert best_sentences(query, hits, limit=1)[0][0] == best_sentences(query, hits, limit=1, by_intent=False)[0][0]


def test_who_signed_is_answered_from_the_card_of_the_document_asked_about(fake_index, fake_retriever):
    settings, _ = fake_index
    service = AnswerService(fake_retriever, settings, generator=ScriptedGenerator("unused"))
    answer = service.ask("Ai ký Chương trình số 67-CTr/TU?", mode="extractive")
    assert answer.mode == "extractive" and "Hồ Thị Cẩm Đào" in answer.text
    assert answer.citations[0].n == 1 and answer.citations[0].doc_number == "67-CTr/TU"


def test_list_question_quotes_the_items_of_the_section(fake_index, fake_retriever):
    settings, _ = fake_index
    service = AnswerService(fake_retriever, settings, generator=ScriptedGenerator("unused"))
    answer = service.ask("Chương trình 67-CTr/TU đề ra những nhóm nhiệm vụ, giải pháp nào?", mode="extractive")
    assert "mục này gồm:" in answer.text and answer.text.count("\n•") >= 5
    assert "hợp tác quốc tế" in answer.text and answer.citations[0].section.startswith("III- NHIỆM VỤ, GIẢI PHÁP")


@pytest.mark.parametrize("mode", ["free", "constrained"])
def test_a_list_question_gets_the_documents_list_not_the_models_one_item(fake_index, fake_retriever, mode):
    """Asked "những nhóm nhiệm vụ, giải pháp nào?", a small model names one group (a reply like the fast model's on
    dev, which every check passes: its words are the programme's). The section's items are quoted instead, and the
    model is not asked; with ``list_answers`` off the model's one item is what the user gets."""
    settings, _ = fake_index
    item = "Nâng cao nhận thức, đột phá về đổi mới tư duy"
    reply = json.dumps({"sentences": [], "short_answer": item, "answer": item}, ensure_ascii=False) \
        if mode == "constrained" else f"{item} [1]."
    question = "Chương trình 67-CTr/TU đề ra những nhóm nhiệm vụ, giải pháp nào?"
    for list_answers in (True, False):
        model = ScriptedGenerator(reply, schema=mode == "constrained")
        service = AnswerService(fake_retriever, settings.evolve({"generation.list_answers": list_answers}), model)
        answer = service.ask(question, mode=mode)
        if list_answers:
            assert model.calls == 0 and "mục này gồm:" in answer.text and answer.text.count("\n•") >= 5
        else:
            assert model.calls == 1 and answer.mode == "generated" and "\n•" not in answer.text


def test_coverage_is_read_on_the_words_not_the_intent(fake_retriever):
    query = fake_retriever.analyse("Ai chủ trì cuộc họp nghe báo cáo dự thảo đề án khoa học và công nghệ của tỉnh "
                                   "Thái Bình?")
    assert covers(query, [_hit(NEWS, "clause", ["đoạn 1"], MEETING, 1)])


def test_a_model_saying_not_found_is_overruled_when_a_sentence_holds_what_is_asked(fake_index, fake_retriever):
    settings, _ = fake_index
    settings = settings.evolve({"generation.table_answers": False})
    service = AnswerService(fake_retriever, settings, generator=ScriptedGenerator("KHÔNG TÌM THẤY"))
    signer = service.ask("Ai ký Chương trình số 67-CTr/TU?", mode="free")
    assert not signer.refused and "Hồ Thị Cẩm Đào" in signer.text  # the card names the signer
    money = service.ask("Tổng kinh phí để thực hiện Chương trình 67 là bao nhiêu tỷ đồng?", mode="free")
    assert money.refused  # no sentence gives an amount: the refusal stands


def test_support_needs_more_than_the_name_of_the_document(fake_retriever):
    """A false refusal the 0.5B model made on the dev set: the clause says "phủ sóng 5G" and comes from the
    programme the question names, so the question's other words are what must be covered."""
    query = fake_retriever.analyse("Chương trình 67 đặt mục tiêu gì về phủ sóng 5G?")
    ctr67 = Document(next(iter(query.mentioned_documents)), "ctr.txt", 0, "Chương trình số 67-CTr/TU", "chương trình",
                     "67-CTr/TU", level="tỉnh", province="Sóc Trăng")
    about_5g = _hit(ctr67, "clause", ["III- NHIỆM VỤ, GIẢI PHÁP"], "mạng thông tin di động 5G, 6G và các thế hệ "
                    "tiếp theo phủ sóng toàn tỉnh.", 1)
    unrelated = _hit(ctr67, "clause", ["IV- TỔ CHỨC THỰC HIỆN"], "Các cấp ủy tổ chức quán triệt Chương trình.", 1)
    assert supported(query, [about_5g]) and not supported(query, [unrelated])


def test_quotes_without_a_model_say_when_nothing_plainly_answers(fake_index, fake_retriever):
    """Refusing such questions outright was tried: it refused every unanswerable dev question and lost no dev
    answer, but lost answers on held-out 2; so they are quoted, with a warning (unless they lack what is asked,
    below)."""
    settings, _ = fake_index
    service = AnswerService(fake_retriever, settings, generator=ScriptedGenerator("unused"))
    unsure = service.ask("Sóc Trăng hợp tác với trường đại học nào về chuyển đổi số?", mode="extractive")
    assert unsure.mode == "extractive" and any("có thể không trả lời" in note for note in unsure.notes)
    sure = service.ask("Ai ký Chương trình số 67-CTr/TU?", mode="extractive")
    assert not sure.refused and not any("có thể không trả lời" in note for note in sure.notes)


def test_a_figure_asked_for_that_no_quote_holds_is_refused_with_the_closest_passages(fake_index, fake_retriever):
    # A dev question the bundled corpus cannot answer: the sentences nearest its words hold no figure. It was
    # quoted as the answer ("Phối hợp … bố trí nguồn lực, kinh phí để thực hiện.").
    settings, _ = fake_index
    settings = settings.evolve({"generation.table_answers": False})
    service = AnswerService(fake_retriever, settings, generator=ScriptedGenerator("unused"))
    answer = service.ask("Tổng kinh phí bằng tiền để thực hiện Chương trình 67 là bao nhiêu tỷ đồng?",
                         mode="extractive")
    assert answer.refused and answer.text.startswith("Các văn bản đã nạp không nêu con số này.")
    assert "Các đoạn gần nhất" in answer.text and answer.notes == ["Các câu gần nhất với câu hỏi không nêu con số "
                                                                   "được hỏi."]
    # The same kind of question answered by its quote is kept, the figure in words too.
    kept = service.ask("Đến năm 2030, Nghị quyết 57 đặt mục tiêu thu hút thêm bao nhiêu tổ chức, doanh nghiệp công "
                       "nghệ hàng đầu thế giới?", mode="extractive")
    assert not kept.refused and "ít nhất 3 tổ chức" in kept.text


def test_what_quotes_must_hold_for_a_figure_or_a_time(fake_retriever):
    from nghiquyet.chat.extractive import quotes_miss_asked

    ctr67 = Document("ctr67", "ctr.txt", 0, "Chương trình số 67-CTr/TU", "chương trình", "67-CTr/TU",
                     level="tỉnh", province="Sóc Trăng")

    def answer(question: str, path: list[str], sentence: str) -> str | None:
        text, citations = extractive_answer(fake_retriever.analyse(question), [_hit(ctr67, "clause", path,
                                                                                    sentence, 1)])
        return quotes_miss_asked(fake_retriever.analyse(question), text, citations)

    goal = ["II- MỤC TIÊU", "2. Mục tiêu cụ thể đến năm 2030", "(3)"]
    # Neither the heading's labels ("2.", "(3)") nor its year are a figure of the clause.
    assert answer("Kinh phí thực hiện Chương trình là bao nhiêu tỷ đồng?", goal,
                  "Kinh phí chi cho khoa học, công nghệ được bố trí từ ngân sách nhà nước.") == "figure"
    assert answer("Kinh phí chi cho khoa học chiếm bao nhiêu phần trăm tổng chi ngân sách?", goal,
                  "Kinh phí chi cho khoa học, công nghệ đạt tối thiểu 3% tổng chi ngân sách.") is None
    assert answer("Có bao nhiêu tổ công tác?", goal, "Phân chia thành ba tổ công tác như sau:") is None
    # A count in words of something else than the question names still answers "bao nhiêu".
    assert answer("Sứa lược có thể ăn bao nhiêu trong một ngày?", goal,
                  "Trong hoàn cảnh thuận lợi, sứa lược có thể ăn gấp mười lần trọng lượng của chính chúng.") is None
    # A sentence's own quotation marks do not end the quote: its figure comes after them.
    assert answer("Phong trào phổ cập kỹ năng số cho bao nhiêu phần trăm người dân?", goal,
                  "Triển khai phong trào “Bình dân học vụ số” phổ cập kỹ năng số cho 80% người dân.") is None
    assert answer("Phong trào phổ cập kỹ năng số cho bao nhiêu người dân?", goal,
                  "Triển khai phong trào “Bình dân học vụ số 2025” phổ cập kỹ năng số cho người dân.") == "figure"
    # A table row's figure may sit in its heading path, as it does in a row read as a heading.
    assert answer("Tỉ lệ che phủ rừng là bao nhiêu?", ["Phụ lục", "9. | Tỉ lệ che phủ rừng 42%"],
                  "Tỉ lệ che phủ rừng theo chỉ tiêu của Phụ lục.") is None
    tasks = ["IV- TỔ CHỨC THỰC HIỆN", "3."]
    assert answer("Chương trình phải hoàn thành khi nào?", tasks,
                  "Các sở, ngành khẩn trương hoàn thành Chương trình.") == "time"
    # The heading's year is a time the reader sees with the quote.
    assert answer("Chương trình phải hoàn thành khi nào?", goal,
                  "Các sở, ngành khẩn trương hoàn thành Chương trình.") is None
    assert answer("Chương trình phải hoàn thành khi nào?", tasks, "Hoàn thành trong Quý 2/2025.") is None
    assert answer("Giấy chứng nhận có thời hạn bao lâu?", tasks, "Giấy chứng nhận có thời hạn 02 năm.") is None
    assert answer("Giấy chứng nhận có thời hạn bao lâu?", tasks, "Giấy chứng nhận có thời hạn hai năm.") is None


def test_an_english_question_is_quoted_in_the_documents_words_with_an_english_frame(fake_retriever):
    query = fake_retriever.analyse("What is Soc Trang's digital economy target for 2030?")
    ctr67 = Document("ctr67", "ctr.txt", 0, "Chương trình số 67-CTr/TU", "chương trình", "67-CTr/TU", level="tỉnh",
                     province="Sóc Trăng")
    hits = [_hit(ctr67, "clause", ["II- MỤC TIÊU", "2. Mục tiêu cụ thể đến năm 2030", "(2)"],
                 "(2) Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế ở mức trên 55%. Quy mô "
                 "kinh tế số đạt tối thiểu 30% GRDP.", 1)]
    text, _ = extractive_answer(query, hits)
    assert text.startswith("According to Chương trình số 67-CTr/TU")
    assert "“Quy mô kinh tế số đạt tối thiểu 30% GRDP.”" in text


# A real letter's card (cv-597-hc-qlhc-cuc-hoa-chat.docx of the real-document fixtures) as ingest writes it.
LETTER = Document("cv597", "cv-597.docx", 0, "V/v cấp Giấy phép xuất khẩu, nhập khẩu hóa chất cần kiểm soát đặc biệt",
                  "công văn", "597/HC-QLHC", issuer="Cục Hóa chất", parent_issuer="Bộ Công Thương", place="Hà Nội",
                  date="2026-03-27", level="quốc gia", signer="Vương Thành Chung",
                  signer_role="KT. CỤC TRƯỞNG, PHÓ CỤC TRƯỞNG")


@pytest.mark.parametrize("question", ["Công văn 597/HC-QLHC ban hành ngày nào, ai ký?",
                                      "When was official letter 597/HC-QLHC issued and who signed it?"])
def test_a_question_asking_when_and_who_gets_a_quote_for_each(fake_retriever, question):
    from nghiquyet.ingest.chunker import card_text

    query = fake_retriever.analyse(question)
    assert query.asks_when and query.asks_who
    hits = [_hit(LETTER, "card", ["Thông tin văn bản"], card_text(LETTER), 1)]
    text, _ = extractive_answer(query, hits)
    assert "27/03/2026" in text and "Vương Thành Chung (KT. CỤC TRƯỞNG, PHÓ CỤC TRƯỞNG)" in text  # role not cut at "KT."


def test_which_number_is_answered_by_the_documents_own_number_not_one_it_cites(fake_retriever):
    query = fake_retriever.analyse("Kế hoạch của Đảng đoàn Quốc hội về thực hiện Nghị quyết 57-NQ/TW mang số nào?")
    assert query.asks_number
    plan = Document("kh", "kh.md", 0, "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW", "kế hoạch", "3260-KH/ĐĐQH15",
                    issuer="Đảng đoàn Quốc hội", date="2025-01-10", level="quốc gia")
    card = ("Kế hoạch số 3260-KH/ĐĐQH15 do Đảng đoàn Quốc hội ban hành ngày 10/01/2025.\n"
            "Văn bản: Kế hoạch thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột phá phát "
            "triển khoa học, công nghệ")
    sentence, _ = best_sentences(query, [_hit(plan, "card", ["Thông tin văn bản"], card, 1)], limit=1)[0]
    assert "3260-KH/ĐĐQH15" in sentence


def test_a_what_day_question_is_not_answered_by_a_year_inside_a_law_number(fake_retriever):
    law = Document("luat", "luat.docx", 0, "Luật Hóa chất", "luật", "69/2025/QH15", level="quốc gia")
    clause = ("1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026, trừ trường hợp quy định tại khoản 2 "
              "Điều này.\n3. Luật Hóa chất số 06/2007/QH12 đã được sửa đổi, bổ sung một số điều theo Luật số "
              "28/2018/QH14 hết hiệu lực kể từ ngày Luật này có hiệu lực thi hành.")
    query = fake_retriever.analyse("Luật Hóa chất số 69/2025/QH15 có hiệu lực thi hành từ ngày nào?")
    sentence, _ = best_sentences(query, [_hit(law, "clause", ["Điều 47. Hiệu lực thi hành"], clause, 1)], limit=1)[0]
    assert "01 tháng 01 năm 2026" in sentence


def test_a_when_question_reads_an_outline_item_when_its_clause_was_not_retrieved(fake_retriever):
    law = Document("luat", "luat.docx", 0, "Luật Hóa chất", "luật", "69/2025/QH15", level="quốc gia")
    other = ("3. Luật Hóa chất số 06/2007/QH12 đã được sửa đổi, bổ sung một số điều theo Luật số 28/2018/QH14 hết "
             "hiệu lực kể từ ngày Luật này có hiệu lực thi hành.")
    outline = ("Các nội dung của mục này:\n• 1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026, trừ trường "
               "hợp quy định tại khoản 2 Điều này.\n• 2. Quy định về Giấy chứng nhận …")
    hits = [_hit(law, "clause", ["Điều 47. Hiệu lực thi hành"], other, 1),
            _hit(law, "outline", ["Điều 47. Hiệu lực thi hành"], outline, 2)]
    query = fake_retriever.analyse("Luật Hóa chất số 69/2025/QH15 có hiệu lực thi hành từ ngày nào?")
    sentence, hit = best_sentences(query, hits, limit=1)[0]
    assert sentence.startswith("1. Luật này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026") and hit.chunk.kind == "outline"


def test_a_who_question_reads_an_outline_item_clearly_more_about_it_than_the_clauses_retrieved(fake_retriever):
    """Quyết định 2319/QĐ-TTg (shared/real-documents): the outline of Điều 1 ranked first with the real embedder,
    so its item 4 was not given again as a clause, and the quote was another member of the list."""
    decision = Document("qd", "qd-2319-qd-ttg-2025.pdf", 0, "Quyết định thành lập Ban Chỉ đạo quốc gia về dữ liệu",
                        "quyết định", "2319/QĐ-TTg", level="quốc gia")
    article = ["Điều 1. Thành lập Ban Chỉ đạo quốc gia về dữ liệu (sau đây gọi tắt là Ban Chỉ đạo) gồm các thành…"]
    outline = ("Các nội dung của mục này:\n• 1. Thủ tướng Chính phủ Phạm Minh Chính, Trưởng Ban Chỉ đạo.\n"
               "• 2. Phó Thủ tướng Thường trực Chính phủ Nguyễn Hoà Bình, Phó Trưởng Ban Chỉ đạo.\n"
               "• 4. Bộ trưởng Bộ Công an Đại tướng Lương Tam Quang, Phó Trưởng Ban Thường trực Ban Chỉ đạo.\n"
               "• 6. Các thành viên Ban Chỉ đạo:")
    hits = [_hit(decision, "outline", article, outline, 1),
            _hit(decision, "clause", article + ["6. Các thành viên Ban Chỉ đạo", "đoạn 1"],
                 "- Phó Chủ nhiệm Văn phòng Quốc hội Nguyễn Mạnh Hùng;", 2),
            _hit(decision, "clause", article + ["6. Các thành viên Ban Chỉ đạo", "đoạn 2"],
                 "- Phó Chánh án Tòa án nhân dân tối cao Phạm Quốc Hưng;", 3)]
    query = fake_retriever.analyse("Theo Quyết định 2319/QĐ-TTg, ai là Phó Trưởng Ban Thường trực Ban Chỉ đạo quốc "
                                   "gia về dữ liệu?")
    sentence, hit = best_sentences(query, hits, limit=1)[0]
    assert "Lương Tam Quang" in sentence and hit.chunk.kind == "outline"
    # Another member's role, asked, is still quoted from its own clause.
    member = fake_retriever.analyse("Theo Quyết định 2319/QĐ-TTg, Phó Chánh án Tòa án nhân dân tối cao là ai?")
    assert "Phạm Quốc Hưng" in best_sentences(member, hits, limit=1)[0][0]


def test_a_signer_named_on_the_card_answers_who_and_the_role_line_alone_does_not(fake_retriever):
    programme = Document("ctr", "ctr.txt", 0, "Chương trình hành động thực hiện Kết luận số 75-KL/TW", "chương trình",
                         None, issuer="Tỉnh ủy Lào Cai", level="tỉnh", province="Lào Cai", signer="Hoàng Giang",
                         signer_role="T/M TỈNH ỦY, PHÓ BÍ THƯ THƯỜNG TRỰC")
    from nghiquyet.ingest.chunker import card_text

    query = fake_retriever.analyse("Ai ký Chương trình hành động thực hiện Kết luận 75-KL/TW của Tỉnh ủy Lào Cai, với "
                                   "thẩm quyền và chức vụ gì?")
    sentence, _ = best_sentences(query, [_hit(programme, "card", ["Thông tin văn bản"], card_text(programme), 1)],
                                 limit=1)[0]
    assert "Hoàng Giang" in sentence


def test_whom_a_letter_is_sent_to_is_quoted_from_its_address_line(fake_retriever):
    query = fake_retriever.analyse("Công văn 597/HC-QLHC gửi cơ quan nào?")
    assert query.asks_recipients
    hits = [_hit(LETTER, "clause", ["Mở đầu", "đoạn 2"], "Cục Hóa chất nhận được văn bản đề nghị cấp Giấy phép xuất "
                 "khẩu, nhập khẩu hóa chất cần kiểm soát đặc biệt của công ty.", 1),
            _hit(LETTER, "clause", ["Mở đầu", "đoạn 1"], "Kính gửi: Sở Công Thương tỉnh Quảng Ngãi", 2)]
    sentence, _ = best_sentences(query, hits, limit=1)[0]
    assert sentence == "Kính gửi: Sở Công Thương tỉnh Quảng Ngãi"


def test_a_quote_tells_more_than_the_question_and_the_name_of_its_document(circular_retriever):
    """A real circular's appendix: "Mẫu số 02" alone only repeats the question, and the appendix's line "(Kèm theo
    Thông tư số 14/2024/TT-BCT ngày …)" shares only the words that name the circular; the table row says which
    form it is."""
    from nghiquyet.chat.extractive import echoes

    question = "Mẫu số 02 trong Phụ lục II của Thông tư 14/2024/TT-BCT là mẫu văn bản gì?"
    query = circular_retriever.analyse(question)
    assert echoes(query, "Mẫu số 02") and echoes(query, "PHỤ LỤC II")
    assert not echoes(query, "Mẫu số 02 | Quyết định thành lập/mở rộng cụm công nghiệp")
    corpus = circular_retriever.corpus

    def clause(text: str) -> Hit:  # the circular's own chunk
        chunk = next(c for c in corpus.chunks if c.kind == "clause" and c.text.split(" ngày")[0] == text)
        return Hit(chunk, corpus.documents[chunk.doc_id], 1.0)

    # the form's own title line "Mẫu số 02" is the label of its attachment now, no clause of its own to quote
    assert not [c for c in corpus.chunks if c.kind == "clause" and c.text == "Mẫu số 02"]
    hits = [clause("(Kèm theo Thông tư số 14/2024/TT-BCT"),  # in the order the search gave
            clause("Mẫu số 02 | Quyết định thành lập/mở rộng cụm công nghiệp")]
    sentence, _ = best_sentences(query, hits, limit=1)[0]
    assert sentence == "Mẫu số 02 | Quyết định thành lập/mở rộng cụm công nghiệp"
    # the row retrieved only as an item of the appendix's outline: quoted from it
    outline = next(c for c in corpus.chunks if c.kind == "outline" and "• Mẫu số 02 | Quyết định" in c.text)
    sentence, hit = best_sentences(query, [hits[0], Hit(outline, corpus.documents[outline.doc_id], 0.9)], limit=1)[0]
    assert sentence == "Mẫu số 02 | Quyết định thành lập/mở rộng cụm công nghiệp" and hit.chunk.kind == "outline"


def test_whom_a_letter_is_sent_to_is_quoted_whole_from_its_address_clause(letter_retriever):
    """A real letter lists its addressees under "Kính gửi:"; the address is one clause, quoted whole rather than
    its bare first line ("Kính gửi:", which was the answer before)."""
    from nghiquyet.chat.gate import GateThresholds

    question = "Công văn 5973/UBND-KT gửi những cơ quan nào?"
    no_gate = GateThresholds(dense=0.0, sparse=0.0)  # the score gate is calibrated for the real embedder
    answer = AnswerService(letter_retriever, letter_retriever.settings, gate=no_gate).ask(question, use_model=False)
    assert ("“Kính gửi: - Các Sở, ban, ngành thuộc UBND tỉnh; - Công an tỉnh; - Thuế tỉnh Lào Cai; - Ủy ban nhân "
            "dân các xã, phường.”") in answer.text, answer.text


def test_which_document_is_answered_by_a_sentence_naming_one_by_its_number(fake_retriever):
    """A real answer of the default model on the readers' set (q044, a Ministry of Justice letter in
    shared/real-documents) says which resolution nothing names: it leaves out what was asked, and the quote that
    names it by its number replaces it."""
    from nghiquyet.chat.extractive import unanswered_kinds

    letter = Document("cv", "cv.pdf", 1, "V/v đề nghị hướng dẫn hợp nhất Đoàn Luật sư khi thực hiện hợp nhất địa giới "
                      "hành chính", "công văn", None, issuer="Bộ Tư pháp", level="quốc gia")
    clause = ("Ngày 12 tháng 6 năm 2025, Quốc hội đã thông qua Nghị quyết số 202/2025/QH15 về việc sắp xếp đơn vị "
              "hành chính cấp tỉnh, theo đó, sẽ có 23 tỉnh, thành phố trực thuộc trung ương.")
    hits = [_hit(letter, "clause", ["đoạn 2"], clause, 1)]
    query = fake_retriever.analyse("Công văn gửi Liên đoàn Luật sư Việt Nam viện dẫn Nghị quyết nào của Quốc hội về "
                                   "sắp xếp đơn vị hành chính cấp tỉnh?")
    assert query.asks_document and not fake_retriever.analyse("Nghị quyết 57 đặt mục tiêu gì?").asks_document
    written = ("Công văn gửi Liên đoàn Luật sư Việt Nam đã quan tâm hướng dẫn về việc sắp xếp đơn vị hành chính cấp "
               "tỉnh. Đoạn trích [1].")
    assert unanswered_kinds(query, written, hits) == ["document"]
    assert unanswered_kinds(query, "Công văn viện dẫn Nghị quyết số 202/2025/QH15 của Quốc hội [1].", hits) == []
    sentence, _ = best_sentences(query, hits, limit=1)[0]
    assert "202/2025/QH15" in sentence


@pytest.mark.integration  # a real PDF, through the PDF reader
def test_a_lead_in_ending_in_a_colon_is_given_and_quoted_with_what_it_announces(tmp_path):
    """A provincial department's submission (Tờ trình 3367/TTr-SNV, Bình Thuận) counts associations in a
    paragraph "… tính đến ngày 26/11/2024 có:" and the items under it. The lead-in alone was retrieved and quoted,
    an answer without its figure; in the room the retrieved clauses leave, it now brings the clause that follows
    it, cited as itself, and quoted with it."""
    from nghiquyet.index.retriever import HybridRetriever

    from tests.conftest import real_document_retriever

    counting = real_document_retriever(tmp_path, "ttr-3367-ttr-snv-binhthuan-2024.pdf")
    question = "Tính đến ngày 26/11/2024 có bao nhiêu hội đã tổ chức đại hội?"
    # With the figure rule, the item ("05 hội", a count of what is asked) is retrieved on its own and quoted
    # after its lead-in; without it, only the lead-in is retrieved, and it brings the item along.
    answer, _ = extractive_answer(counting.analyse(question), counting.search(question, k=3), limit=1)
    assert "tính đến ngày 26/11/2024 có:” [1]" in answer and "“- 05 hội đã tổ chức đại hội, gồm:" in answer, answer
    retriever = HybridRetriever(counting.data, counting.embedder,
                                counting.settings.evolve({"retrieval.disabled_rules": "figure"}))
    hits = retriever.search(question, k=3)
    lead_in = next(h for h in hits if "tính đến ngày 26/11/2024 có:" in h.text)
    assert "\n- 05 hội đã tổ chức đại hội, gồm:" in lead_in.text
    assert sum("05 hội đã tổ chức đại hội" in h.text for h in hits) == 1
    item = lead_in.following[0]
    assert lead_in.to_json()["following"][0] == {"id": item.chunk_id, "section": item.section, "pages": [3]}
    assert lead_in.source_of(item.text).chunk is item and lead_in.source_of(lead_in.chunk.text) is lead_in
    answer, _ = extractive_answer(retriever.analyse(question), hits, limit=1)
    assert "tính đến ngày 26/11/2024 có: - 05 hội đã tổ chức đại hội, gồm:" in answer, answer
    # No room left by the retrieved clauses: nothing is pushed out for the items.
    assert all(not h.following for h in retriever.search(question, k=8, budget_chars=sum(len(h.chunk.text) for h in
                                                                                        retriever.search(question, k=8))))


@pytest.mark.integration  # a real PDF, through the PDF reader
def test_a_question_that_counts_points_prefers_a_number_of_points_to_a_percentage(tmp_path):
    """Nghị định 335/2025/NĐ-CP grades organisations: "1. Hoàn thành xuất sắc nhiệm vụ: Đạt từ 90 điểm trở lên, …"
    beside quotas in per cent ("không vượt quá 20% …") that share more of the question's words. Any percentage
    counted as an answer to "bao nhiêu điểm": the quotas filled the context and were quoted (readers' set q019).
    A number of what the question counts is what it asks for, in retrieval and in the choice of the quote."""
    from nghiquyet.index.rerank import figure_boost
    from nghiquyet.index.sentences import relevance

    from tests.conftest import real_document_retriever

    retriever = real_document_retriever(tmp_path, "nd-335-2025-nd-cp.pdf")
    question = "Tổ chức đạt bao nhiêu điểm thì được xếp loại “Hoàn thành xuất sắc nhiệm vụ” theo Nghị định 335?"
    query = retriever.analyse(question)
    assert query.counted == ("điểm",)
    hits = retriever.search(question)
    assert any("Hoàn thành xuất sắc nhiệm vụ: Đạt từ 90 điểm trở lên" in h.text for h in hits)  # clause or outline

    def clause(text: str) -> str:
        return next(c.text for c in retriever.data.chunks if c.kind == "clause" and text in c.text)

    points, quota = clause("Hoàn thành xuất sắc nhiệm vụ: Đạt từ 90 điểm trở lên"), clause("a) Tỷ lệ tổ chức được xếp loại")
    words = {"hoàn_thành", "xuất_sắc", "nhiệm_vụ", "điểm", "tổ_chức"}
    assert relevance(query, points, words) == 8  # four shared words, doubled by its 90 điểm
    assert relevance(query, quota, words) == 4  # four shared words, its 20% not doubling them
    # the retrieval rule prefers the number of points to the quota in per cent (the clause itself now comes in
    # through its article's outline, with the rule or without it, under the hashing embedder)
    chunk_of = {c.text: c for c in retriever.data.chunks if c.kind == "clause"}
    document = next(iter(retriever.corpus.documents.values()))
    assert figure_boost(query, chunk_of[points], document) > 0 == figure_boost(query, chunk_of[quota], document)


def test_an_appendix_line_naming_its_own_document_does_not_answer_which_document(fake_retriever):
    """Hướng dẫn 36-HD/VPTW's appendices open with "(Kèm theo Hướng dẫn số 36-HD/VPTW, …)": the guide's own number.
    For "thay thế hướng dẫn nào?" that line was read as naming a document and quoted before the clause its
    section's outline lists, which names the one replaced (readers' set q009 once the outline ranked first)."""
    guide = Document("hd", "hd.docx", 0, "Hướng dẫn thể thức và kỹ thuật trình bày văn bản của Đảng", "hướng dẫn",
                     "36-HD/VPTW", issuer="Văn phòng Trung ương Đảng", level="quốc gia")
    outline = ("Các nội dung của mục này:\n• 1. Hướng dẫn này có hiệu lực từ ngày ký, thay thế Hướng dẫn số "
               "11-HD/VPTW, ngày 28/5/2004 của Văn phòng Trung ương Đảng hướng dẫn về thể thức văn bản của Đảng …")
    hits = [_hit(guide, "outline", ["III- TỔ CHỨC THỰC HIỆN"], outline, 1),
            _hit(guide, "clause", ["PHỤ LỤC 3", "đoạn 1"],
                 "(Kèm theo Hướng dẫn số 36-HD/VPTW, ngày 03/4/2018 của Văn phòng Trung ương Đảng)", 2)]
    query = fake_retriever.analyse("Hướng dẫn 36-HD/VPTW thay thế hướng dẫn nào của Văn phòng Trung ương Đảng?")
    assert query.asks_document
    sentence, hit = best_sentences(query, hits, limit=1)[0]
    assert "thay thế Hướng dẫn số 11-HD/VPTW" in sentence and hit.chunk.kind == "outline"


def test_a_quoted_lead_in_is_followed_by_its_first_item_when_that_item_was_retrieved_on_its_own(fake_retriever):
    """Tờ trình 3367/TTr-SNV: "… tính đến ngày 26/11/2024 có:" and its item "- 05 hội đã tổ chức đại hội, …" were
    both retrieved, each a clause of its own, and only the lead-in was quoted: an answer without its figure
    (readers' set q071). The quote now brings the item that follows it in the document; other clauses do not."""
    letter = Document("ttr", "ttr.pdf", 0, "Tờ trình báo cáo, đề xuất phương án xử lý các hội quần chúng cấp tỉnh",
                      "tờ trình", "3367/TTr-SNV", issuer="Sở Nội vụ tỉnh Bình Thuận", level="tỉnh")
    path = ["2. Kết quả rà soát và đề xuất", "a) Kết quả thực hiện Công văn số 2769/UBND-NCKSTTHC"]
    lead = ("Từ kết quả tổng hợp báo cáo của sở quản lý chuyên ngành và báo cáo của 16 hội về việc tổ chức đại hội "
            "nhiệm kỳ theo Công văn số 2769/UBND- NCKSTTHC, tính đến ngày 26/11/2024 có:")
    item = ("- 05 hội đã tổ chức đại hội, gồm: Câu lạc bộ võ thuật Bộ Chỉ huy Quân sự tỉnh, Hội Y học, Hiệp Hội Du "
            "lịch, Liên đoàn cầu lông và Hội Golf.")
    later = "- 04 hội báo cáo đang chuẩn bị hồ sơ tổ chức đại hội, gồm: Hiệp hội Vận tải ô tô, Hội Nghề cá."
    hits = [_hit(letter, "clause", [*path, "đoạn 1"], lead, 1), _hit(letter, "clause", [*path, "đoạn 3"], later, 3),
            _hit(letter, "clause", [*path, "đoạn 2"], item, 2)]
    query = fake_retriever.analyse("Tính đến ngày 26/11/2024 có bao nhiêu hội đã tổ chức đại hội?")
    quoted = best_sentences(query, hits, limit=1)
    assert [sentence for sentence, _ in quoted] == [lead, item]
    assert [hit.chunk.heading_path[-1] for _, hit in quoted] == ["đoạn 1", "đoạn 2"]
    assert best_sentences(query, [hits[0], hits[1]], limit=1) == [(lead, hits[0])]  # đoạn 3 is no first item


def test_a_count_question_is_not_covered_by_a_percentage_of_the_same_thing(fake_retriever):
    """"Bao nhiêu doanh nghiệp …?" is not answered by "Tỷ lệ doanh nghiệp … đạt trên 40%" (Programme 67's target):
    a model's "not found" for it stands, as it does for a sentence without any figure."""
    programme = Document("ctr", "ctr.docx", 0, "Chương trình thực hiện Nghị quyết số 57-NQ/TW", "chương trình",
                         "67-CTr/TU", issuer="Tỉnh ủy Sóc Trăng", level="tỉnh", province="Sóc Trăng")
    share = "Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo đạt trên 40% trong tổng số doanh nghiệp."
    count = "Toàn tỉnh có 25 doanh nghiệp có hoạt động đổi mới sáng tạo."
    query = fake_retriever.analyse("Sóc Trăng có bao nhiêu doanh nghiệp có hoạt động đổi mới sáng tạo?")
    assert query.counted == ("doanh",)
    assert not covers(query, [_hit(programme, "clause", ["II- MỤC TIÊU", "(2)"], share, 1)])
    assert covers(query, [_hit(programme, "clause", ["II- MỤC TIÊU", "(2)"], count, 1)])
    percent = fake_retriever.analyse("Tỷ lệ doanh nghiệp có hoạt động đổi mới sáng tạo là bao nhiêu phần trăm?")
    assert covers(percent, [_hit(programme, "clause", ["II- MỤC TIÊU", "(2)"], share, 1)])


def test_a_sentence_is_read_with_the_title_of_its_section(fake_retriever):
    """"Đối tượng tuyên truyền … là những ai?": the guidance answers under "2. Đối tượng" with a sentence that never
    says "đối tượng"; a sentence of another section that shares "tuyên truyền" was quoted instead."""
    guide = Document("hd", "hd.docx", 0, "Hướng dẫn tuyên truyền Nghị quyết số 57-NQ/TW", "hướng dẫn", "05-HD/BTGDVTU",
                     issuer="Ban Tuyên giáo và Dân vận Tỉnh ủy Sóc Trăng", level="tỉnh", province="Sóc Trăng")
    elsewhere = _hit(guide, "clause", ["IV. TỔ CHỨC THỰC HIỆN", "1. Ban Tuyên giáo và Dân vận Tỉnh ủy", "đoạn 2"],
                     "Thường xuyên chỉ đạo, định hướng công tác tuyên truyền, nắm bắt dư luận xã hội.", 1)
    answer = _hit(guide, "clause", ["III. HÌNH THỨC, ĐỐI TƯỢNG, THỜI GIAN", "2. Đối tượng", "đoạn 1"],
                  "Tuyên truyền sâu rộng đến toàn thể cán bộ, đảng viên, công chức, viên chức và nhân dân.", 2)
    query = fake_retriever.analyse("Đối tượng tuyên truyền của hướng dẫn là những ai?")
    assert best_sentences(query, [elsewhere, answer], limit=1)[0][1] is answer
    # An appendix's "(Kèm theo …" line read as a heading names the document, not the section's topic.
    attached = _hit(guide, "clause", ["PHỤ LỤC I", "(Kèm theo Hướng dẫn tuyên truyền đối tượng cán bộ", "đoạn 1"],
                    "Ngày 21 tháng 12 năm 2025.", 3)
    assert best_sentences(query, [attached, answer], limit=1)[0][1] is answer


@pytest.mark.integration  # a real Word plan, through the reader and the packing
def test_a_quoted_lead_in_with_no_room_for_its_items_is_quoted_with_them(tmp_path):
    """Lâm Đồng's inspection plan: "1. Tùy tình hình thực tế, tổ chức kiểm tra theo các hình thức sau cho phù hợp:"
    heads three items, each a clause of its own. Retrieved when the context was already full, the lead-in was
    quoted alone, an answer that lists nothing (real-documents-3 r3-012). Its items are kept aside by the packing
    (never given to a model, which sees only the context) and quoted under it, each cited as its own clause;
    the next section's clauses are not among them."""
    from nghiquyet.chat.answer import with_cited_items
    from nghiquyet.index.packing import complete_lead_ins

    from tests.conftest import real_document_retriever

    plan = real_document_retriever(tmp_path, "lamdong_ubnd_kh_kiemtra_cchc_2026.docx", collection="real-documents-3")
    lead = next(c for c in plan.corpus.chunks if c.kind == "clause" and c.text.startswith("1. Tùy tình hình thực tế"))
    (hit,) = complete_lead_ins([Hit(lead, plan.corpus.documents[lead.doc_id], 1.0)], plan.corpus, len(lead.text))
    assert hit.text == lead.text and not hit.following  # the context is as it was
    assert [c.text[:2] for c in hit.announced] == ["a)", "b)", "c)"]
    assert [item["id"] for item in hit.to_json()["announced"]] == [c.chunk_id for c in hit.announced]
    answer, citations = extractive_answer(plan.analyse("Việc kiểm tra được tổ chức theo những hình thức nào?"), [hit])
    lines = answer.splitlines()
    assert lines[0].endswith("phù hợp:” [1]") and len(lines) == 4, answer
    assert lines[1] == "• “a) Kiểm tra, làm việc trực tiếp tại các đơn vị, địa phương;” [2]"
    assert lines[3] == "• “c) Kết hợp giữa kiểm tra, làm việc trực tiếp và kiểm tra trực tuyến.” [4]"
    assert [c.chunk_id for c in citations[1:]] == [c.chunk_id for c in hit.announced]
    # Every cited item has its source among the answer's evidence (the sources panel links to it).
    evidence = with_cited_items([hit], citations)
    assert [h.chunk.chunk_id for h in evidence] == [c.chunk_id for c in citations]


def test_a_lead_ins_items_stop_where_a_new_section_begins(fake_retriever):
    """A paragraph "… theo từng lĩnh vực sau:" is followed by sections of items; the first section's items are
    listed, and the next section's "a)" is not read as one of them."""
    plan = Document("kh", "kh.docx", 0, "Kế hoạch kiểm tra", "kế hoạch", None)
    lead = _hit(plan, "clause", ["II. NỘI DUNG", "đoạn 1"], "tập trung vào những nội dung sau:", 1)
    items = [_hit(plan, "clause", ["II. NỘI DUNG", "1. Chỉ đạo", label], f"{label} Việc thứ {n}.", n)
             for n, label in ((2, "a)"), (3, "b)"))]
    later = _hit(plan, "clause", ["II. NỘI DUNG", "2. Thể chế", "a)"], "a) Việc của mục sau.", 4)
    lead.announced = [h.chunk for h in [*items, later]]
    quoted = best_sentences(fake_retriever.analyse("Kiểm tra những nội dung nào?"), [lead], limit=1)
    assert [sentence for sentence, _ in quoted] == [lead.text, "a) Việc thứ 2.", "b) Việc thứ 3."]
    # A further quote (nearly as much about the question as the answer's own) brings its first item only.
    first = _hit(plan, "clause", ["I. MỤC ĐÍCH"], "Kiểm tra việc thực hiện kế hoạch năm 2026.", 5)
    quoted = _with_announced_items([(first.text, first), (lead.text, lead)], [first, lead])
    assert [sentence for sentence, _ in quoted] == [first.text, lead.text, "a) Việc thứ 2."]
    # ... or as many as it says follow ("hai nội dung sau:").
    counted = _hit(plan, "clause", ["II. NỘI DUNG", "đoạn 1"], "tập trung vào hai nội dung sau:", 1)
    counted.announced = lead.announced
    quoted = _with_announced_items([(first.text, first), (counted.text, counted)], [first, counted])
    assert [sentence for sentence, _ in quoted] == [first.text, counted.text, "a) Việc thứ 2.", "b) Việc thứ 3."]


def test_who_signs_is_the_signer_and_who_holds_a_title_is_the_one_with_that_title(fake_retriever):
    """Quyết định 149/QĐ-UBND-TL of phường Sa Đéc (shared/real-documents-4): "Ai ký … và quyết định ghi ngày nào?"
    was answered with the card's date and the first member of the election board (any person answered "ai"), and
    "Ai làm Trưởng ban …?" with the board's secretary and a member, not the item that says "Trưởng ban"."""
    from nghiquyet.ingest.chunker import card_text

    decision = Document("qd", "sadec_ubnd_qd149_2025.pdf", 0, "Quyết định về việc thành lập Ban bầu cử đại biểu Hội "
                        "đồng nhân dân phường Sa Đéc, nhiệm kỳ 2026 - 2031 ở đơn vị bầu cử số 1", "quyết định",
                        "149/QĐ-UBND-TL", issuer="Ủy ban nhân dân phường Sa Đéc", level="xã", date="2025-12-31",
                        signer="Nguyễn Văn Tâm", signer_role="TM. UỶ BAN NHÂN DÂN, CHỦ TỊCH")
    article = ["Điều 1. Thành lập Ban bầu cử đại biểu Hội đồng nhân dân phường Sa Đéc, nhiệm kỳ 2026 - 2031 ở đơn…"]
    members = ["3. Ông Nguyễn Thanh Hải, Công chức Văn phòng HĐND và UBND Phường, Thư ký;",
               "7. Ông Hồ Quang Lớn, Công chức Văn phòng HĐND và UBND Phường, Ủy viên;",
               "1. Ông Nguyễn Anh Nhân, Ủy viên Ban Thường vụ Đảng ủy, Phó Chủ tịch Uỷ ban nhân dân Phường, Trưởng ban;",
               "2. Mời ông Nguyễn Đăng Định, Đảng ủy viên, Phó Trưởng ban Kinh tế - Ngân sách, Hội đồng nhân dân "
               "Phường, Phó Trưởng ban;"]
    hits = [_hit(decision, "card", ["Thông tin văn bản"], card_text(decision), 1),
            *(_hit(decision, "clause", article + [member.split(" ", 1)[0]], member, n)
              for n, member in enumerate(members, start=2))]
    signed = fake_retriever.analyse("Ai ký Quyết định số 149/QĐ-UBND-TL của Ủy ban nhân dân phường Sa Đéc về thành lập "
                                    "Ban bầu cử đại biểu HĐND phường ở đơn vị bầu cử số 1, và quyết định ghi ngày nào?")
    body, _ = extractive_answer(signed, hits)
    assert "Nguyễn Văn Tâm" in body and "31/12/2025" in body and "Nguyễn Anh Nhân" not in body, body
    head = fake_retriever.analyse("Ai làm Trưởng ban Ban bầu cử đơn vị bầu cử số 1 theo Quyết định 149/QĐ-UBND-TL?")
    body, _ = extractive_answer(head, hits)
    assert "Nguyễn Anh Nhân" in body and "Nguyễn Thanh Hải" not in body and "Nguyễn Đăng Định" not in body, body


def test_on_whose_proposal_is_the_preamble_not_the_signer(fake_retriever):
    """The Đồng Tháp draft decision on "Gia đình văn hóa" (shared/real-documents-4): "… được ban hành theo đề nghị
    của ai?" was answered with the card's signer, as any "ai" asked for a person. A document's preamble says on
    whose proposal it is issued ("Theo đề nghị của Giám đốc Sở …"); a question that also asks who signs gets both."""
    from nghiquyet.ingest.chunker import card_text

    decision = Document("dt", "dongthap_ubnd_duthao_qd_danhhieu_2024.docx", 0, "Quyết định ban hành Quy định tiêu "
                        "chuẩn xét tặng danh hiệu “Gia đình văn hóa”", "quyết định", None,
                        issuer="Ủy ban nhân dân tỉnh Đồng Tháp", level="tỉnh", province="Đồng Tháp",
                        signer="Phạm Thiện Nghĩa", signer_role="TM. ỦY BAN NHÂN DÂN, CHỦ TỊCH")
    preamble = ["Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
                "Theo đề nghị của Giám đốc Sở Văn hóa, Thể thao và Du lịch."]
    hits = [_hit(decision, "card", ["Thông tin văn bản"], card_text(decision), 1),
            *(_hit(decision, "clause", ["Mở đầu", f"đoạn {n}"], text, n + 1) for n, text in enumerate(preamble, 1))]
    proposal = fake_retriever.analyse("Dự thảo Quyết định của UBND tỉnh Đồng Tháp về tiêu chuẩn xét tặng danh hiệu "
                                      "“Gia đình văn hóa” được ban hành theo đề nghị của ai?")
    assert proposal.asks_proposal and not proposal.asks_who
    body, _ = extractive_answer(proposal, hits)
    assert "Giám đốc Sở Văn hóa, Thể thao và Du lịch" in body and "Phạm Thiện Nghĩa" not in body, body
    both = fake_retriever.analyse("Quyết định về danh hiệu “Gia đình văn hóa” được ban hành theo đề nghị của cơ quan "
                                  "nào, và ai ký?")
    body, _ = extractive_answer(both, hits)
    assert "Giám đốc Sở Văn hóa" in body and "Phạm Thiện Nghĩa" in body, body
    assert not fake_retriever.analyse("Ai ký quyết định về danh hiệu “Gia đình văn hóa”?").asks_proposal
