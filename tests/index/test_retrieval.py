"""Hybrid retrieval on the real corpus with the real bundled embedder."""

import pytest
from nghiquyet.core.errors import QuestionError
from nghiquyet.core.models import SearchFilters

GRDP = "Quy mô kinh tế số đạt tối thiểu 30% GRDP."
GDP = "Quy mô kinh tế số đạt tối thiểu 30% GDP."


def test_soc_trang_digital_economy_question_returns_programme_67_first(retriever):
    hits = retriever.search("Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?")
    assert GRDP in hits[0].text
    assert hits[0].document.number == "67-CTr/TU"
    assert hits[0].chunk.section.endswith("2. Mục tiêu cụ thể đến năm 2030 › (2)")
    payload = hits[0].to_json()
    assert set(payload) == {"id", "doc_id", "doc_title", "doc_number", "section", "pages", "table", "text", "markup",
                            "score", "following", "announced"}


def test_national_target_is_told_apart_by_metadata(retriever):
    hits = retriever.search("Nghị quyết 57 đặt mục tiêu quy mô kinh tế số bao nhiêu phần trăm GDP đến năm 2030?")
    national = next(h for h in hits if GDP in h.text)
    assert national.document.number == "57-NQ/TW" and national.document.level == "quốc gia"
    assert hits.index(national) <= 1
    assert all(GRDP not in h.text or h.document.level == "tỉnh" for h in hits)


def test_english_question_finds_the_same_clause(retriever):
    hits = retriever.search("What is Soc Trang province's digital economy target for 2030?")
    assert any(GRDP in h.text and h.document.number == "67-CTr/TU" for h in hits[:3])


def test_abbreviation_only_question(retriever):
    hits = retriever.search("mục tiêu CĐS của ST đến 2030")
    assert hits[0].document.number == "67-CTr/TU"
    assert any(GRDP in h.text for h in hits[:3])


def test_who_signed_is_answered_by_the_document_card(retriever):
    hits = retriever.search("Ai ký Chương trình 67?")
    assert hits[0].chunk.kind == "card" and "Hồ Thị Cẩm Đào" in hits[0].text


def test_list_question_gets_the_outline(retriever):
    hits = retriever.search("Nhiệm vụ, giải pháp của Nghị quyết 57 gồm những gì?")
    assert hits[0].chunk.kind == "outline" and hits[0].document.number == "57-NQ/TW"
    assert "Tăng cường hợp tác quốc tế" in hits[0].text


def test_comparison_gives_each_side_room(retriever):
    hits = retriever.search("So sánh mục tiêu kinh tế số của NQ57 và CTr67", budget_chars=1500)
    numbers = [h.document.number for h in hits]
    assert "57-NQ/TW" in numbers[:2] and "67-CTr/TU" in numbers[:2]


def test_filters_restrict_by_document_and_level(retriever):
    hits = retriever.search("mục tiêu kinh tế số đến năm 2030", filters=SearchFilters(docs=["57"]))
    assert hits and {h.document.number for h in hits} == {"57-NQ/TW"}
    hits = retriever.search("chuyển đổi số", filters=SearchFilters(levels=["tỉnh"], provinces=["Quảng Trị"]))
    assert hits and {h.document.province for h in hits} == {"Quảng Trị"}
    assert retriever.search("chuyển đổi số", filters=SearchFilters(years=[1999])) == []


def test_results_stop_at_the_character_budget(retriever):
    hits = retriever.search("chuyển đổi số", k=50, budget_chars=800)
    assert hits and sum(len(h.text) for h in hits) <= 800
    assert len({h.chunk.clause_id for h in hits}) == len(hits)  # one hit per clause


def test_tone_mark_placement_does_not_matter(retriever):
    old = retriever.search("thể chế hoá đầy đủ các nghị quyết", mode="sparse", k=3)
    new = retriever.search("thể chế hóa đầy đủ các nghị quyết", mode="sparse", k=3)
    assert [h.chunk.chunk_id for h in old] == [h.chunk.chunk_id for h in new]


@pytest.mark.parametrize("question", ["", "   \n\t ", "x" * 5000])
def test_bad_questions_get_clear_errors(retriever, question):
    with pytest.raises(QuestionError):
        retriever.search(question)


def test_hostile_text_is_just_text(retriever):
    hits = retriever.search("'; DROP TABLE chunks; -- <script>alert(1)</script> {name} %s \x00")
    assert isinstance(hits, list)


def test_sentence_packing_gives_each_side_of_a_comparison_room(retriever):
    """At the answer budget the national side's long clauses took all the room with whole clauses; cut to their
    sentences about the question, both documents' digital-economy targets reach the model."""
    from nghiquyet.index.retriever import HybridRetriever

    question = "So sánh mục tiêu quy mô kinh tế số đến năm 2030 của Nghị quyết 57 và Chương trình 67."
    assert retriever.settings.retrieval.packing == "sentence"  # the default
    packed = retriever.search(question, budget_chars=1000)
    assert any(GDP in h.text for h in packed) and any(GRDP in h.text for h in packed)
    assert sum(len(h.text) for h in packed) <= 1000
    whole = HybridRetriever(retriever.data, retriever.embedder,
                            retriever.settings.evolve({"retrieval.packing": "clause"}),
                            retriever.analyzer.abbreviations).search(question, budget_chars=1000)
    assert not (any(GDP in h.text for h in whole) and any(GRDP in h.text for h in whole))


def test_bridge_step_finds_what_the_signer_said(retriever):
    hits = retriever.search("Người ký Chương trình 67 đã phát biểu chỉ đạo tại sự kiện nào về Nghị quyết 57?",
                            budget_chars=1500)
    assert any("Phát biểu chỉ đạo tại Hội thảo" in h.text for h in hits)


def test_a_retriever_built_to_switch_a_rule_off_reads_abbreviations_as_the_configured_one(fake_retriever):
    # Tests (and anyone) building HybridRetriever directly to turn one rule off compared a retriever with no
    # glossary against the configured one: "KHCN" was not read as "khoa học, công nghệ" on one side only.
    from nghiquyet.index.retriever import HybridRetriever

    question = "Mục tiêu KHCN của Chương trình 67 là gì?"
    configured = fake_retriever.analyse(question)
    built = HybridRetriever(fake_retriever.data, fake_retriever.embedder,
                            fake_retriever.settings.evolve({"retrieval.disabled_rules": "figure"})).analyse(question)
    assert configured.abbreviations and built.abbreviations == configured.abbreviations
    assert built.expanded == configured.expanded
