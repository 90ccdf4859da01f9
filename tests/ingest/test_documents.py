"""The bundle file and the news pages become the right documents with the right metadata."""

from pathlib import Path

import pytest
from nghiquyet.core.lexicon import load_provinces
from nghiquyet.ingest.clean import clean_blocks
from nghiquyet.ingest.documents import split_documents
from nghiquyet.ingest.metadata import MetadataOverrides, load_overrides
from nghiquyet.ingest.parse import parse_source
from nghiquyet.ingest.readers import read_source

from tests.conftest import BUNDLE, DATA, make_settings

PROVINCES = load_provinces(DATA / "provinces.toml")


def detect(path: Path):
    return split_documents(clean_blocks(read_source(path).blocks), PROVINCES)


def test_bundle_yields_three_documents_with_detected_kinds_and_numbers():
    # Detection alone, without the metadata file: numbers come from how the documents cite each other.
    guidance, resolution, programme = detect(BUNDLE)
    assert [d.kind for d in (guidance, resolution, programme)] == ["hướng dẫn", "nghị quyết", "chương trình"]
    assert resolution.metadata["number"] == "57-NQ/TW"
    assert programme.metadata["number"] == "67-CTr/TU"
    assert resolution.provenance["number"].startswith("trích dẫn")
    assert "number" not in guidance.metadata  # the guidance states no number of its own
    assert resolution.metadata["date"] == "2024-12-22"
    assert programme.metadata["date"] == "2025-02-13"
    assert guidance.metadata["date"] == "2025-05-10"  # from the digital signature
    assert resolution.metadata["level"] == "quốc gia" and programme.metadata["level"] == "tỉnh"
    assert programme.metadata["province"] == "Sóc Trăng" and "province" not in resolution.metadata


def test_mail_stamp_numbers_are_never_document_numbers():
    numbers = {d.metadata.get("number") for d in detect(BUNDLE)}
    assert not any(n and (n.startswith("22/2024") or n.startswith("194")) for n in numbers)
    body = " ".join(p.text for d in detect(BUNDLE) for p in d.body)
    assert "VĂN BẢN ĐẾN" not in body and "Lưu hồ sơ" not in body


def test_signer_is_metadata_and_closing_blocks_leave_the_text():
    guidance, resolution, programme = detect(BUNDLE)
    assert resolution.metadata["signer"] == "Tổ Lâm"  # as the PDF text reads; documents.toml corrects it
    assert programme.metadata["signer"] == "Hồ Thị Cẩm Đào"
    assert "PHÓ BÍ THƯ THƯỜNG TRỰC" in programme.metadata["signer_role"]
    assert guidance.metadata["signer"] == "Vũ Thị Hiếu Đông"
    for document in (guidance, resolution, programme):
        text = "\n".join(p.text for p in document.body)
        assert "Nơi nhận" not in text and "Lưu VT" not in text and "Ngày ký" not in text
        assert document.metadata["signer"] not in text


def test_news_dates_titles_and_provinces():
    crawl_dated = detect(DATA / "003_52cf14d00f7a191b.txt")[0]
    assert crawl_dated.metadata["date"] == "2021-06-23"  # not the crawl date 20/06/2024 on line one
    assert crawl_dated.metadata["province"] == "Thái Bình"
    assert crawl_dated.kind == "bài báo"
    hue = detect(DATA / "002_fe70badad3c3b342.txt")[0]
    assert "date" not in hue.metadata  # "Chiều 21/11" has no year: no date is invented
    assert hue.title.startswith("Xây dựng Thừa Thiên Huế")
    assert hue.metadata["province"] == "Thừa Thiên Huế"
    assert detect(DATA / "001_7446e98aea8468c7.txt")[0].metadata["province"] == "Quảng Trị"


def test_metadata_file_overrides_and_says_so(tmp_path):
    settings = make_settings(tmp_path)
    overrides = load_overrides(DATA / "documents.toml")
    documents, _ = parse_source(BUNDLE, overrides, PROVINCES, settings.ingest)
    programme = documents[2]
    assert programme.issuer == "Ban Thường vụ Tỉnh ủy Sóc Trăng"
    assert programme.provenance["issuer"] == "documents.toml"
    plain, _ = parse_source(BUNDLE, MetadataOverrides({}), PROVINCES, settings.ingest)
    assert plain[2].provenance["issuer"].startswith("văn bản")


def test_names_in_capitals_keep_roman_numerals_and_proper_names():
    from nghiquyet.ingest.header import display_case

    title = "KẾ HOẠCH BẦU CỬ ĐẠI BIỂU QUỐC HỘI KHÓA XVI, HỘI NGHỊ LẦN THỨ IV VÀ XI MĂNG TỈNH QUẢNG NINH"
    assert display_case(title, PROVINCES) == ("Kế hoạch bầu cử đại biểu Quốc hội khóa XVI, hội nghị lần thứ IV và "
                                              "xi măng tỉnh Quảng Ninh")
    # A word of capitals with no vowel is an abbreviation, no syllable: it stays as written (real header lines).
    assert display_case("HỘI SINH VIÊN VIỆT NAM TP. HCM", PROVINCES) == "Hội sinh viên Việt Nam TP. HCM"
    assert display_case("BAN CHỈ HUY PCTT VÀ TKCN", PROVINCES) == "Ban chỉ huy PCTT và TKCN"
    assert display_case("ĐOÀN TNCS HỒ CHÍ MINH", PROVINCES) == "Đoàn TNCS Hồ Chí Minh"


@pytest.mark.integration  # real PDFs through the real readers (pdfplumber tables: slow)
def test_letters_carry_whom_they_are_addressed_to(tmp_path):
    """Real letters (shared/real-documents): a list under "Kính gửi:", one name on the line below it, one name
    after the colon; three letters in one PDF, each with its own addressee."""
    real = Path(__file__).parents[2] / "shared" / "real-documents" / "files"
    provinces = load_provinces(DATA / "provinces.toml")
    expected = {("cv-5973-ubnd-kt-laocai-2026.txt", 0): "Các Sở, ban, ngành thuộc UBND tỉnh; Công an tỉnh; Thuế tỉnh "
                                                         "Lào Cai; Ủy ban nhân dân các xã, phường",
                ("cv-788-stp-hcbt-binhthuan-2025.pdf", 0): "Ủy ban nhân dân tỉnh",
                ("cv-3917-btp-bttp-2025-multi.pdf", 1): "Liên đoàn Luật sư Việt Nam",
                ("cv-3917-btp-bttp-2025-multi.pdf", 2): "Hiệp hội Công chứng viên Việt Nam",
                ("ttr-3367-ttr-snv-binhthuan-2024.pdf", 0): "Chủ tịch Ủy ban nhân dân tỉnh"}
    for (name, ordinal), recipients in expected.items():
        documents, _ = parse_source(real / name, load_overrides(Path("/nonexistent.toml")), provinces,
                                    make_settings(tmp_path).ingest)
        document = documents[ordinal]
        assert document.recipients == recipients, name
    # the address is one clause, and a one-line address heads no section ("Kính gửi: Chủ tịch UBND tỉnh › 2. …")
    _, chunks = parse_source(real / "cv-5973-ubnd-kt-laocai-2026.txt", load_overrides(Path("/nonexistent.toml")),
                             provinces, make_settings(tmp_path).ingest)
    (address,) = [c for c in chunks if c.kind == "clause" and c.text.startswith("Kính gửi")]
    assert address.text.startswith("Kính gửi:\n- Các Sở, ban, ngành") and address.text.endswith("các xã, phường.")
    _, chunks = parse_source(real / "ttr-3367-ttr-snv-binhthuan-2024.pdf", load_overrides(Path("/nonexistent.toml")),
                             provinces, make_settings(tmp_path).ingest)
    assert not any(c.heading_path[0].startswith("Kính gửi") for c in chunks if c.heading_path)


def test_the_enacting_body_named_under_the_title_is_header_not_a_section(tmp_path):
    """A Government resolution repeats "CHÍNH PHỦ" between its title and "Căn cứ …" (shared/real-documents): that
    line is the issuer again, not the heading of the preamble, and not part of the title."""
    real = Path(__file__).parents[2] / "shared" / "real-documents" / "files" / "nq-03-nq-cp-2025.md"
    documents, chunks = parse_source(real, load_overrides(Path("/nonexistent.toml")), PROVINCES,
                                     make_settings(tmp_path).ingest)
    assert documents[0].issuer == "Chính phủ" and not documents[0].title.lower().endswith("chính phủ")
    preamble = [c for c in chunks if c.kind == "clause" and c.text.startswith("Căn cứ")]
    assert preamble and all(not c.section.startswith("CHÍNH PHỦ") for c in preamble)


@pytest.mark.parametrize("collection, name", [
    ("real-documents-3", "lamdong_ubnd_kh_cchc_2026_2030.docx"),  # "PHỤ LỤC" / "PHÂN CÔNG THỰC HIỆN NHIỆM VỤ …"
    ("real-documents", "nq-03-nq-cp-2025.md"),  # "PHỤ LỤC I" / "DANH MỤC CÁC CHỈ TIÊU CỤ THỂ", "PHỤ LỤC II"
    ("real-documents", "hd-36-hd-vptw-2018.docx"),  # "PHỤ LỤC 1" / "SƠ ĐỒ BỐ TRÍ CÁC THÀNH PHẦN THỂ THỨC …"
])
def test_an_attachments_title_lines_are_its_label_not_a_heading_under_it(tmp_path, collection, name):
    """An attachment is labelled by its title lines ("PHỤ LỤC I: DANH MỤC CÁC CHỈ TIÊU CỤ THỂ"); read as headings
    too, they named it twice in every path under it, and its outline listed its own title instead of its
    sections. Nothing is lost: the title lines are in every path under the label."""
    real = Path(__file__).parents[2] / "shared" / collection / "files" / name
    documents, chunks = parse_source(real, load_overrides(Path("/nonexistent.toml")), PROVINCES,
                                     make_settings(tmp_path).ingest)
    labels = set(documents[0].parts)
    assert labels
    under = [c for c in chunks if c.heading_path and c.heading_path[0] in labels]
    assert under and not [c.section for c in under if len(c.heading_path) > 1 and
                          c.heading_path[1].replace(" ", "").lower() in c.heading_path[0].replace(" ", "").lower()]
    assert documents[0].coverage["lost"] < 0.02
    if name.startswith("lamdong"):  # the appendix's outline is its groups of tasks
        (outline,) = [c for c in chunks if c.kind == "outline" and len(c.heading_path) == 1 and c.heading_path[0] in labels]
        assert "I. Cải cách thể chế" in outline.text and "VII. Công tác chỉ đạo, điều hành CCHC" in outline.text


def test_an_attachment_is_labelled_by_its_marker_and_every_line_of_its_title(tmp_path):
    """"Phụ lục II" (small letters) over "ĐỀ CƯƠNG BÁO CÁO PHỤC VỤ KIỂM TRA" over "CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM
    2026" is one attachment: its title line was taken for a second one, leaving "Phụ lục II" empty and the outline
    headed by half a title. Two appendices titled "KẾT QUẢ CHỈ SỐ …" over different second lines are told apart."""
    files = Path(__file__).parents[2] / "shared" / "real-documents-3" / "files"
    overrides = load_overrides(Path("/nonexistent.toml"))
    (plan,), chunks = parse_source(files / "lamdong_ubnd_kh_kiemtra_cchc_2026.docx", overrides, PROVINCES,
                                   make_settings(tmp_path).ingest)
    outline = "Phụ lục II: ĐỀ CƯƠNG BÁO CÁO PHỤC VỤ KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026"
    assert list(plan.parts) == ["Phụ lục I: THỜI GIAN, ĐƠN VỊ ĐƯỢC KIỂM TRA", outline]
    under = [c for c in chunks if c.kind == "clause" and c.heading_path[0] == outline]
    assert under[1].heading_path[1] == "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH CẢI CÁCH HÀNH CHÍNH"
    assert not [c for c in chunks if c.text == "Phụ lục II"]
    (decision,), _ = parse_source(files / "lamdong_ubnd_qd_congbo_chiso_cchc_2025.docx", overrides, PROVINCES,
                                  make_settings(tmp_path).ingest)
    assert list(decision.parts) == [
        "Phụ lục I: KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA CÁC CƠ QUAN CHUYÊN MÔN THUỘC UBND TỈNH",
        "Phụ lục II: KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA UBND CÁC XÃ, PHƯỜNG, ĐẶC KHU"]


@pytest.mark.parametrize("collection, name, authority", [
    ("real-documents-3", "lamdong_ubnd_qd_bcd_dulieu.docx", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"),
    ("real-documents-3", "thanhhoa_hdnd_qd_okr_kpi_vanphong.pdf", "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN TỈNH THANH HÓA"),
    ("real-documents-3", "lamdong_ubnd_qd_congbo_chiso_cchc_2025.docx", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"),
])
def test_who_enacts_a_decision_is_header_not_the_section_of_its_articles(tmp_path, collection, name, authority):
    """Between a decision's title and "Căn cứ …" stands who enacts it ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM
    ĐỒNG"); read as a heading, it headed the preamble and every article ("CHỦ TỊCH … › Điều 1. …")."""
    real = Path(__file__).parents[2] / "shared" / collection / "files" / name
    documents, chunks = parse_source(real, load_overrides(Path("/nonexistent.toml")), PROVINCES,
                                     make_settings(tmp_path).ingest)
    assert not [c.section for c in chunks if c.heading_path and c.heading_path[0] == authority]
    assert any(c.heading_path and c.heading_path[0].startswith("Điều 1") for c in chunks)
    assert documents[0].coverage["lost"] < 0.02


def test_header_fields_survive_what_a_scan_does_to_the_header():
    """Real OCR output of real page headers (tests/ingest/data/README.md): the motto with a wrong tone mark or a
    garbled last letter, a kind line between specks, a speck between the header's columns and a garbled day do
    not end up in the issuer's name nor cost the place, the kind or the parent body."""
    import json

    from nghiquyet.core.lexicon import load_provinces
    from nghiquyet.ingest.blocks import Block
    from nghiquyet.ingest.clean import clean_blocks
    from nghiquyet.ingest.documents import split_documents

    from tests.conftest import DATA

    pages = json.loads((Path(__file__).parent / "data" / "ocr-page-one-headers.json").read_text("utf-8"))["pages"]
    provinces = load_provinces(DATA / "provinces.toml")

    def read(name: str):
        (first, *_) = split_documents(clean_blocks([Block(line, 1) for line in pages[name]]), provinces)
        return first.kind, first.metadata

    kind, meta = read("nd-335-2025-nd-cp.pdf")
    assert kind == "nghị định" and meta["issuer"] == "Chính phủ" and meta["level"] == "quốc gia"
    kind, meta = read("cv-3917-btp-bttp-2025-multi.pdf")
    assert meta["issuer"] == "Bộ Tư pháp" and meta["place"] == "Hà Nội" and meta["date"] == "2025-07-01"
    kind, meta = read("ttr-3367-ttr-snv-binhthuan-2024.pdf")
    assert kind == "tờ trình" and meta["issuer"] == "Sở Nội vụ"
    assert meta["parent_issuer"] == "Ủy ban nhân dân tỉnh Bình Thuận" and meta["province"] == "Bình Thuận"
    assert meta["place"] == "Bình Thuận" and meta.get("date") is None  # "ngày 2Š tháng 1]": not guessed
    kind, meta = read("tb-11-tb-dgs-hdnd-binhduong-2021.pdf")
    assert meta["place"] == "Bình Dương" and meta.get("date") is None  # "ngày 2]"


def test_a_parent_whose_name_the_body_repeats_is_still_its_parent():
    """A header line is dropped as the issuer's own name read twice only when it is that name (most of its words, in
    order): "CHÍNH PHỦ" over "VĂN PHÒNG CHÍNH PHỦ" stays the parent (compared by containment, it was dropped); the
    OCR'd "BẠN CHẬP HÀNH TRUNG ƯƠNG ĐẢNG" over "BAN CHẤP HÀNH TRUNG ƯƠNG" (a scan's header read twice) is no parent."""
    from nghiquyet.core.lexicon import load_provinces
    from nghiquyet.ingest.header import issuer_from

    from tests.conftest import DATA

    provinces = load_provinces(DATA / "provinces.toml")
    assert issuer_from(["CHÍNH PHỦ", "VĂN PHÒNG CHÍNH PHỦ"], provinces) == ("Văn phòng Chính phủ", "Chính phủ")
    assert issuer_from(["TỈNH ỦY LÂM ĐỒNG", "VĂN PHÒNG TỈNH ỦY"], provinces)[1] == "Tỉnh ủy Lâm Đồng"
    assert issuer_from(["BẠN CHẬP HÀNH TRUNG ƯƠNG ĐẢNG", "BAN CHẤP HÀNH TRUNG ƯƠNG"], provinces) == (
        "Ban Chấp hành Trung ương", None)
    assert issuer_from(["BỘ TƯ PHÁP", "Bộ Tư pháp"], provinces) == ("Bộ Tư pháp", None)  # a signature's stamp
    # kl-75's scan (shared/real-documents): the name read twice on the lines over the header, joined as one
    assert issuer_from(["BẠN CHẬP HÀNH TRUNG ƯƠNG ĐẢNG", "BẠN CHÁP HÀNH TRÙNG ƯƠNG ĐẢNG.", "BAN CHẤP HÀNH TRUNG ƯƠNG"],
                       provinces) == ("Ban Chấp hành Trung ương", None)


def test_a_scanned_decisions_closing_and_attachment_are_read_through_ocr_errors():
    """A real scan's page 1 and 2 as OCR read them (tests/ingest/data/ocr-qd-46-pages.json): who enacts the decision
    ("TRƯỜNG BAN CHÍ ĐẠO CAI CÁCH … CHÍNH PHÙ", against the header's "… CAI CÁCH HÀNH CHÍNH CA CHÍNH PHÙ") headed
    every article; "Nưi nhận:" did not close the decision, so the recipients were indexed as text and the attached
    plan ("KÉ HOẠCH") was no part; the signer, read onto the "- Lưu:" line, was not found."""
    import json

    from nghiquyet.core.lexicon import load_provinces
    from nghiquyet.ingest.blocks import Block
    from nghiquyet.ingest.clean import clean_blocks
    from nghiquyet.ingest.documents import split_documents

    from tests.conftest import DATA

    pages = json.loads((Path(__file__).parent / "data" / "ocr-qd-46-pages.json").read_text("utf-8"))["pages"]
    blocks = [Block(line, int(page)) for page, lines in pages.items() for line in lines]
    (decision,) = split_documents(clean_blocks(blocks), load_provinces(DATA / "provinces.toml"))
    assert decision.kind == "quyết định" and decision.metadata["signer"] == "Trương Hòa Bình"  # expected.toml's
    body = [b.text for b in decision.body]
    assert not any(line.startswith(("TRƯỜNG BAN", "Nưi nhận", "- Như", "Trợ lý TTg", "- Lưu")) for line in body), body
    assert body[0].startswith("Căn cứ Luật") and any(line.startswith("Điều 2.") for line in body)
    assert [part.label for part in decision.parts] == ["KÉ HOẠCH"]
