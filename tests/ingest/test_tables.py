"""Tables: a layout table (header or signature block) becomes lines, a data table labelled rows, whatever its
cells mention."""

from nghiquyet.ingest.readers import read_source
from nghiquyet.ingest.readers.tables import is_layout

from tests.conftest import REPO

GUIDE = REPO / "shared" / "real-documents" / "files" / "hd-36-hd-vptw-2018.docx"  # Hướng dẫn 36-HD/VPTW
WORD_TABLES = REPO / "bench" / "data" / "word-tables"  # real Word files (README.md there: provenance)


def test_a_guides_table_of_how_to_type_the_motto_is_data_and_its_header_block_is_layout():
    """Phụ lục 3 of the guidance on Party documents is a 39 x 6 table of how each part of a document is typed;
    its cells show "ĐẢNG CỘNG SẢN VIỆT NAM" and "Số 127-QĐ/TW", which made it a layout table: its cells became
    loose lines ("In hoa", "15", "Đứng, đậm"), repeated ones dropped, and no row could be found or quoted."""
    blocks = read_source(GUIDE).blocks
    row = next(b for b in blocks if b.table and 'Tiêu đề "Đảng Cộng sản Việt Nam"' in b.text)
    assert "Loại chữ: In hoa | Cỡ chữ: 15 | Kiểu chữ: Đứng, đậm" in row.text and row.table.startswith("PHỤ LỤC 3")
    assert sum(1 for b in blocks if b.table) >= 35
    # The document's own header, laid out as a 2 x 2 table, is still read as its lines.
    head = blocks[:8]
    assert not any(b.table for b in head) and any(b.text == "Số: 36-HD/VPTW" for b in head)


def test_small_tables_with_a_motto_number_or_signature_are_layout_and_big_ones_data():
    header = [["ỦY BAN NHÂN DÂN TỈNH LÀO CAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
              ["Số: 5973/UBND-KT", "Lào Cai, ngày 10 tháng 11 năm 2026"]]
    signature = [["Nơi nhận:\n- Như trên;", "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH"]]
    assert is_layout(header) and is_layout(signature)
    register = [["TT", "Văn bản", "Ngày"]] + [[str(i), f"Số: {i}/QĐ-UBND", f"ngày {i} tháng 3 năm 2025"]
                                           for i in range(1, 6)]
    assert not is_layout(register)  # five rows of document numbers and dates: a register, not a header
    assert not is_layout([["TT", "Chỉ tiêu", "Đơn vị", "Năm 2030"], ["1", "Độc lập - Tự do", "%", "5"]])


def test_a_pdf_tables_merged_cells_are_cells_and_its_group_headers_label_their_columns():
    """pdfplumber gives a cell covered by a merged one as None. Read as blanks, Sở Nội vụ Lâm Đồng's table of the
    2024 indices (four groups "PAR Index | SIPAS | PAPI | PCI" over "Điểm số | Thứ hạng") was mostly empty and
    dropped as a blank form, leaving only its text-layer jumble ("Điểm số Thứ hạng Chỉ số Thứ hạng …"); Thanh Hóa's
    OKR/KPI appendix lost its whole table so (40 rows)."""
    from nghiquyet.ingest.readers.tables import merged_as_spans, table_blocks

    assert merged_as_spans([["A", None, "B"], [None, "x", None]]) == ([["A", "B"], ["", "x"]], [[2, 1], [1, 2]])
    cells = [["23"], *[[f"dòng {i} của ghi chú", ""] for i in range(5)]]
    note = table_blocks(cells, spans=[[2], *[[1, 1]] * 5])
    assert all(":" not in b.text for b in note)  # a cell across the whole table is a note, not a column header
    report = REPO / "shared" / "real-documents-3" / "files" / "lamdong_snv_bc_228_chiso.pdf"
    rows = [b.text for b in read_source(report).blocks if b.table]
    assert ("Tỉnh (trước sắp xếp): Lâm Đồng | PAR Index Điểm số: 83,1/100 | PAR Index Thứ hạng: 62/63 | SIPAS Chỉ số: "
            "83,0% | SIPAS Thứ hạng: 39/63") in rows[0]


def test_a_pdf_tables_text_layer_gives_way_to_its_labelled_rows_in_place():
    """pypdf lays a table out as its words line by line ("Điểm số Thứ hạng Chỉ số Thứ hạng …", "Đồng 83,1/100 62/63
    83,0% …"); that jumble was indexed beside the table's labelled rows and won the quote over them (r3-026), and
    the rows came at the end of the page, under the page's last heading. Now the rows stand where the table was."""
    report = REPO / "shared" / "real-documents-3" / "files" / "lamdong_snv_bc_228_chiso.pdf"
    source = read_source(report)
    texts = [b.text.strip() for b in source.blocks]
    assert not any("83,1/100 62/63" in text for text, b in zip(texts, source.blocks, strict=True) if not b.table)
    assert "Điểm số Thứ hạng Chỉ số Thứ hạng Điểm số Thứ hạng Điểm số Thứ hạng" not in texts
    first_row = next(i for i, b in enumerate(source.blocks) if b.table)
    assert texts[first_row - 1] == "I. VỀ KẾT QUẢ CÁC CHỈ SỐ NĂM 2024 CỦA TỈNH"
    assert texts[first_row + 3] == "II. TÌNH HÌNH THỰC HIỆN CÁC CHỈ SỐ NĂM 2025"
    assert any("dòng của lớp chữ" in note for note in source.notes)  # said, not silently replaced


def test_how_a_file_was_read_reaches_its_documents_notes(tmp_path):
    """The reader's word that table lines were replaced by rows was kept in SourceText and never shown: a
    person checking a citation against the PDF would find text laid out otherwise. It is now part of the
    document, shown by `nghiquyet docs` and the Văn bản tab."""
    from nghiquyet.core.lexicon import load_provinces
    from nghiquyet.core.reading import document_notes
    from nghiquyet.ingest.metadata import MetadataOverrides
    from nghiquyet.ingest.parse import parse_source

    from tests.conftest import DATA, fake_settings

    report = REPO / "shared" / "real-documents-3" / "files" / "lamdong_snv_bc_228_chiso.pdf"
    documents, _ = parse_source(report, MetadataOverrides({}), load_provinces(DATA / "provinces.toml"),
                                fake_settings(tmp_path).ingest)
    (note,) = [line for line in document_notes(documents[0]) if line.startswith("Cách đọc tệp")]
    assert "đọc theo từng hàng của bảng" in note
    assert documents[0].from_dict(documents[0].to_dict()).reading == documents[0].reading
    # A file read as it is laid out says nothing of the kind.
    plain, _ = parse_source(GUIDE, MetadataOverrides({}), load_provinces(DATA / "provinces.toml"),
                            fake_settings(tmp_path).ingest)
    assert not any(line.startswith("Cách đọc tệp") for line in document_notes(plain[0]))


def test_a_pdf_table_read_without_a_column_keeps_its_text_layer():
    """pdfplumber read Thanh Hóa's OKR appendix without its KPI column: had the rows taken the place of the lines
    they cover, each KPI line would have been torn from the row it belongs to. Lines of the text layer (page 5,
    as pypdf reads them) with the table pdfplumber found there."""
    from nghiquyet.ingest.readers.pdf import _cells_side_by_side, _page_blocks, _PageTable, _words
    from nghiquyet.ingest.readers.tables import table_blocks

    lines = ["Bảng 1. Nhóm lãnh đạo Đoàn đại biểu Quốc hội tỉnh chuyên trách ", "1 ", "Phó Trưởng ",
             "Đoàn đại biểu ", "Quốc hội tỉnh ", "Chỉ đạo, tổ chức tham gia xây dựng ",
             "pháp luật; điều hành công tác giám ", "sát chuyên đề của Đoàn tại địa ", "phương. ",
             "100% dự án luật, dự thảo nghị quyết đ", "có ý kiến tham gia đúng hạn, có lập luận, có c", "2 ",
             "Phó Trưởng ", "Đoàn đại biểu ", "Quốc hội tỉnh ", "Tổng hợp, theo dõi việc giải quyết ",
             "kiến nghị của cử tri; tiếp công dân, ", "xử lý đơn thư. ", "100% kiến nghị cử tri được tổng hợp"]
    cells = [["STT", "Vị trí công việc", "Danh mục nhiệm vụ cốt lõi"],
             ["1", "Phó Trưởng\nĐoàn đại biểu\nQuốc hội tỉnh", "Chỉ đạo, tổ chức tham gia xây dựng\npháp luật; điều "
              "hành công tác giám\nsát chuyên đề của Đoàn tại địa\nphương."],
             ["2", "Phó Trưởng\nĐoàn đại biểu\nQuốc hội tỉnh", "Tổng hợp, theo dõi việc giải quyết\nkiến nghị của cử "
              "tri; tiếp công dân,\nxử lý đơn thư."]]
    assert _cells_side_by_side(cells)
    table = _PageTable(table_blocks(cells, page=5, forms=False),
                       {_words(line) for row in cells for cell in row for line in cell.split("\n")})
    blocks, replaced = _page_blocks(lines, 5, [table])
    assert replaced == 0 and [b.text for b in blocks[:len(lines)]] == lines  # the text layer stays, in order
    whole = _PageTable(table.rows, table.cell_lines | {_words(line) for line in lines[9:11] + lines[18:]})
    blocks, replaced = _page_blocks(lines, 5, [whole])  # had it read the KPI column, its rows take the place
    assert replaced == len(lines) - 1 and blocks[0].text == lines[0] and all(b.table for b in blocks[1:])
    # A frame around prose (rows of one cell) is not a table whose lines give way.
    assert not _cells_side_by_side([["Để đẩy nhanh tiến độ triển khai thực hiện"], ["trong thời gian tới; đảm bảo"],
                                    ["1. Yêu cầu Thủ trưởng các cơ quan", ""]])


PAGES = REPO / "tests" / "ingest" / "data"  # Word files of shared/ printed to PDF (README.md there)


def test_a_pdf_table_goes_on_over_a_page_break_with_its_header_and_its_cut_rows_mended():
    """Word lets a row break across a page (its default) and repeats the header row only when asked; each page's
    table was read alone. In Thông tư 14/2024/TT-BCT's Biểu 03 printed from Word, the end of row 13 that opens
    the next page ("cụm công nghiệp (tính theo dự án được phê duyệt)") was taken for that page's header, so 19
    rows were labelled with it, and the rows of a page that did not repeat the header had no column labels. In
    Lâm Đồng's plan, row 11's "Sở Khoa" and "học và Công nghệ" were two rows, the second without its ordinal."""
    circular = [b for b in read_source(PAGES / "tt-14-2024-tt-bct-bieu-p5-8.pdf").blocks if b.table]
    texts = [b.text for b in circular]
    assert ("TT: 13 | Chỉ tiêu: Tổng vốn đầu tư xây dựng hạ tầng kỹ thuật của các cụm công nghiệp (tính theo dự án "
            "được phê duyệt) | Đơn vị tính: Tỷ đồng") in texts
    assert not any("cụm công nghiệp (tính theo dự án được phê duyệt):" in b.text + b.table for b in circular)
    assert ("TT: 2 | Chỉ tiêu: Tổng vốn đã đầu tư xây dựng hạ tầng kỹ thuật (tổng vốn lũy kế đã thanh toán) | "
            "Đơn vị tính: Tỷ đồng") in texts  # first on its page, under the header of the page before
    assert "TT: 15.1 | Chỉ tiêu: Số lượng cụm công nghiệp hoạt động đã thành lập | Đơn vị tính: Cụm" in texts
    plan = [b for b in read_source(PAGES / "lamdong-kh-cchc-2026-2030-p24-25.pdf").blocks if b.table]
    row = next(b for b in plan if b.text.startswith("STT: 11 |"))
    assert row.page == 1 and ("Phối hợp thực hiện: Sở Khoa học và Công nghệ | Theo dõi, kiểm tra, đôn đốc: Sở Khoa "
                              "học và Công nghệ") in row.text
    assert "Nhiệm vụ: Giao Công an tỉnh tham mưu UBND tỉnh triển khai ứng dụng AI" in row.text
    assert not any(b.text.startswith("Nhiệm vụ: UBND tỉnh triển khai") for b in plan)  # no longer a row of its own
    notes = read_source(PAGES / "lamdong-kh-cchc-2026-2030-p24-25.pdf").notes  # said, as docs shows it
    assert any(note.startswith("1 lần bảng tiếp sang trang sau") for note in notes)
    assert any(note.startswith("1 hàng bảng bị ngắt trang được nối lại") for note in notes)
    assert any(b.text == "Nhiệm vụ: được giao." for b in plan)  # the end of a row of a page not in the file stays


def test_only_a_table_with_the_same_columns_at_the_top_of_the_next_page_goes_on_and_only_a_row_without_ordinal_is_cut():
    from nghiquyet.ingest.readers.pdf import _FoundTable, _joined_across_pages

    def page(number: int, rows: list[list[str]], columns: tuple[int, ...] = (50, 90, 300, 400)) -> _FoundTable:
        return _FoundTable(number, rows, [[1] * len(row) for row in rows], columns, opens_page=True, ends_page=True)

    header = ["TT", "Nhiệm vụ", "Chủ trì"]
    first = page(1, [header, ["1", "Rà soát thủ tục", "Sở Tư"], ["2", "Số hóa hồ sơ", "Văn phòng UBND"]])
    rest = page(2, [["", "hành chính", "pháp"], ["3", "Tổng kết", "Sở Nội vụ"]])
    _joined_across_pages([first, rest])
    assert first.cells[-1] == ["2", "Số hóa hồ sơ\nhành chính", "Văn phòng UBND\npháp"]  # the row above the break
    assert rest.cells == [header, ["3", "Tổng kết", "Sở Nội vụ"]] and rest.borrowed == 1
    other = page(2, [["", "hành chính", "pháp"]], columns=(50, 200, 400))  # another table's columns
    again = page(1, [header, ["1", "Rà soát", "Sở Tư pháp"], ["2", "Số hóa", "Văn phòng"]])
    _joined_across_pages([again, other])
    assert again.cells[-1] == ["2", "Số hóa", "Văn phòng"] and other.cells == [["", "hành chính", "pháp"]]
    grouped = page(1, [header, ["1", "Rà soát", "Sở Tư pháp"], ["", "Công bố", "Văn phòng"], ["", "Số hóa", "Sở"]])
    under = page(2, [["", "Tổng kết", "Sở Nội vụ"]])  # a table whose ordinals cover several rows: a row of its own
    _joined_across_pages([grouped, under])
    assert grouped.cells[-1] == ["", "Số hóa", "Sở"] and under.cells[-1] == ["", "Tổng kết", "Sở Nội vụ"]
    merged = page(1, [header, ["1", "Rà soát", "Sở Tư pháp"], ["2", "Số hóa", "Văn phòng"]])
    own = page(2, [["", "Công bố kết quả số hóa", "Văn phòng UBND"]])  # every cell starts as a cell does
    _joined_across_pages([merged, own])  # a row of its own under ordinal 2 merged over the page break
    assert merged.cells[-1] == ["2", "Số hóa", "Văn phòng"] and own.cells[-1] == ["", "Công bố kết quả số hóa",
                                                                              "Văn phòng UBND"]
    unended = page(1, [header, ["1", "Rà soát", "Sở Tư"]])
    unended.ends_page = False  # text under it on its page: the table ended there
    _joined_across_pages([unended, page(2, [["", "hành chính", "pháp"]])])
    assert unended.cells[-1] == ["1", "Rà soát", "Sở Tư"]


def test_a_pdf_cells_lines_cut_inside_a_word_are_joined():
    from nghiquyet.ingest.readers.pdf import _unwrapped

    assert _unwrapped("Nghị định số 52/2015/NĐ-\nCP") == "Nghị định số 52/2015/NĐ-CP"
    assert _unwrapped("Triệu\nđồng/người/thán\ng") == "Triệu\nđồng/người/tháng"
    assert _unwrapped("Từ 20 giờ -\n21 giờ") == "Từ 20 giờ -\n21 giờ"  # a dash between words keeps its spaces
    assert _unwrapped("a) Rà soát\nb) Công bố") == "a) Rà soát\nb) Công bố"
    assert _unwrapped("Văn phòng\nUBND tỉnh") == "Văn phòng\nUBND tỉnh"


def test_a_pdf_cells_subscripts_stay_on_their_line():
    """pdfplumber puts a character more than 3 points above or below its line on a line of its own: Nghị định
    24/2026/NĐ-CP's list of chemicals read "C H Cl\\n2 3" for C2H3Cl, so each row held "C H Cl 2 3" and, no longer
    matching its text-layer line ("37. Vinyl chloride Vinyl clorua 75-01-4 C2H3Cl"), the page kept its flat lines
    beside the rows: every chemical twice, the labelled copy with a broken formula."""
    source = read_source(PAGES / "nd-24-2026-nd-cp-danh-muc-p4.pdf")
    rows = [b.text for b in source.blocks if b.table]
    assert "37. | Vinyl chloride | Vinyl clorua | 75-01-4 | C2H3Cl" in rows
    assert "35. | Triethanolamine | Triethanol amine | 102-71-6 | C6H15NO3" in rows
    assert not any("75-01-4" in b.text for b in source.blocks if not b.table)  # the flat line gave way to its row


def test_a_docx_header_merged_down_over_two_rows_labels_each_column_with_its_group_and_its_own_name():
    """"STT | Nội dung" merged down over two header rows was read again in the second row, so the header was
    taken for data ("STT" under "STT") and Sở Nội vụ Lâm Đồng's comparison of three provinces gave "… | 1/63"
    with no province and no column named. Thông tư 34/2026's grade tables lost their labels too: their rows end a
    column before the header does (Word allows it), and their caption was cut at "Bảng 1.1 Phâ"."""
    report = [b.text for b in read_source(WORD_TABLES / "ld_snv_bc_chiso_2025.docx").blocks if b.table]
    assert any("Nội dung: Công khai, minh bạch" in row and "Bình Thuận Thứ hạng: 1/63" in row
               and "Lâm Đồng Thứ hạng: 58/63" in row for row in report)
    grades = [b for b in read_source(WORD_TABLES / "bxd_tt34_2026_capcongtrinh.docx").blocks if b.table]
    school = next(b for b in grades if "Trường tiểu học" in b.text)
    assert "Cấp công trình II: ≥700 | Cấp công trình III: <700" in school.text
    assert "Bảng 1.1 Phân cấp công trình sử dụng cho mục đích dân dụng" in school.table
    refunds = [b.text for b in read_source(WORD_TABLES / "cp_nd18_2021_thuexnk.docx").blocks if b.table]
    # a body cell merged down stays in each row it covers: both ways of refunding are "Trường hợp hoàn thuế"
    assert any("Trường hợp hoàn thuế | Mô tả: Kiểm tra trước, hoàn thuế sau" in row for row in refunds)


def test_a_group_row_under_a_two_row_header_is_the_bodys_first_row_not_a_third_header_row():
    """The Special Consumption Tax Law's schedule: "STT | Hàng hóa, dịch vụ" merged down over a two-row header,
    then "I | Hàng hóa" grouping the numbered rows. Once the second header row was read as sub-headers, the group
    row was taken for a third one ("Hàng hóa, dịch vụ Hàng hóa: Thuốc lá")."""
    law = [b for b in read_source(WORD_TABLES / "qh_luat66_2025_ttdb.docx").blocks if b.table]
    assert any(b.row_group and b.text == "I. Hàng hóa" for b in law)
    assert all("Hàng hóa:" not in b.text for b in law)  # "Hàng hóa" is no column's sub-header
    assert any("Thuế suất và mức thuế tuyệt đối Thuế suất (%): 75" in b.text for b in law)
