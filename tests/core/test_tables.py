"""A table row as ingested ("Header: text | Header: text", the table's caption and headers in ``Chunk.table``):
its cells, its numbers and the labels a question names. Rows and labels are real ones, from the Word files of
bench/data/word-tables (provenance in its README)."""

import unicodedata

from nghiquyet.core.tables import (
    cell_number,
    is_total_row,
    label_words,
    named_label,
    names_row,
    row_cells,
    row_counts,
    row_label,
    rows_with_named_value,
    words_of,
)

# Thông tư 34/2026/TT-BXD, Bảng 1.1: a header over two rows ("Cấp công trình" over "Đặc biệt", "I", "II", "III").
GRADES = ("(Ban hành kèm theo Thông tư số 34/2026/TT-BXD …) — Bảng 1.1 Phân cấp công trình sử dụng cho mục đích dân "
          "dụng (công trình dân dụng) | STT | Loại công trình | Tiêu chí phân cấp | Cấp công trình")
HOSPITALS = ("STT: 1.1.2 | Loại công trình: 1.1.2.1 Bệnh viện đa khoa, bệnh viện chuyên khoa từ trung ương đến địa "
             "phương (Bệnh viện trung ương không thấp hơn cấp I) | Tiêu chí phân cấp: Tổng số giường bệnh lưu trú | "
             "Cấp công trình Đặc biệt: >1.000 | Cấp công trình I: 500 ÷ 1.000 | Cấp công trình II: 250 ÷ <500 | "
             "Cấp công trình III: <250")
# Báo cáo của Văn phòng UBND tỉnh Lào Cai, Phụ lục 2: the clusters offered to investors, and their total.
CLUSTERS = ("Phụ lục 2 — DANH MỤC CỤM CÔNG NGHIỆP THU HÚT MỜI GỌI NHÀ ĐẦU TƯ HẠ TẦNG GIAI ĐOẠN 2026-2030 | TT | Tên cụm "
            "công nghiệp | Vị trí (xã/phường) | Diện tích (ha) | TMĐT dự kiến (tỷ đồng) | Nhận xét (về quy mô, vị trí)")
CAM_DUONG = ("TT: 15 | Tên cụm công nghiệp: CCN Cam Đường 2 | Vị trí (xã/phường): phường Cam Đường | Diện tích (ha): 12 "
             "| TMĐT dự kiến (tỷ đồng): 144 | Nhận xét (về quy mô, vị trí): Quy mô nhỏ nhất danh mục (12 ha)")


def words(question: str) -> set[str]:
    return set(words_of(question))


def test_a_rows_cells_are_split_at_its_headers_and_at_the_labels_of_a_second_header_row():
    cells = row_cells(HOSPITALS, GRADES)
    assert [header for header, _ in cells] == ["STT", "Loại công trình", "Tiêu chí phân cấp", "Cấp công trình Đặc biệt",
                                               "Cấp công trình I", "Cấp công trình II", "Cấp công trình III"]
    assert cells[2] == ("Tiêu chí phân cấp", "Tổng số giường bệnh lưu trú")
    # a label that is no header (nor a header with a sub-label) is the cell's own text
    assert row_cells("STT: 3 | Nội dung: Ghi chú: xem Phụ lục | Khác: 1", "Bảng | STT | Nội dung") == [
        ("STT", "3"), ("Nội dung", "Ghi chú: xem Phụ lục | Khác: 1")]


def test_a_cell_states_its_first_number_in_vietnamese_marks_and_a_date_or_a_code_is_no_number():
    assert cell_number("7,5") == 7.5
    assert cell_number("1.311,4") == 1311.4
    assert cell_number("> 1.000") == 1000.0
    assert cell_number("500 ÷ 1.000") == 500.0
    assert cell_number("12 ha") == 12.0
    assert cell_number("04/5/1992") is None
    assert cell_number("1.1.2") is None
    assert cell_number("Khá") is None


def test_a_total_row_is_told_from_the_rows_it_adds_up():
    assert is_total_row("Tổng cộng | Diện tích (ha): 1.311,4 | TMĐT dự kiến (tỷ đồng): 15.738", CLUSTERS)
    assert is_total_row("Tên cụm công nghiệp: Cộng (I+II) | Diện tích (ha): 5", CLUSTERS)
    assert not is_total_row(CAM_DUONG, CLUSTERS)
    assert not is_total_row("TT: 3 | Tên cụm công nghiệp: Tổng mức đầu tư khu A | Diện tích (ha): 5", CLUSTERS)


def test_a_question_names_a_column_or_a_group_by_all_of_its_words():
    assert label_words("I. CHỈ HUY NỔ MÌN (11 người)") == {"chỉ", "huy", "nổ", "mìn"}
    question = words("Trong nhóm chỉ huy nổ mìn được Sở Công Thương công nhận, ai có điểm thi thấp nhất?")
    assert named_label(["Họ và tên", "Chức danh", "Điểm thi", "Kết quả"], question) == "Điểm thi"
    assert named_label(["I. CHỈ HUY NỔ MÌN (11 người)", "II. THỢ MÌN (27 người)"], question) == \
        "I. CHỈ HUY NỔ MÌN (11 người)"
    assert named_label(["Diện tích (ha)", "TMĐT dự kiến (tỷ đồng)"], question) is None


def test_the_row_a_question_names_whole_is_told_from_rows_whose_longer_labels_hold_its_words():
    table = "Bảng B | STT | Nhóm hóa chất | Ngưỡng khối lượng hóa chất tồn trữ lớn nhất tại một thời điểm (kg)"
    question = words("Theo Bảng B, ngưỡng tồn trữ đối với khí dễ cháy cấp 1, cấp 2 là bao nhiêu?")
    named = "STT: 3 | Nhóm hóa chất: Khí dễ cháy cấp 1, cấp 2 | Ngưỡng khối lượng hóa chất tồn trữ lớn nhất tại một " \
            "thời điểm (kg): 10.000"
    beside = ("STT: 4 | Nhóm hóa chất: Sol khí dễ cháy cấp 1 và cấp 2, có chứa khí dễ cháy cấp 1, cấp 2 hoặc chất "
              "lỏng dễ cháy cấp 1 | Ngưỡng khối lượng hóa chất tồn trữ lớn nhất tại một thời điểm (kg): 150.000")
    assert row_label(named, table) == "Khí dễ cháy cấp 1, cấp 2"
    assert names_row(named, table, question) and not names_row(beside, table, question)
    # the body in charge is named by many questions, in many rows: it is not what a row is about
    plan = "Phụ lục | STT | Nhiệm vụ | Cơ quan chủ trì"
    assert not names_row("STT: 4 | Nhiệm vụ: Chủ động đề xuất áp dụng các sáng kiến | Cơ quan chủ trì: Sở Nội vụ",
                         plan, words("Báo cáo của Sở Nội vụ Lâm Đồng nêu những sáng kiến nào?"))


def test_a_row_counts_a_unit_its_criterion_cell_names_with_the_number_in_another_cell():
    assert row_counts(HOSPITALS, GRADES, ("giường",))
    assert not row_counts(HOSPITALS, GRADES, ("học sinh",))
    assert not row_counts("STT: 1.1.2 | Tiêu chí phân cấp: Tổng số giường bệnh lưu trú", GRADES, ("giường",))


def test_a_row_is_found_by_the_value_a_question_gives_a_column_it_names():
    table = "Danh sách xã, phường trọng điểm | STT | Đơn vị | Phân loại"
    rows = list(enumerate(["STT: 1 | Đơn vị: Xã Phan Rí Cửa | Phân loại: II",
                           "STT: 2 | Đơn vị: Phường Xuân Hương - Đà Lạt | Phân loại: III",
                           "STT: 3 | Đơn vị: Xã Tân Lập | Phân loại: III"]))
    assert rows_with_named_value("Đơn vị nào được phân loại II?", rows, table) == [0]
    assert rows_with_named_value("Những đơn vị nào có phân loại: III?", rows, table) == [1, 2]
    # "II" is not "III"'s first word, nor is the value asked about when the question gives none
    assert rows_with_named_value("Xã Tân Lập được phân loại mấy?", rows, table) == []
    assert rows_with_named_value("Đơn vị nào xếp loại II?", rows, table) == []  # a column it does not name
    # a value several words long, given after "là"
    assert rows_with_named_value("Đơn vị là xã Tân Lập thuộc loại nào?", rows, table) == [2]


def test_tone_marks_placed_either_way_are_the_same_words_for_labels_and_values():
    # Word files and typists place the tone mark either way ("hoá"/"hóa", "thuỷ"/"thủy"); NFD text (typed on a Mac)
    # is the same word too. A question written the other way still names the column and the value.
    table = "Bảng B | STT | Nhóm hoá chất | Loại công trình"
    rows = list(enumerate(["STT: 1 | Nhóm hoá chất: Khí dễ cháy | Loại công trình: Thuỷ điện",
                           "STT: 2 | Nhóm hoá chất: Chất lỏng dễ cháy | Loại công trình: Thủy lợi",
                           "STT: 3 | Nhóm hoá chất: Chất rắn | Loại công trình: Thủy lợi"]))
    assert rows_with_named_value("Nhóm hóa chất nào có loại công trình là thủy điện?", rows, table) == [0]
    assert named_label(["STT", "Nhóm hoá chất"], words("Có bao nhiêu nhóm hóa chất?")) == "Nhóm hoá chất"
    assert label_words(unicodedata.normalize("NFD", "Nhóm hóa chất")) == label_words("Nhóm hoá chất")
