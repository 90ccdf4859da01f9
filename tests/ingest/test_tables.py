"""Tables: a layout table (header or signature block) becomes lines, a data table labelled rows, whatever its
cells mention."""

from nghiquyet.ingest.readers import read_source
from nghiquyet.ingest.readers.tables import is_layout

from tests.conftest import REPO

GUIDE = REPO / "shared" / "real-documents" / "files" / "hd-36-hd-vptw-2018.docx"  # Hướng dẫn 36-HD/VPTW


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
    OKR/KPI appendix lost its whole table so (40 rows; not read here: pdfplumber takes two minutes over it)."""
    from nghiquyet.ingest.readers.tables import merged_as_spans, table_blocks

    assert merged_as_spans([["A", None, "B"], [None, "x", None]]) == ([["A", "B"], ["", "x"]], [[2, 1], [1, 2]])
    cells = [["23"], *[[f"dòng {i} của ghi chú", ""] for i in range(5)]]
    note = table_blocks(cells, spans=[[2], *[[1, 1]] * 5])
    assert all(":" not in b.text for b in note)  # a cell across the whole table is a note, not a column header
    report = REPO / "shared" / "real-documents-3" / "files" / "lamdong_snv_bc_228_chiso.pdf"
    rows = [b.text for b in read_source(report).blocks if b.table]
    assert ("Tỉnh (trước sắp xếp): Lâm Đồng | PAR Index Điểm số: 83,1/100 | PAR Index Thứ hạng: 62/63 | SIPAS Chỉ số: "
            "83,0% | SIPAS Thứ hạng: 39/63") in rows[0]
