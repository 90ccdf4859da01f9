"""Questions about a target answered from the targets table: the document's figure and words, its clause
cited, whatever the model would have said; and the cases where the table must not answer."""

from nghiquyet.chat.answer import AnswerService

from tests.fakes import ScriptedGenerator

WRONG = "Tăng trưởng kinh tế số của Sóc Trăng đạt tối thiểu 30% GRDP [1]."  # right figure, wrong indicator


def service(fake_index, fake_retriever, table_answers: bool = True) -> AnswerService:
    settings, _ = fake_index
    settings = settings.evolve({"generation.table_answers": table_answers})
    return AnswerService(fake_retriever, settings, generator=ScriptedGenerator(WRONG))


def test_a_target_question_is_answered_with_the_documents_indicator_and_figure(fake_index, fake_retriever):
    answer = service(fake_index, fake_retriever).ask("Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?")
    assert answer.mode == "extractive" and not answer.refused
    assert "Quy mô kinh tế số đến năm 2030: tối thiểu 30% GRDP" in answer.text
    assert "Tăng trưởng" not in answer.text
    assert answer.citations[0].doc_number == "67-CTr/TU" and "GRDP" in answer.citations[0].quote
    assert any("bảng chỉ tiêu" in note for note in answer.notes)


def test_national_and_provincial_figures_are_not_mixed(fake_index, fake_retriever):
    answer = service(fake_index, fake_retriever).ask("Nghị quyết 57 đặt mục tiêu quy mô kinh tế số đến năm 2030 "
                                                     "là bao nhiêu?")
    assert "tối thiểu 30% GDP" in answer.text and "GRDP" not in answer.text
    assert answer.citations[0].doc_number == "57-NQ/TW"


def test_another_provinces_question_is_never_answered_with_this_ones_figure(fake_index, fake_retriever):
    answer = service(fake_index, fake_retriever).ask("Tỉnh Quảng Trị đặt mục tiêu quy mô kinh tế số đạt bao "
                                                     "nhiêu phần trăm GRDP vào năm 2030?")
    assert not any("bảng chỉ tiêu" in note for note in answer.notes)


def test_off_by_configuration_the_model_answers(fake_index, fake_retriever):
    answer = service(fake_index, fake_retriever, table_answers=False).ask(
        "Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?")
    assert not any("bảng chỉ tiêu" in note for note in answer.notes)


AMENDED_PLAN = ("ỦY BAN NHÂN DÂN TỈNH SÓC TRĂNG\nSố: 88/KH-UBND\nSóc Trăng, ngày 10 tháng 6 năm 2026\nKẾ HOẠCH\n"
                "Điều chỉnh mục tiêu phát triển kinh tế số tỉnh Sóc Trăng đến năm 2030\nI. MỤC TIÊU\n"
                "1. Đến năm 2030, quy mô kinh tế số đạt tối thiểu 35% GRDP của tỉnh.\n")


def test_documents_that_disagree_on_a_target_are_both_shown_with_their_dates(tmp_path, corpus_copy):
    from nghiquyet.index.retriever import HybridRetriever
    from nghiquyet.ingest.pipeline import run_ingest

    from tests.conftest import fake_settings

    (corpus_copy / "ke-hoach-88.txt").write_text(AMENDED_PLAN, encoding="utf-8")
    settings = fake_settings(tmp_path, {"data_dir": corpus_copy})
    run_ingest(settings)
    service = AnswerService(HybridRetriever.from_settings(settings), settings, generator=ScriptedGenerator(WRONG))
    answer = service.ask("Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?")
    assert "khác nhau" in answer.text.splitlines()[0]
    assert "tối thiểu 30% GRDP" in answer.text and "tối thiểu 35% GRDP" in answer.text
    assert {c.doc_number for c in answer.citations} == {"67-CTr/TU", "88/KH-UBND"}
    assert "ngày 10/06/2026" in answer.text  # each figure with its document's date
    assert "GDP —" not in answer.text  # Resolution 57's national figure is another target, not a disagreement
    # asked in English, the other document's figure is found even when its clause is not among the retrieved ones,
    # and of the documents giving 30% the programme that set it is shown, not the guidance that restates it
    english = service.ask("What is Soc Trang's digital economy target for 2030?")
    assert english.text.startswith("The documents give different figures")
    assert "tối thiểu 30% GRDP" in english.text and "tối thiểu 35% GRDP" in english.text
    assert {c.doc_number for c in english.citations} == {"67-CTr/TU", "88/KH-UBND"}
