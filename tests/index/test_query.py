"""Query analysis reads the levels and issuers a question names against what the index holds."""

import pytest
from nghiquyet.core.lexicon import NATIONAL, PROVINCIAL

from tests.conftest import real_document_retriever

LAO_CAI_LETTER = "cv-5973-ubnd-kt-laocai-2026.txt"  # Công văn 5973/UBND-KT, Ủy ban nhân dân tỉnh Lào Cai
CHEMICALS_LETTER = "cv-597-hc-qlhc-cuc-hoa-chat.docx"  # Công văn 597/HC-QLHC, Cục Hóa chất


@pytest.fixture(scope="module")
def two_letters(tmp_path_factory):
    return real_document_retriever(tmp_path_factory.mktemp("two-letters"), LAO_CAI_LETTER, CHEMICALS_LETTER)


def test_the_issuer_a_question_names_picks_its_letter_among_letters_of_others(two_letters):
    documents = two_letters.corpus.documents
    by_number = {d.number: d.doc_id for d in documents.values()}
    assert {"5973/UBND-KT", "597/HC-QLHC"} <= set(by_number)
    lao_cai = documents[by_number["5973/UBND-KT"]].issuer

    query = two_letters.analyse("Công văn của UBND tỉnh Lào Cai do ai ký?")  # the abbreviation, expanded
    assert query.issuers == {lao_cai}
    assert query.subject_documents == {by_number["5973/UBND-KT"]}
    # Naming no issuer, the question is about every letter loaded, as before.
    anyone = two_letters.analyse("Công văn do ai ký?")
    assert anyone.issuers == frozenset()
    assert anyone.subject_documents == {by_number["5973/UBND-KT"], by_number["597/HC-QLHC"]}
    # An issuer with no letter loaded changes nothing.
    assert two_letters.analyse("Công văn của Bộ Tài chính do ai ký?").subject_documents == anyone.subject_documents


def test_levels_named_are_read_once_and_drive_the_level_comparison(fake_retriever):
    both = fake_retriever.analyse("So sánh mục tiêu kinh tế số của Trung ương và của tỉnh đến năm 2030")
    assert both.levels == {NATIONAL, PROVINCIAL}
    assert [side.levels for side in both.sides] == [[NATIONAL], [PROVINCIAL]]
    provincial = fake_retriever.analyse("Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?")
    assert provincial.levels == {PROVINCIAL} and not provincial.sides  # a province named is the provincial level
    assert fake_retriever.analyse("Mục tiêu đến năm 2030 là gì?").levels == frozenset()


def test_a_title_that_only_repeats_its_kind_names_nothing():
    """A notice whose title is its kind alone ("Thông báo", no subject line) has no title words: a question writing
    "thông báo" once divided by their weight, zero, and raised."""
    from nghiquyet.core.models import Document
    from nghiquyet.index.corpus import Corpus
    from nghiquyet.index.query import QueryAnalyzer

    notice = Document("tb", "tb.pdf", 0, "Thông báo", "thông báo", None)
    plan = Document("kh", "kh.docx", 0, "Kế hoạch tuyên truyền cải cách hành chính năm 2026", "kế hoạch", None)
    analyzer = QueryAnalyzer(Corpus({"tb": notice, "kh": plan}, []))
    assert analyzer.analyse("Thông báo kết luận của hội nghị nêu những gì?").titled_documents == frozenset()
    assert analyzer.analyse("Kế hoạch tuyên truyền cải cách hành chính năm 2026 giao ai chủ trì?").titled_documents \
        == {"kh"}


@pytest.mark.parametrize("question, top, bottom", [
    ("Sở nào dẫn đầu Chỉ số cải cách hành chính năm 2025?", True, False),
    ("Xã nào xếp cuối và bị xếp loại gì?", False, True),
    ("Xã nào dẫn đầu và xã nào thấp nhất?", True, True),
    ("Which department ranked first, and with what score?", True, False),
    ("Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?", False, False),
])
def test_which_one_ranks_first_or_last_is_read_from_the_question(fake_retriever, question, top, bottom):
    query = fake_retriever.analyse(question)
    assert (query.asks_top, query.asks_bottom) == (top, bottom)


@pytest.mark.parametrize("question, several", [
    ("Kế hoạch kiểm tra cho phép những hình thức kiểm tra nào?", True),
    ("Đề án xếp loại kết quả theo những mức nào?", True),
    ("Đối tượng tuyên truyền Nghị quyết 57 là những ai?", True),
    ("Liệt kê các nhiệm vụ trọng tâm của Chương trình 67.", True),
    ("What are the main tasks of Programme 67?", True),
    ("Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?", False),
    ("Sở nào dẫn đầu Chỉ số cải cách hành chính năm 2025?", False),
    # "các" and "nào" apart, across a comma: one thing asked of several bodies, not a list.
    ("Các sở, ngành phải ban hành kế hoạch chậm nhất vào ngày nào?", False),
])
def test_a_question_asking_for_several_things_is_read_whatever_its_noun(fake_retriever, question, several):
    assert fake_retriever.analyse(question).asks_several is several


@pytest.mark.parametrize("question, when, quantity", [
    ("Đoàn kiểm tra sẽ đến xã Đam Rông 3 vào tháng mấy?", True, False),
    ("Chương trình được ký ngày mấy?", True, False),
    ("Đoàn giám sát được chia thành mấy Tổ công tác?", False, True),
    ("Mấy tỉnh đã ban hành chương trình hành động?", False, True),
    # "số lượng"/"tỷ lệ" of which thing is a which-question (XQuAD-vi dev, refused as asking a number); "thế nào" is how
    ("Việc xóa bỏ phân biệt chủng tộc đã làm tăng số lượng học sinh thuộc sắc tộc nào trong các trường công lập?",
     False, False),
    ("Số lượng đơn đăng ký sáng chế đến năm 2030 của hai văn bản khác nhau thế nào?", False, True),
    ("Số lượng doanh nghiệp công nghệ số của tỉnh đến năm 2030?", False, True),
])
def test_mấy_after_a_unit_of_time_asks_when_not_how_many(fake_retriever, question, when, quantity):
    """"Tháng mấy?" asks which month: read as a count, a month the model gave was judged a made-up number and the
    answer refused (dev r3-009, fast model)."""
    query = fake_retriever.analyse(question)
    assert (query.asks_when, query.asks_quantity) == (when, quantity)


@pytest.mark.parametrize("question, agency", [
    ("Nhiệm vụ hoàn thành và đưa Trung tâm IOC vào hoạt động do cơ quan nào chủ trì và phải xong khi nào?", True),
    ("Nhiệm vụ rà soát thiết kế mỏ trong Phụ lục do sở nào chủ trì tham mưu?", True),
    ("Which ministry serves as the standing body of the National Steering Committee on Data?", True),
    # the addressees of a letter, and a list of bodies, are asked otherwise
    ("Công văn 5973/UBND-KT gửi những cơ quan nào?", False),
    ("Phụ lục I liệt kê những cơ quan chuyên môn cấp tỉnh nào được kiểm tra?", False),
    ("Ai ký Quyết định thành lập Ban Chỉ đạo?", False),
])
def test_which_body_is_asked_apart_from_who(fake_retriever, question, agency):
    assert fake_retriever.analyse(question).asks_agency is agency
