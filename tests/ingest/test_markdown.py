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


# Pandoc's table syntaxes, as in its manual ("Tables"): a grid table with a header, a simple table with a
# header, a headerless multiline table whose rows span lines.
GRID = """Bảng 1. Chỉ tiêu

+---------------+---------------+
| Chỉ tiêu      | Năm 2030      |
+===============+===============+
| Kinh tế số    | 30% GRDP      |
+---------------+---------------+
| Tỷ lệ hộ có   | 85%           |
| cáp quang     |               |
+---------------+---------------+
"""
SIMPLE = """  Đơn vị      Số xã
  --------    ------
  Than Uyên   4
  Tân Uyên    3

Đoạn sau bảng.
"""
MULTILINE = """  ----------- -----------
  **ỦY BAN\\   **CỘNG HÒA\\
  NHÂN DÂN**   XÃ HỘI**

  Số: 12/QĐ   *Hà Nội*
  ----------- -----------

Nội dung.
"""


def test_pandoc_grid_simple_and_multiline_tables_are_read_as_tables():
    """A .docx turned into Markdown by pandoc lays its tables out by column, with no pipes between cells: a data
    table's rows are labelled by its header, a wrapped cell is one cell, and a header block laid out as a
    table gives its lines column by column (before, each was read as one paragraph of everything)."""
    rows = [b.text for b in markdown_blocks(GRID) if b.table]
    assert rows == ["Chỉ tiêu: Kinh tế số | Năm 2030: 30% GRDP", "Chỉ tiêu: Tỷ lệ hộ có cáp quang | Năm 2030: 85%"]
    assert {b.table for b in markdown_blocks(GRID) if b.table} == {"Bảng 1. Chỉ tiêu | Chỉ tiêu | Năm 2030"}
    simple = [b.text for b in markdown_blocks(SIMPLE)]
    assert simple == ["Đơn vị: Than Uyên | Số xã: 4", "Đơn vị: Tân Uyên | Số xã: 3", "Đoạn sau bảng."]
    layout = [b.text for b in markdown_blocks(MULTILINE)]
    assert layout == ["ỦY BAN", "NHÂN DÂN", "Số: 12/QĐ", "CỘNG HÒA", "XÃ HỘI", "Hà Nội", "Nội dung."]


def test_a_pandoc_markdown_resolution_reads_its_header_and_signature(tmp_path):
    """Nghị quyết 1670/NQ-UBTVQH15 as pandoc wrote it (shared/real-documents-4): its header block is a headerless
    multiline table and its signature a grid table. Before, the issuer was never read, the enacting body ran into
    the title, the level and province came from "tỉnh Lai Châu" in the subject, and there was no signer."""
    from nghiquyet.core.lexicon import load_provinces
    from nghiquyet.eval.metadata import check_documents, load_expected
    from nghiquyet.ingest.metadata import MetadataOverrides
    from nghiquyet.ingest.parse import parse_source

    from tests.conftest import DATA, REPO, fake_settings

    folder = REPO / "shared" / "real-documents-4"
    name = "laichau_ubtvqh_nq1670_2025.md"
    documents, chunks = parse_source(folder / "files" / name, MetadataOverrides({}),
                                     load_provinces(DATA / "provinces.toml"), fake_settings(tmp_path).ingest)
    [check] = check_documents([e for e in load_expected(folder / "expected.toml") if e["file"] == name], documents)
    assert check.found and all(check.fields.values()), {k: check.detected.get(k) for k, ok in check.fields.items()
                                                        if not ok}
    assert not any("|" in c.text or "\\" in c.text or "---" in c.text for c in chunks)
