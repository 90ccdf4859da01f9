"""Heading parser on the marker styles of Vietnamese administrative and legal texts, and the HTML reader."""

from nghiquyet.ingest.blocks import Block
from nghiquyet.ingest.clean import clean_blocks
from nghiquyet.ingest.readers import read_source
from nghiquyet.ingest.structure import flatten, parse_structure


def paths(lines):
    clauses, _ = flatten(parse_structure([Block(line) for line in lines]))
    return {c.text: " › ".join(c.heading_path) for c in clauses}


def test_legal_text_chapters_articles_clauses_and_points():
    lines = [
        "Chương I", "QUY ĐỊNH CHUNG",
        "Điều 1. Phạm vi điều chỉnh",
        "Luật này quy định về khoa học, công nghệ và đổi mới sáng tạo.",
        "Điều 2. Giải thích từ ngữ",
        "1. Chuyển đổi số là quá trình thay đổi tổng thể:",
        "a) về nhận thức của cơ quan, tổ chức;",
        "b) về mô hình hoạt động dựa trên dữ liệu.",
        "2. Dữ liệu số là dữ liệu được tạo lập bằng phương tiện điện tử.",
        "Chương II", "QUẢN LÝ NHÀ NƯỚC",
        "Điều 3. Cơ quan quản lý",
        "Chính phủ thống nhất quản lý nhà nước về chuyển đổi số.",
    ]
    found = paths(lines)
    assert found["b) về mô hình hoạt động dựa trên dữ liệu."] == (
        "Chương I QUY ĐỊNH CHUNG › Điều 2. Giải thích từ ngữ › 1. Chuyển đổi số là quá trình thay đổi tổng thể › b)")
    assert found["2. Dữ liệu số là dữ liệu được tạo lập bằng phương tiện điện tử."] == (
        "Chương I QUY ĐỊNH CHUNG › Điều 2. Giải thích từ ngữ › 2.")
    assert found["Chính phủ thống nhất quản lý nhà nước về chuyển đổi số."].startswith("Chương II QUẢN LÝ NHÀ NƯỚC › Điều 3. Cơ quan quản lý")


def test_roman_dash_decimal_paren_and_inline_headings():
    lines = [
        "I- MỤC TIÊU",
        "1. Mục tiêu tổng quát",
        "Phát triển khoa học, công nghệ là đột phá quan trọng hàng đầu.",
        "2.1. Về mục tiêu cụ thể:",
        "- Mục tiêu đến năm 2030:",
        "(1) Quy mô kinh tế số đạt tối thiểu 30% GRDP.",
        "(2) Phủ sóng 5G toàn tỉnh.",
        "- Tầm nhìn đến năm 2045:",
        "Quy mô kinh tế số đạt 50% GRDP.",
        "II. NHIỆM VỤ",
        "Mục tiêu tổng quát",
        "Hoàn thiện thể chế và phát triển hạ tầng số trên địa bàn tỉnh.",
    ]
    found = paths(lines)
    assert found["(2) Phủ sóng 5G toàn tỉnh."] == (
        "I- MỤC TIÊU › 1. Mục tiêu tổng quát › 2.1. Về mục tiêu cụ thể › Mục tiêu đến năm 2030 › (2)")
    assert found["Quy mô kinh tế số đạt 50% GRDP."] == (
        "I- MỤC TIÊU › 1. Mục tiêu tổng quát › 2.1. Về mục tiêu cụ thể › Tầm nhìn đến năm 2045 › đoạn 1")
    assert found["Hoàn thiện thể chế và phát triển hạ tầng số trên địa bàn tỉnh."] == (
        "II. NHIỆM VỤ › Mục tiêu tổng quát › đoạn 1")


def test_html_reader_keeps_the_article_and_drops_site_furniture(tmp_path):
    page = tmp_path / "tin.html"
    page.write_text("""<html><head><title>t</title><style>p{}</style><script>var x=1;</script></head><body>
      <nav><ul><li>Trang chủ</li><li>Thời sự</li></ul></nav>
      <article><h1>Sóc Trăng triển khai Nghị quyết 57</h1>
        <p>Tỉnh Sóc Trăng đặt mục tiêu quy mô kinh tế số đạt tối thiểu 30% GRDP vào năm 2030.</p>
        <p>Các sở, ngành xây dựng kế hoạch hành động cụ thể trong quý II.</p></article>
      <aside><h3>Tin liên quan</h3><ul><li>Một tin khác - 01/02/2025 10:00</li></ul></aside>
      <footer>Bản quyền thuộc về Báo Sóc Trăng</footer></body></html>""", encoding="utf-8")
    paragraphs = [p.text for p in clean_blocks(read_source(page).blocks).paragraphs]
    assert paragraphs == [
        "Sóc Trăng triển khai Nghị quyết 57",
        "Tỉnh Sóc Trăng đặt mục tiêu quy mô kinh tế số đạt tối thiểu 30% GRDP vào năm 2030.",
        "Các sở, ngành xây dựng kế hoạch hành động cụ thể trong quý II.",
    ]


def test_an_html_table_becomes_rows_labelled_with_its_caption_and_headers(tmp_path):
    """A portal page's table of targets: each row a unit carrying the table's caption and column headers (#12 item
    2), whether the caption is a <caption> or the title line above the table."""
    page = tmp_path / "chi-tieu.html"
    page.write_text("""<html><body><article><h1>Kế hoạch chuyển đổi số năm 2026</h1>
      <p>Các chỉ tiêu chủ yếu như sau:</p>
      <p><strong>CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2030</strong></p>
      <table><tr><th>STT</th><th>Chỉ tiêu</th><th>Năm 2025</th><th>Năm 2030</th></tr>
        <tr><td>1</td><td>Tỷ trọng kinh tế số trong GRDP</td><td>20%</td><td>30%</td></tr>
        <tr><td>2</td><td>Tỷ lệ dân số trưởng thành có chữ ký số</td><td>50%</td><td>80%</td></tr></table>
      <table><caption>Phân công thực hiện</caption><tr><th>Nhiệm vụ</th><th>Cơ quan chủ trì</th></tr>
        <tr><td>Xây dựng nền tảng dữ liệu dùng chung</td><td>Sở Khoa học và Công nghệ</td></tr></table>
      </article></body></html>""", encoding="utf-8")
    rows = [b for b in read_source(page).blocks if b.table]
    assert [b.text for b in rows] == [
        "STT: 1 | Chỉ tiêu: Tỷ trọng kinh tế số trong GRDP | Năm 2025: 20% | Năm 2030: 30%",
        "STT: 2 | Chỉ tiêu: Tỷ lệ dân số trưởng thành có chữ ký số | Năm 2025: 50% | Năm 2030: 80%",
        "Nhiệm vụ: Xây dựng nền tảng dữ liệu dùng chung | Cơ quan chủ trì: Sở Khoa học và Công nghệ",
    ]
    # the title line just above is the caption; the lead-in sentence before it is body text, not a caption
    assert rows[0].table == "CÁC CHỈ TIÊU CHỦ YẾU ĐẾN NĂM 2030 | STT | Chỉ tiêu | Năm 2025 | Năm 2030"
    assert rows[2].table == "Phân công thực hiện | Nhiệm vụ | Cơ quan chủ trì"


def test_an_html_pages_markup_is_kept_beside_its_text_for_display(tmp_path):
    """Bold, italic and links of a web page are spans beside the text (shown, never searched): a link keeps an http
    address and loses a javascript one; a table's bold cell marks its own row only, not a row that repeats its text."""
    page = tmp_path / "tin.html"
    page.write_text("""<html><body><article><h2>I. <b>MỤC TIÊU</b></h2>
      <p>Đạt <strong>tối thiểu 20% GRDP</strong> theo <a href="https://vanban.gov.vn/nq57">Nghị quyết 57</a>,
         <a href="javascript:alert(1)">xem thêm</a> và <i>các văn bản</i>.</p>
      <table><tr><th>STT</th><th>Chỉ tiêu</th></tr><tr><td>1</td><td><b>Kinh tế số</b></td></tr>
        <tr><td>12</td><td>Kinh tế số</td></tr></table></article></body></html>""", encoding="utf-8")
    blocks = read_source(page).blocks
    assert [(b.text, [(m.style, m.text, m.href) for m in b.markup]) for b in blocks] == [
        ("I. MỤC TIÊU", [("strong", "MỤC TIÊU", "")]),
        ("Đạt tối thiểu 20% GRDP theo Nghị quyết 57, xem thêm và các văn bản.",
         [("strong", "tối thiểu 20% GRDP", ""), ("link", "Nghị quyết 57", "https://vanban.gov.vn/nq57"),
          ("em", "các văn bản", "")]),
        ("STT: 1 | Chỉ tiêu: Kinh tế số", [("strong", "Kinh tế số", "")]),
        ("STT: 12 | Chỉ tiêu: Kinh tế số", []),
    ]

def test_a_word_web_page_is_read_in_the_charset_it_declares_with_words_split_across_spans(tmp_path):
    # Word's "Save as web page": windows-1252 declared, Vietnamese letters outside cp1252 written as entities,
    # words cut across <span>s, a header laid out in a borderless table with <br> inside the cells.
    page = tmp_path / "nq.htm"
    page.write_bytes("""<html><head><meta http-equiv=Content-Type content="text/html; charset=windows-1252"></head>
<body><table><tr><td><p><span>H&#7896;I</span><span> &#272;&#7890;NG NH&#194;N D&#194;N<br>T&#7880;NH
QU&#7842;NG NINH</span></p></td><td><p>C&#7896;NG H&#210;A X&#195; H&#7896;I CH&#7910; NGH&#296;A VI&#7878;T NAM</p></td></tr></table>
<p>Qu&#7843;<span>ng</span> Ninh, ng\xe0y 16 th\xe1ng 12 n\u0103m 2025</p></body></html>""".replace("\u0103", "&#259;")
                     .encode("cp1252"))
    lines = [b.text for b in read_source(page).blocks]
    assert lines[:2] == ["HỘI ĐỒNG NHÂN DÂN", "TỈNH QUẢNG NINH"]
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines
    assert lines[-1] == "Quảng Ninh, ngày 16 tháng 12 năm 2025"


def test_a_heading_that_is_a_lead_in_sentence_is_a_clause_too(tmp_path):
    """Thông tư 67/2025/TT-BCT amends another circular point by point: "b) Bổ sung khoản 6 vào Điều 8 như sau:"
    heads the new text. What it says (which clause is added, where) lived only in its items' heading paths; it is
    now a clause of its own. A title ending in ":" ("a) Mục tiêu:") stays a heading."""
    from nghiquyet.core.lexicon import load_provinces
    from nghiquyet.ingest.metadata import MetadataOverrides
    from nghiquyet.ingest.parse import parse_source

    from tests.conftest import DATA, REPO, fake_settings

    path = REPO / "shared" / "real-documents" / "files" / "tt-67-2025-tt-bct.docx"
    chunks = parse_source(path, MetadataOverrides({}), load_provinces(DATA / "provinces.toml"),
                          fake_settings(tmp_path).ingest)[1]
    lead_in = next(c for c in chunks if c.kind == "clause" and c.text == "b) Bổ sung khoản 6 vào Điều 8 như sau:")
    assert lead_in.heading_path[-1] == "b) Bổ sung khoản 6 vào Điều 8 như sau"
    assert "a) Mục tiêu:" not in paths(["I. NỘI DUNG", "a) Mục tiêu:", "Tăng trưởng kinh tế số đạt 20%."])


def test_a_tables_group_rows_head_their_rows_and_leave_the_bodys_headings_alone():
    """Appendix tables group their numbered rows under Roman-numbered rows ("I | Cơ quan chuyên môn cấp tỉnh",
    "II | Ủy ban nhân dân cấp xã"). Those rows head the rows under them (each row carries its group; the group's
    outline lists them), inside the table only: the document's own "II." heading after it is untouched, and a
    lone Roman row with no numbered rows under it stays a row."""
    from nghiquyet.ingest.readers.tables import table_blocks

    rows = [["STT", "Đơn vị được kiểm tra", "Thời gian"], ["I", "Cơ quan chuyên môn cấp tỉnh", ""],
            ["1", "Sở Xây dựng", "Tháng 7/2026"], ["2", "Sở Y tế", "Tháng 8/2026"],
            ["II", "Ủy ban nhân dân cấp xã", ""], ["1", "Xã Đam Rông 3", "Tháng 5/2026"],
            ["III", "Đơn vị sự nghiệp", ""]]
    blocks = [Block("I. THỜI GIAN KIỂM TRA"), *table_blocks(rows, "Bảng 1"), Block("II. TỔ CHỨC THỰC HIỆN"),
              Block("Sở Nội vụ chủ trì, theo dõi, đôn đốc.")]
    clauses, sections = flatten(parse_structure(blocks))
    found = {c.text: " › ".join(c.heading_path) for c in clauses}
    assert found["STT: 2 | Đơn vị được kiểm tra: Sở Y tế | Thời gian: Tháng 8/2026"] == (
        "I. THỜI GIAN KIỂM TRA › I. Cơ quan chuyên môn cấp tỉnh › dòng 2")
    assert found["STT: 1 | Đơn vị được kiểm tra: Xã Đam Rông 3 | Thời gian: Tháng 5/2026"] == (
        "I. THỜI GIAN KIỂM TRA › II. Ủy ban nhân dân cấp xã › dòng 1")
    assert "STT: III | Đơn vị được kiểm tra: Đơn vị sự nghiệp" in found
    assert found["Sở Nội vụ chủ trì, theo dõi, đôn đốc."] == "II. TỔ CHỨC THỰC HIỆN › đoạn 1"
    groups = next(s for s in sections if s.heading_path == ["I. THỜI GIAN KIỂM TRA"])
    assert groups.children[:2] == ["I. Cơ quan chuyên môn cấp tỉnh", "II. Ủy ban nhân dân cấp xã"]
