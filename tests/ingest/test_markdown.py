"""Markdown read as Markdown: a soft line break inside a sentence is a space, not a new paragraph."""

from nghiquyet.ingest.readers.markdown import markdown_blocks

# Hard-wrapped the way a provincial plan published as Markdown is (Đồng Tháp, KH 617/KH-UBND, 2025).
WRAPPED = """**II. MỤC
TIÊU, ĐỐI TƯỢNG**

**1. Mục tiêu cụ thể**

a) Đến hết năm 2025: Có ≥
30% DNNVV, HTX, HKD trên địa bàn Tỉnh ứng dụng công nghệ số.

đ) Đến hết năm 2045: 100%
DNNVV, HTX, HKD trên địa bàn Tỉnh ứng dụng công nghệ số.

Thực hiện Kế hoạch số
283/KH-UBND ngày 24/9/2025 của Uỷ ban nhân dân Tỉnh;
Ủy ban nhân dân Tỉnh ban
hành Kế hoạch chuyển đổi số.
- a) một ý
- b) ý khác
"""

HEADER = """**ỦY BAN NHÂN DÂN
TỈNH ĐỒNG THÁP**

BAN CHẤP HÀNH TRUNG ƯƠNG
ĐẢNG ĐOÀN QUỐC HỘI
"""


def test_wrapped_sentences_are_joined_back():
    texts = [b.text for b in markdown_blocks(WRAPPED)]
    assert texts[:4] == ["II. MỤC TIÊU, ĐỐI TƯỢNG", "1. Mục tiêu cụ thể",
                         "a) Đến hết năm 2025: Có ≥ 30% DNNVV, HTX, HKD trên địa bàn Tỉnh ứng dụng công nghệ số.",
                         "đ) Đến hết năm 2045: 100% DNNVV, HTX, HKD trên địa bàn Tỉnh ứng dụng công nghệ số."]
    assert "Thực hiện Kế hoạch số 283/KH-UBND ngày 24/9/2025 của Uỷ ban nhân dân Tỉnh;" in texts
    assert "Ủy ban nhân dân Tỉnh ban hành Kế hoạch chuyển đổi số." in texts
    assert texts[-2:] == ["- a) một ý", "- b) ý khác"]


def test_header_lines_stay_apart():
    """Each line of a header block is one fact (issuer, its parent); upper-case lines are never joined."""
    assert [b.text for b in markdown_blocks(HEADER)] == ["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP",
                                                         "BAN CHẤP HÀNH TRUNG ƯƠNG", "ĐẢNG ĐOÀN QUỐC HỘI"]


def test_markup_is_kept_beside_the_text_not_in_it():
    """Bold, italic, code and links are stripped from the searched text and kept as spans for display; a link keeps
    its address when a reader may follow it; a table's bold cell marks its own row only."""
    blocks = markdown_blocks(
        "1. Đạt **tối thiểu 20% GRDP**, theo [Nghị quyết 57](https://vanban.gov.vn/nq57) và *các văn bản*; mã `DVC-01`;"
        " [thư](mailto:vp@tinh.gov.vn), [xấu](javascript:alert(1)).\n\n"
        "| STT | Chỉ tiêu |\n|---|---|\n| 1 | **Kinh tế số** |\n| 2 | Dịch vụ công |\n")
    first = blocks[0]
    assert "**" not in first.text and "tối thiểu 20% GRDP, theo Nghị quyết 57 và các văn bản; mã DVC-01" in first.text
    assert [(m.style, m.text, m.href) for m in first.markup] == [
        ("strong", "tối thiểu 20% GRDP", ""), ("link", "Nghị quyết 57", "https://vanban.gov.vn/nq57"),
        ("em", "các văn bản", ""), ("code", "DVC-01", ""), ("link", "thư", "mailto:vp@tinh.gov.vn")]
    rows = [b for b in blocks if b.table]
    assert [[m.text for m in b.markup] for b in rows] == [["Kinh tế số"], []], rows


def test_a_real_markdown_resolution_keeps_its_bold_through_chunking(tmp_path):
    """Nghị quyết 03/NQ-CP as published in Markdown: each article's bold number reaches its chunk's markup, and no
    chunk's text keeps a Markdown mark."""
    from nghiquyet.core.lexicon import load_provinces
    from nghiquyet.ingest.metadata import MetadataOverrides
    from nghiquyet.ingest.parse import parse_source

    from tests.conftest import DATA, REPO, fake_settings

    resolution = REPO / "shared" / "real-documents" / "files" / "nq-03-nq-cp-2025.md"
    _, chunks = parse_source(resolution, MetadataOverrides({}), load_provinces(DATA / "provinces.toml"),
                             fake_settings(tmp_path).ingest)
    articles = {c.text[:8]: [m.text for m in c.markup] for c in chunks if c.text.startswith("Điều ")}
    assert articles == {"Điều 1. ": ["Điều 1."], "Điều 2. ": ["Điều 2."], "Điều 3. ": ["Điều 3."]}, articles
    assert not any("**" in c.text or c.text.startswith("#") for c in chunks)
    assert all(span.text in c.text for c in chunks for span in c.markup)
