"""Word files lose nothing: runs wrapped in smart tags, tracked insertions and content controls, neighbouring
cells with the same text, and report templates whose value cells are blank are all read."""

from __future__ import annotations

import copy
from pathlib import Path

from nghiquyet.ingest.readers.docx import read_docx

from tests.conftest import DATA, REPO, fake_settings

REAL = REPO / "shared"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _wrap(run, tag: str):
    """Put ``run`` inside a new ``w:<tag>`` element in its place."""
    from docx.oxml import OxmlElement

    wrapper = OxmlElement(f"w:{tag}")
    run.addprevious(wrapper)
    wrapper.append(run)
    return wrapper


def _word_file(path: Path) -> Path:
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    motto = document.add_paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT ")
    _wrap(_wrap(motto.add_run("NAM")._r, "smartTag"), "smartTag")  # as Word tags a place name, nested
    edited = document.add_paragraph("Thời hạn hoàn thành: ")
    _wrap(edited.add_run("quý II năm 2026")._r, "ins")  # a tracked insertion
    _wrap(edited.add_run("quý I năm 2026")._r, "del")  # a tracked deletion: not content
    edited._p[-1][0].find(f"{W}t").tag = f"{W}delText"
    controlled = document.add_paragraph("Điều 5. Hiệu lực thi hành trong ô nội dung.")
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    controlled._p.addprevious(sdt)
    sdt.append(content)
    content.append(controlled._p)  # a block-level content control holding a paragraph
    tasks = document.add_table(rows=3, cols=4)
    for row, cells in zip(tasks.rows, [["TT", "Nhiệm vụ", "Phối hợp", "Theo dõi"],
                                       ["1", "Rà soát thủ tục", "Sở Nội vụ", "Sở Nội vụ"],
                                       ["2", "Số hóa hồ sơ", "Sở Tài chính", ""]], strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    merged = tasks.rows[2].cells[2].merge(tasks.rows[2].cells[3])  # one cell spanning two columns
    merged.text = "Sở Tài chính"
    form = document.add_table(rows=4, cols=3)
    for row, cells in zip(form.rows, [["TT", "Chỉ tiêu", "Kết quả"], ["1", "Số cụm công nghiệp đã thành lập", ""],
                                      ["2", "Tổng diện tích các cụm công nghiệp", ""], ["3", "Số doanh nghiệp", ""]],
                          strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    document.add_paragraph().add_run()  # keep the body well-formed after the tables
    document.save(str(path))
    return path


def test_runs_in_smart_tags_insertions_and_content_controls_are_read_and_deletions_are_not(tmp_path):
    lines = [block.text for block in read_docx(_word_file(tmp_path / "edited.docx")).blocks]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert "Thời hạn hoàn thành: quý II năm 2026" in lines
    assert "Điều 5. Hiệu lực thi hành trong ô nội dung." in lines
    assert not any("quý I năm" in line for line in lines)


def test_neighbouring_cells_with_the_same_text_are_two_cells_and_a_merged_one_is_one(tmp_path):
    rows = [b.text for b in read_docx(_word_file(tmp_path / "tasks.docx")).blocks if b.table]
    assert "TT: 1 | Nhiệm vụ: Rà soát thủ tục | Phối hợp: Sở Nội vụ | Theo dõi: Sở Nội vụ" in rows
    # a cell merged across two columns carries both labels (it was unlabelled, with its row: three cells under
    # four headers; a real plan's appendix lost "Chủ trì thực hiện" and "Nhiệm vụ" on 4 of its 59 rows so)
    assert "TT: 2 | Nhiệm vụ: Số hóa hồ sơ | Phối hợp / Theo dõi: Sở Tài chính" in rows


def test_a_report_template_with_blank_values_keeps_its_indicators(tmp_path):
    rows = [b.text for b in read_docx(_word_file(tmp_path / "form.docx")).blocks if b.table]
    assert "TT: 2 | Chỉ tiêu: Tổng diện tích các cụm công nghiệp" in rows


def test_real_word_files_keep_their_motto_form_rows_and_repeated_cells(tmp_path):
    """Three real files where text was lost: a provincial decision's motto ends in a smart-tagged "NAM" (its
    issuer was read as "… Lâm Đồng cộng hòa xã hội chủ nghĩa việt"); a circular's report templates (Biểu 01-05)
    list indicators with blank value cells (1,276 words were dropped); a plan's task table gives the same
    department as partner and as supervisor (one was dropped, and the row lost its column labels)."""
    from nghiquyet.core.lexicon import load_provinces
    from nghiquyet.ingest.metadata import MetadataOverrides
    from nghiquyet.ingest.parse import parse_source

    decision = REAL / "real-documents-3" / "files" / "lamdong_ubnd_qd_congbo_chiso_cchc_2025.docx"
    document = parse_source(decision, MetadataOverrides({}), load_provinces(DATA / "provinces.toml"),
                            fake_settings(tmp_path).ingest)[0][0]
    assert document.issuer == "Ủy ban nhân dân tỉnh Lâm Đồng"

    circular = read_docx(REAL / "real-documents" / "files" / "tt-14-2024-tt-bct.docx").blocks
    form_rows = [b.text for b in circular if b.table and b.text.startswith("TT: ")]
    assert "TT: 5 | Chỉ tiêu: Số lượng cụm công nghiệp đã thành lập trong kỳ báo cáo | Đơn vị tính: Cụm" in form_rows

    plan = read_docx(REAL / "real-documents-3" / "files" / "lamdong_ubnd_kh_cchc_2026_2030.docx").blocks
    assert any(b.text.endswith("| Phối hợp thực hiện: Sở Nội vụ | Theo dõi, kiểm tra, đôn đốc: Sở Nội vụ")
               for b in plan if b.table)


def test_a_text_box_paragraph_is_read_once(tmp_path):
    """A text box's paragraph is read once, on a line of its own after the paragraph anchoring it."""
    import docx

    path = tmp_path / "box.docx"
    document = docx.Document()
    anchor = document.add_paragraph("Đoạn neo khung chữ.")
    original = document.add_paragraph("Nội dung trong khung chữ.")._p
    box_paragraph = copy.deepcopy(original)
    original.getparent().remove(original)
    run = anchor.add_run()._r
    from docx.oxml import OxmlElement

    textbox = OxmlElement("w:txbxContent")
    textbox.append(box_paragraph)
    run.append(textbox)
    document.save(str(path))
    lines = [block.text for block in read_docx(path).blocks]
    assert lines == ["Đoạn neo khung chữ.", "Nội dung trong khung chữ."]


def test_footnotes_end_the_paragraph_that_refers_to_them(tmp_path):
    """Lào Cai's mining report cites its inspection conclusions only in footnotes (word/footnotes.xml, which
    python-docx does not read): all twelve were lost. Each now ends the paragraph that refers to it, numbered as
    Word shows it, and reaches a chunk of the document."""
    from nghiquyet.core.lexicon import load_provinces
    from nghiquyet.ingest.metadata import MetadataOverrides
    from nghiquyet.ingest.parse import parse_source

    report = REAL / "real-documents" / "files" / "bc-ubnd-laocai-khoang-san-2025.docx"
    source = read_docx(report)
    assert source.notes == ["12 chú thích cuối trang được đặt ở cuối đoạn văn dẫn chiếu đến nó."]
    notes = [b.text for b in source.blocks if "(Chú thích " in b.text]
    text = "\n".join(notes)
    assert [n for n in range(1, 13) if f"(Chú thích {n}: " not in text] == []
    (referring,) = [b for b in notes if "(Chú thích 3: Kết luận số 02/KL-TT ngày 10/02/2025.)" in b]
    assert referring.index("(Chú thích 2: Kết luận số 10/KL-TT") < referring.index("(Chú thích 3:")
    document, chunks = parse_source(report, MetadataOverrides({}), load_provinces(DATA / "provinces.toml"),
                                    fake_settings(tmp_path).ingest)
    assert any("Kết luận số 18/KL-TT ngày 25/11/2025" in c.text for c in chunks)
    assert document[0].coverage["lost"] < 0.02


def test_heading_styles_head_sections_and_style_numbering_gives_labels(tmp_path):
    """Word's own structure (#12 item 3): a "Heading 1" paragraph heads a section whatever its words (even right
    under the title, which it does not lengthen), and a paragraph numbered by its style ("List Number", as many
    office templates number their items) keeps its label ("1.", "2."), as one numbered by its own properties does;
    a bulleted style gives its dash."""
    import docx
    from nghiquyet.core.lexicon import load_provinces
    from nghiquyet.ingest.metadata import MetadataOverrides
    from nghiquyet.ingest.parse import parse_source

    word = docx.Document()  # python-docx's own template: Word's styles and numbering definitions
    for line in ("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "Số: 12/KH-UBND", "Lâm Đồng, ngày 05 tháng 01 năm 2026", "KẾ HOẠCH",
                 "Chuyển đổi số năm 2026"):
        word.add_paragraph(line)
    word.add_paragraph("Mục tiêu", style="Heading 1")
    word.add_paragraph("Hoàn thành hạ tầng số trước năm 2027.", style="List Number")
    word.add_paragraph("Đưa toàn bộ thủ tục hành chính đủ điều kiện lên mạng.", style="List Number")
    word.add_paragraph("Tổ chức thực hiện", style="Heading 1")
    word.add_paragraph("Sở Khoa học và Công nghệ chủ trì, theo dõi.", style="List Bullet")
    path = tmp_path / "ke-hoach.docx"
    word.save(path)
    blocks = read_docx(path).blocks
    assert [(b.heading, b.text) for b in blocks][5:] == [
        (1, "Mục tiêu"), (0, "1. Hoàn thành hạ tầng số trước năm 2027."),
        (0, "2. Đưa toàn bộ thủ tục hành chính đủ điều kiện lên mạng."), (1, "Tổ chức thực hiện"),
        (0, "- Sở Khoa học và Công nghệ chủ trì, theo dõi.")]
    (plan,), chunks = parse_source(path, MetadataOverrides({}), load_provinces(DATA / "provinces.toml"),
                                   fake_settings(tmp_path).ingest)
    assert plan.title == "Kế hoạch chuyển đổi số năm 2026"  # the heading right under the title starts the body
    sections = {chunk.text: chunk.section for chunk in chunks if chunk.kind == "clause"}
    assert sections["1. Hoàn thành hạ tầng số trước năm 2027."].startswith("Mục tiêu › 1.")
    assert sections["- Sở Khoa học và Công nghệ chủ trì, theo dõi."].startswith("Tổ chức thực hiện")
