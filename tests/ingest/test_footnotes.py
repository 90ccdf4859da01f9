"""Footnotes put back where they are referred to: a PDF's (its text layer's last lines) and a .docx's (its
footnotes part; see test_docx)."""

from __future__ import annotations

from nghiquyet.ingest.readers.footnotes import inline_footnotes
from nghiquyet.ingest.readers.pdf import read_pdf

from tests.conftest import REPO

REPORT = REPO / "shared" / "real-documents-3" / "files" / "lamdong_snv_bc_228_chiso.pdf"


def test_a_pdf_footnote_takes_the_place_of_its_mark_whole():
    """Lâm Đồng's report on its reform indices names the five pilot models and the 22 surveyed communes only in
    footnotes; read as they stood, they were paragraphs of whatever section the page ended in, the communes' list
    was cut at the page break, and the mark made another word ("tỉnh3")."""
    source = read_pdf(REPORT, tables=False)
    text = "\n".join(block.text for block in source.blocks)
    assert "trên địa bàn tỉnh (Chú thích 3: (1) Mô hình “Công khai Thủ tục hành chính số”; (2) mô hình “Hồ sơ giấy " \
           "một lần”;" in " ".join(text.split())
    first = next(block.text for block in source.blocks if "(Chú thích 1:" in block.text)
    assert "đặc khu (Chú thích 1: (1) phường Xuân Hương" in first
    assert "(22) đặc khu Phú Quý." in text.split("(Chú thích 1:", 1)[1].split("(Chú thích 2:", 1)[0]
    assert not [block.text for block in source.blocks if block.text.startswith(("2 Khảo sát", "3 (1) Mô hình"))]
    assert "tỉnh3" not in text and any("chú thích cuối trang" in note for note in source.notes)


def test_a_numbered_line_at_the_foot_of_a_page_without_a_mark_stays():
    page = ["Kết quả xếp hạng các sở năm 2025 như sau:", " ", "2 Sở Y tế 85,3 điểm"]
    assert inline_footnotes([page]) == ([page], 0)
    marked = ["Kết quả đạt 85,3 điểm2.", " ", "2 Theo Báo cáo số 12/BC-SYT."]
    (lines,), placed = inline_footnotes([marked])
    assert placed == 1 and lines == ["Kết quả đạt 85,3 điểm (Chú thích 2: Theo Báo cáo số 12/BC-SYT.)."]
