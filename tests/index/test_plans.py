"""Query plans read against the loaded corpus: a document named by its date, a person named through a
document (a second retrieval step), and clauses cut down to their sentences about the question."""

from dataclasses import replace

import pytest
from nghiquyet.core.lexicon import iso_dates
from nghiquyet.core.textnorm import sentence_spans
from nghiquyet.index.packing import fill_with_cuts, focus, within_budget
from nghiquyet.index.retriever import HybridRetriever

SIGNER_67 = "Hồ Thị Cẩm Đào"  # on the card of Programme 67-CTr/TU (data/), read from its signature block


def test_dates_are_read_in_both_written_forms():
    assert iso_dates("ban hành ngày 22/12/2024, sửa ngày 3 tháng 2 năm 2025") == {"2024-12-22", "2025-02-03"}
    assert iso_dates("ngày 31/02/2025") == set()  # not a day


def test_a_document_named_by_its_date_gains_its_number(fake_retriever):
    query = fake_retriever.analyse("Nghị quyết Bộ Chính trị ban hành ngày 22/12/2024 đặt mục tiêu gì về kinh tế số?")
    assert "57-NQ/TW" in query.expanded
    # a kind that no loaded document of that date has: nothing is added
    query = fake_retriever.analyse("Kế hoạch ban hành ngày 22/12/2024 đặt mục tiêu gì?")
    assert "57-NQ/TW" not in query.expanded


def test_signer_named_through_a_document_is_a_second_step(fake_retriever):
    query = fake_retriever.analyse("Người ký Chương trình 67 đã phát biểu chỉ đạo tại sự kiện nào?")
    assert query.bridges == (f"{SIGNER_67} đã phát biểu chỉ đạo tại sự kiện nào?",)
    assert fake_retriever.analyse("Người ký CTr67 còn giữ chức vụ gì?").bridges[0].startswith(SIGNER_67)
    # no document named, or a document that is not loaded: no bridge
    assert fake_retriever.analyse("Người ký văn bản này là ai?").bridges == ()
    assert fake_retriever.analyse("Người ký Nghị quyết 99 là ai?").bridges == ()


def test_bridge_step_interleaves_the_best_of_each_step(fake_retriever):
    question = "Người ký Chương trình 67 đã phát biểu chỉ đạo tại sự kiện nào?"
    query = fake_retriever.analyse(question)
    hits = fake_retriever.search(query, budget_chars=1500)
    first = fake_retriever._ranked_hits(query, query.expanded, "hybrid", None)
    second = fake_retriever._ranked_hits(query, query.bridges[0], "hybrid", None)
    assert hits[0].chunk.clause_id == first[0].chunk.clause_id
    # the bridge step's best clause that names the signer (beyond the card both steps find) is in the context
    named = next(h for h in second if SIGNER_67 in h.text and h.chunk.kind != "card")
    assert named.chunk.clause_id in [h.chunk.clause_id for h in hits[:4]]


def test_sentences_are_split_at_stops_and_lines():
    text = "Câu một. Câu hai; câu ba\n- mục một\n- mục hai: 30%."
    assert [text[a:b] for a, b in sentence_spans(text)] == ["Câu một.", "Câu hai;", "câu ba", "- mục một",
                                                            "- mục hai: 30%."]


@pytest.fixture
def long_hit(fake_retriever):
    hit = fake_retriever.search("Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?")[0]
    text = ("Phát triển hạ tầng số đồng bộ. " * 6 + "Quy mô kinh tế số đạt tối thiểu 30% GRDP. "
            + "Hoàn thiện thể chế về đổi mới sáng tạo. " * 6)
    return replace(hit, text=text.strip())


def test_focus_keeps_the_sentence_about_the_question(fake_retriever, long_hit):
    query = fake_retriever.analyse("Quy mô kinh tế số của tỉnh đến năm 2030 đạt bao nhiêu?")
    focused = focus(long_hit, query, 120)
    assert "Quy mô kinh tế số đạt tối thiểu 30% GRDP." in focused.text
    assert len(focused.text) < len(long_hit.text) / 2
    assert focused.text.startswith("…") and focused.text.endswith("…")
    assert focused.chunk is long_hit.chunk  # the clause cited is the same; only the text handed on is shorter


def test_focus_leaves_short_or_unrelated_clauses_whole(fake_retriever, long_hit):
    query = fake_retriever.analyse("Quy mô kinh tế số đạt bao nhiêu?")
    assert focus(long_hit, query, 10_000).text == long_hit.text
    unrelated = fake_retriever.analyse("xyzzy plugh?")
    assert focus(long_hit, unrelated, 120).text == long_hit.text


def _hits_of(fake_retriever, texts):
    """Real hits of the corpus given made-up texts, in this ranking order."""
    hits = fake_retriever.search("chuyển đổi số", k=len(texts), budget_chars=10**6)
    return [replace(h, text=t) for h, t in zip(hits, texts, strict=True)]


def test_cut_clauses_fill_only_the_room_whole_clauses_leave(fake_retriever):
    query = fake_retriever.analyse("Quy mô kinh tế số đạt bao nhiêu?")
    long = ("Phát triển hạ tầng số đồng bộ. " * 8 + "Quy mô kinh tế số đạt tối thiểu 30% GRDP. "
            + "Hoàn thiện thể chế. " * 8).strip()
    hits = _hits_of(fake_retriever, ["A" * 300, long, "B" * 200, "C" * 150])
    whole = within_budget(hits, 8, 720)
    assert [h.text[0] for h in whole] == ["A", "B", "C"]  # the long clause is passed over
    fit = lambda hit, room: focus(hit, query, room)  # noqa: E731
    packed = fill_with_cuts(hits, whole, 8, 720, fit)
    assert [h.chunk.clause_id for h in packed] == [h.chunk.clause_id for h in hits]  # ranking order kept
    assert packed[0].text == "A" * 300 and packed[2].text == "B" * 200  # whole clauses stay whole
    assert "Quy mô kinh tế số đạt tối thiểu 30% GRDP." in packed[1].text and len(packed[1].text) <= 50
    assert sum(len(h.text) for h in packed) <= 720
    # a plan (comparison sides) cuts as soon as a clause does not fit, so the next side gets room
    greedy = within_budget(hits, 8, 560, fit)
    assert [h.text[0] for h in greedy][:2] == ["A", "…"] and sum(len(h.text) for h in greedy) <= 560


def test_list_questions_keep_their_clauses_whole(fake_index):
    settings, _ = fake_index
    listing = "Nhiệm vụ, giải pháp của Nghị quyết 57 gồm những gì?"
    by_sentence = HybridRetriever.from_settings(settings.evolve({"retrieval.packing": "sentence"}))
    assert by_sentence._fit(by_sentence.analyse(listing)) is None
    assert by_sentence._fit(by_sentence.analyse("Quy mô kinh tế số đạt bao nhiêu?")) is not None
    whole = HybridRetriever.from_settings(settings.evolve({"retrieval.packing": "clause"}))
    assert whole._fit(by_sentence.analyse("Quy mô kinh tế số?")) is None


def test_comparison_between_levels_gets_one_side_per_level(fake_retriever):
    query = fake_retriever.analyse("Mục tiêu phủ sóng 5G của Trung ương và của tỉnh Sóc Trăng khác nhau thế nào?")
    assert [(s.levels, s.provinces) for s in query.sides] == [(["quốc gia"], []), (["tỉnh"], ["Sóc Trăng"])]
    assert "Trung ương" not in query.side_query and "Sóc Trăng" not in query.side_query
    hits = fake_retriever.search(query, budget_chars=1500)
    assert {h.document.level for h in hits[:2]} == {"quốc gia", "tỉnh"}
    # the levels named without a comparison, or a comparison of two named documents: no level sides
    assert fake_retriever.analyse("Ai làm Trưởng Ban Chỉ đạo Trung ương ở tỉnh?").sides == ()
    named = fake_retriever.analyse("So sánh mục tiêu kinh tế số của NQ57 và CTr67")
    assert all(side.docs and not side.levels for side in named.sides)


def test_level_sides_need_documents_of_both_levels(fake_index):
    from nghiquyet.index.corpus import Corpus
    from nghiquyet.index.query import QueryAnalyzer

    settings, _ = fake_index
    data = HybridRetriever.from_settings(settings).data
    national_only = {k: d for k, d in data.documents.items() if d.level == "quốc gia"}
    analyzer = QueryAnalyzer(Corpus(national_only, [c for c in data.chunks if c.doc_id in national_only]))
    assert analyzer.analyse("So sánh chỉ tiêu R&D của cả nước và của tỉnh").sides == ()


def test_focus_keeps_neighbouring_list_lines_on_their_own_lines(fake_retriever, long_hit):
    query = fake_retriever.analyse("Tỷ lệ dịch vụ công trực tuyến và giao dịch không dùng tiền mặt đạt bao nhiêu?")
    text = ("Các mục tiêu sau đây được đặt ra cho giai đoạn tới của tỉnh. " * 4
            + "\n- Tỷ lệ dịch vụ công trực tuyến đạt trên 80%.\n- Tỷ lệ giao dịch không dùng tiền mặt đạt trên 80%.")
    focused = focus(replace(long_hit, text=text), query, 200)
    assert focused.text == ("… - Tỷ lệ dịch vụ công trực tuyến đạt trên 80%.\n"
                            "- Tỷ lệ giao dịch không dùng tiền mặt đạt trên 80%.")


def test_an_english_question_is_read_in_the_documents_words(fake_retriever):
    query = fake_retriever.analyse("What is Soc Trang's digital economy target for 2030?")
    assert query.language == "en"
    assert {"kinh tế số", "mục tiêu", "Sóc Trăng"} <= set(query.translated.split("; "))
    # BM25 searches the documents' words with the numbers kept (English words match nothing in them); the dense
    # side reads the question with the terms beside it
    assert "kinh tế số" in query.sparse_text and "Sóc Trăng" in query.sparse_text and "What" not in query.sparse_text
    assert query.expanded.startswith(query.text) and "kinh tế số" in query.expanded
    # "digital economy" is read as one term, not as "economy" and "digital" apart; Vietnamese is left alone
    assert "digital" not in query.translated
    vietnamese = fake_retriever.analyse("Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?")
    assert vietnamese.translated == "" and "mục tiêu" not in vietnamese.expanded[len(vietnamese.text):]
    assert vietnamese.sparse_text == ""  # BM25 searches the question as expanded


def test_an_english_question_naming_places_in_vietnamese_is_still_english(fake_retriever):
    query = fake_retriever.analyse("How many research personnel per 10,000 people should Sóc Trăng have by 2030?")
    assert query.language == "en" and query.provinces == frozenset({"Sóc Trăng"})
    assert "nhân lực" in query.sparse_text and "2030" in query.sparse_text and "people" not in query.sparse_text
    code = fake_retriever.analyse("Who signed Programme 67-CTr/TU?")
    assert "67-CTr/TU" in code.sparse_text and "người ký" not in code.sparse_text and "ký" in code.sparse_text


def test_an_english_question_names_bodies_and_unloaded_provinces_in_the_documents_words(fake_retriever):
    """Dev wt-010/wt-026 (bench/data/word-tables): "Lam Dong Department of Home Affairs", "Dak Nong" and "the Ministry
    of Construction" reached the BM25 side as "Sở; tỉnh" and "Bộ" alone: a province no loaded document is from was
    not searched at all, and a body's name lost what tells it apart."""
    query = fake_retriever.analyse("In the Lam Dong Department of Home Affairs report on provincial indices, what "
                                   "PCI 2024 score and rank did Dak Nong get?")
    terms = set(query.sparse_text.split("; "))
    assert {"Sở Nội vụ", "Lâm Đồng", "Đắk Nông", "PCI", "2024"} <= terms, terms
    assert "Bộ Xây dựng" in fake_retriever.analyse("Which circular of the Ministry of Construction sets the grades?"
                                                   ).sparse_text
    assert fake_retriever.analyse("Which ministry issued it?").translated == "Bộ; ban hành"  # the bare word as before


def test_provinces_named_are_read_once_loaded_or_not(fake_retriever):
    """The country's provinces named in the question, with how often, read once for the gate and the notes:
    Cà Mau has no loaded document, Sóc Trăng has."""
    query = fake_retriever.analyse("So với Cà Mau, Sóc Trăng đặt mục tiêu gì cho kinh tế số của Sóc Trăng?")
    assert dict(query.named_provinces) == {"Cà Mau": 1, "Sóc Trăng": 2}
    assert query.province_asked == "Sóc Trăng"
    assert query.provinces == frozenset({"Sóc Trăng"})  # only those of loaded documents
    assert fake_retriever.analyse("Mục tiêu của Thừa Thiên Huế?").named_provinces == (("Thừa Thiên Huế", 1),)
    assert fake_retriever.analyse("Mục tiêu kinh tế số?").province_asked is None
