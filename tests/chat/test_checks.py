"""The checks the code owns, on crafted bad model outputs."""

from nghiquyet.chat.checks import check_answer
from nghiquyet.core.lexicon import figures, keep_citations

GRDP_BLOCK = ("[1] Chương trình số 67-CTr/TU, tỉnh Sóc Trăng — II- MỤC TIÊU › 2. Mục tiêu cụ thể đến năm 2030 › (2)\n"
              "(2) Đóng góp của năng suất nhân tố tổng hợp (TFP) vào tăng trưởng kinh tế ở mức trên 55%. "
              "Quy mô kinh tế số đạt tối thiểu 30% GRDP.")
GDP_2045 = ("[2] Nghị quyết số 57-NQ/TW, cấp quốc gia — II- MỤC TIÊU › 2. Tầm nhìn đến năm 2045 › đoạn 1\n"
            "Việt Nam có quy mô kinh tế số đạt tối thiểu 50% GDP;")
EVIDENCE = [GRDP_BLOCK, GDP_2045]
QUESTION = "Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?"


def test_a_correct_answer_passes():
    result = check_answer("Quy mô kinh tế số của Sóc Trăng đến năm 2030 đạt tối thiểu 30% GRDP [1].", EVIDENCE, QUESTION)
    assert result.ok and result.cited == [1]


def test_gdp_written_for_grdp_fails():
    result = check_answer("Quy mô kinh tế số đạt tối thiểu 30% GDP [1].", EVIDENCE, QUESTION)
    assert not result.ok and "GRDP" in result.problems[0]


def test_changed_qualifier_fails():
    assert not check_answer("Quy mô kinh tế số đạt trên 30% GRDP [1].", EVIDENCE, QUESTION).ok
    assert not check_answer("Quy mô kinh tế số đạt 30% GRDP [1].", EVIDENCE, QUESTION).ok


def test_invented_figure_fails_and_is_marked_invented():
    result = check_answer("Tỉnh Sóc Trăng có 1 trạm phát sóng 5G [1].", EVIDENCE, "Sóc Trăng có bao nhiêu trạm 5G?")
    assert not result.ok and result.invented and "“1”" in result.problems[0]


def test_wrong_evidence_number_is_dropped():
    result = check_answer("Quy mô kinh tế số đạt tối thiểu 30% GRDP [7].", EVIDENCE, QUESTION)
    assert result.dropped == [7] and result.cited == []
    assert keep_citations("Đạt tối thiểu 30% GRDP [1][7].", {1, 2}) == "Đạt tối thiểu 30% GRDP [1]."


def test_figure_from_another_target_year_fails():
    result = check_answer("Quy mô kinh tế số đạt tối thiểu 50% GDP [2].", EVIDENCE,
                          "Nghị quyết 57 đặt mục tiêu quy mô kinh tế số đến năm 2030 là bao nhiêu?")
    assert not result.ok and "2045" in result.problems[0]


def test_figure_from_a_sentence_about_something_else_fails():
    result = check_answer("Mục tiêu kinh tế số của Sóc Trăng là trên 55% [1].", EVIDENCE, QUESTION)
    assert not result.ok and "không nói về" in result.problems[0]


def test_figures_ignore_technology_names_and_keep_ranges_dates_and_bases():
    found = [f.text for f in figures("Phủ sóng 5G, 6G; đạt 12 người; tăng 16 - 18%/năm; ngày 22/12/2024; tối thiểu 30% GRDP")]
    assert found == ["12", "16 - 18%", "22/12/2024", "tối thiểu 30% GRDP"]


def test_a_capitalised_word_starting_a_sentence_is_not_a_name():
    # "Trong đoạn" was read as a name: the range À-Ỹ holds lower-case letters (đ, ơ, ư…) between its capitals.
    block = ("[1] Chương trình hành động, cấp quốc gia — PHỤ LỤC 2: DANH MỤC NHIỆM VỤ › đoạn 1\n"
             "Đóng cửa 43 bãi chôn lấp chất thải rắn sinh hoạt.")
    result = check_answer("Trong đoạn [1], Phụ lục 2 nêu cần đóng cửa 43 bãi chôn lấp. Trong Phụ lục 2 có 43 bãi.",
                          [block], "Theo Phụ lục 2, cần đóng cửa bao nhiêu bãi chôn lấp?")
    assert result.ok, result.problems
    assert not check_answer("Đoàn do ông Nguyễn Văn Trung phụ trách [1].", [block]).ok  # a made-up person still fails


def test_a_figure_written_with_a_leading_zero_or_in_a_heading_is_supported():
    block = ("[1] Kết luận số 75-KL/TW, cấp quốc gia — Sau hơn 13 năm thực hiện Nghị quyết số 24-NQ/TW › "
             "2. Phó Trưởng đoàn › đoạn 3, tr. 4\nĐoàn giám sát có 03 Tổ công tác; Công văn số 3917/BTP-BTTP nêu rõ.")
    assert check_answer("Sau hơn 13 năm thực hiện Nghị quyết 24-NQ/TW [1].", [block]).ok
    assert check_answer("Đoàn giám sát có 3 Tổ công tác [1].", [block]).ok
    # the locator's paragraph and page, and a heading's list marker, are not the document's figures
    for made_up in ("Đoàn có 2 tổ [1].", "Đoàn có 4 tổ [1]."):
        result = check_answer(made_up, [block])
        assert not result.ok and result.invented


def test_a_ministry_named_in_english_is_checked_in_the_documents_words():
    """A real answer of the default model on the readers' set (q028): Quyết định 2319/QĐ-TTg gives the Ministry
    of Public Security (Bộ Công an); the model wrote the Ministry of Defense, which no capitalised-name rule saw."""
    evidence = ["[1] Quyết định số 2319/QĐ-TTg, cấp quốc gia — Điều 1. Thành lập Ban Chỉ đạo quốc gia về dữ liệu › 4.\n"
                "4. Bộ trưởng Bộ Công an Đại tướng Lương Tam Quang, Phó Trưởng Ban Thường trực Ban Chỉ đạo."]
    question = ("Which ministry serves as the standing body (cơ quan thường trực) of the National Steering Committee "
                "on Data?")
    made_up = check_answer("The Ministry of Defense serves as the standing body (cơ quan thường trực) of the National "
                           "Steering Committee on Data. [1]", evidence, question)
    assert not made_up.ok and "Bộ Quốc phòng" in made_up.problems[0]
    right = check_answer("The Ministry of Public Security serves as the standing body of the National Steering "
                         "Committee on Data. [1]", evidence, question)
    assert right.ok, right.problems  # the English name is not taken for an unknown capitalised name either


def test_a_name_is_checked_against_the_clause_the_answer_cites():
    """A name that only another evidence block holds is no support for the clause cited: the answer is checked
    against what it cites, names as figures (the signer is on the document card, not in the target clause)."""
    card = ("[2] Chương trình số 67-CTr/TU, tỉnh Sóc Trăng — Thông tin văn bản\n"
            "người ký: Hồ Thị Cẩm Đào (T/M BAN THƯỜNG VỤ, PHÓ BÍ THƯ THƯỜNG TRỰC).")
    question = "Ai ký Chương trình 67?"
    assert not check_answer("Chương trình 67 do bà Hồ Thị Cẩm Đào ký [1].", [GRDP_BLOCK, card], question).ok
    assert check_answer("Chương trình 67 do bà Hồ Thị Cẩm Đào ký [2].", [GRDP_BLOCK, card], question).ok
    assert check_answer("Chương trình 67 do bà Hồ Thị Cẩm Đào ký.", [GRDP_BLOCK, card], question).ok  # cites none
