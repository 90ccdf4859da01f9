"""Documents named by their kind and title, as officials name drafts and plans that have no number yet
(shared/real-documents-3: three plans of Lâm Đồng's People's Committee on administrative reform, numbers blank)."""

from __future__ import annotations

import pytest
from nghiquyet.chat.extractive import extractive_answer, list_answer
from nghiquyet.core.models import Hit
from nghiquyet.index.retriever import HybridRetriever

from tests.conftest import real_document_retriever

pytestmark = pytest.mark.integration  # three real .docx ingested (~10 s): kept out of the quick loop

PLANS = ("lamdong_ubnd_kh_cchc_2026_2030.docx", "lamdong_ubnd_kh_kiemtra_cchc_2026.docx",
         "lamdong_ubnd_kh_tuyentruyen_cchc_2026.docx")


@pytest.fixture(scope="module")
def plans(tmp_path_factory: pytest.TempPathFactory):
    return real_document_retriever(tmp_path_factory.mktemp("plans"), *PLANS, collection="real-documents-3")


def _doc_id(retriever, file_name: str) -> str:
    return next(d.doc_id for d in retriever.corpus.documents.values() if d.source == file_name)


def test_a_plan_named_by_its_title_is_the_one_asked_about(plans):
    inspection = _doc_id(plans, PLANS[1])
    query = plans.analyse("Theo Kế hoạch kiểm tra công tác cải cách hành chính năm 2026 của UBND tỉnh Lâm Đồng, Sở "
                          "Y tế sẽ được kiểm tra vào thời gian nào?")
    assert query.titled_documents == {inspection} and query.subject_documents == {inspection}
    query = plans.analyse("Ai ký Kế hoạch cải cách hành chính nhà nước giai đoạn 2026 - 2030 của tỉnh Lâm Đồng?")
    assert query.titled_documents == {_doc_id(plans, PLANS[0])}


def test_words_every_title_shares_name_no_plan(plans):
    """"Cải cách hành chính", "2026" and "Lâm Đồng" are in all three titles: a question with only those (and the
    topic words after them) names none, and every plan stays a candidate."""
    query = plans.analyse("Trong kế hoạch CCHC 2026-2030 của Lâm Đồng, việc triển khai ứng dụng AI trong công tác "
                          "giám sát an ninh mạng do cơ quan nào chủ trì?")
    assert not query.titled_documents and len(query.subject_documents) == 3
    assert not plans.analyse("Đoàn kiểm tra năm 2026 sẽ đến xã Đam Rông 3 vào tháng mấy?").titled_documents


def test_the_row_of_the_plan_named_is_quoted_not_its_attachment_line(plans):
    """The inspection plan's Phụ lục I lists units and months; its report outline opens with "(Kèm theo Kế hoạch
    số /KH-UBND ngày /01/2026 của UBND tỉnh Lâm Đồng)", which shares the plan's title words and holds a date. That
    line was quoted for "vào thời gian nào?"; the row naming the unit is the answer. (With the hashing embedder the
    row ranks 9th since its path carries its group, "I. Cơ quan chuyên môn cấp tỉnh": the ten best are given, the
    attachment line and a dated sentence of the preamble among them; which one is quoted is what is tested.)"""
    question = ("Theo Kế hoạch kiểm tra công tác cải cách hành chính năm 2026 của UBND tỉnh Lâm Đồng, Sở Y tế sẽ được "
                "kiểm tra vào thời gian nào?")
    # the row the question names whole ("Sở Y tế") now ranks first (boost named_row); without it, the attachment
    # line does, and the quote must still be the row
    assert "Sở Y tế |" in plans.search(question, k=10, budget_chars=4000)[0].text
    without = HybridRetriever.from_settings(plans.settings.evolve({"retrieval.disabled_rules": "named_row"}),
                                            plans.embedder)
    hits = without.search(question, k=10, budget_chars=4000)
    assert hits[0].text.startswith("(Kèm theo Kế hoạch") and any("Sở Y tế |" in hit.text for hit in hits)
    answer, citations = extractive_answer(plans.analyse(question), hits)
    assert "Sở Y tế | Thời gian kiểm tra: Tháng 8/2026" in answer and "Kèm theo" not in answer, answer
    assert citations[0].section.startswith("Phụ lục I")


def test_the_row_naming_the_unit_asked_about_is_quoted_not_one_sharing_common_words(plans):
    """"… đến xã Đam Rông 3 vào tháng mấy?": the inspection plan's row for that commune was retrieved first (real
    embedder), but a row of the communication plan sharing more of the words every plan has ("CCHC", "năm 2026")
    was quoted. Shared words now count by how rare they are in the index (``Query.rarity``)."""
    question = "Đoàn kiểm tra CCHC năm 2026 của tỉnh Lâm Đồng sẽ đến xã Đam Rông 3 vào tháng mấy?"
    query = plans.analyse(question)
    assert query.rarity["đam_rông"] > 2 * query.rarity["năm"]
    row = next(c for c in plans.data.chunks if "Xã Đam Rông 3 |" in c.text)
    first = Hit(row, plans.corpus.documents[row.doc_id], 1.0, text=row.text)
    answer, _ = extractive_answer(query, [first, *plans.search(question)])
    assert "Xã Đam Rông 3 | Thời gian kiểm tra: Tháng 5/2026" in answer.split("\n")[0], answer


def test_the_attachment_a_question_names_is_retrieved_first(plans):
    """"Phụ lục II" of the inspection plan is its report outline; the words the question shares with Phụ lục I's
    rows ("đơn vị được kiểm tra") ranked those rows above every clause of Phụ lục II. The part the question names,
    read against the plan's part labels, comes first, and its label says what it is."""
    question = "Kế hoạch kiểm tra CCHC năm 2026 của tỉnh Lâm Đồng có Phụ lục II; phụ lục này là gì và đơn vị được " \
               "kiểm tra dùng nó để làm gì?"
    hits = plans.search(question)
    assert hits[0].chunk.heading_path[0] == \
        "Phụ lục II: ĐỀ CƯƠNG BÁO CÁO PHỤC VỤ KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026"
    # Named by its Arabic number, without the plan's title, the same part is found.
    hits = plans.search("Phụ lục 2 của kế hoạch kiểm tra CCHC năm 2026 gồm những nội dung nào?")
    assert hits[0].chunk.heading_path[0].startswith("Phụ lục II: ĐỀ CƯƠNG")



def test_a_lead_in_is_quoted_with_every_item_it_announces_for_a_list_question(plans):
    """"Những hình thức kiểm tra nào?": the plan's "1. Tùy tình hình thực tế, tổ chức kiểm tra theo các hình thức sau
    cho phù hợp:" announces three items (a), b), c)). The fast model answered with the lead-in itself, which passes
    every check (nothing in it is not in the plan). When the lead-in is retrieved with its items kept aside, as the
    packing keeps them, the list answer quotes it with all three."""
    question = "Kế hoạch kiểm tra CCHC năm 2026 tỉnh Lâm Đồng cho phép những hình thức kiểm tra nào?"
    query = plans.analyse(question)
    corpus = plans.corpus
    lead = next(c for c in corpus.chunks if c.text.strip().endswith("theo các hình thức sau cho phù hợp:"))
    hit = Hit(lead, corpus.documents[lead.doc_id], 1.0, text=lead.text)
    hit.announced = corpus.following_clauses(lead, 1000)
    listed = list_answer(query, [hit])
    assert listed is not None
    for item in ("Kiểm tra, làm việc trực tiếp", "Kiểm tra trực tuyến", "Kết hợp giữa kiểm tra"):
        assert item in listed[0], listed[0]
    # Asked when, the same lead-in is no list to quote: that question is left to the other answers.
    assert list_answer(plans.analyse("Những hình thức kiểm tra nào được tổ chức vào tháng nào?"), [hit]) is None
