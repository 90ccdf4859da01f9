"""Old Word files (.doc) read through antiword: its bar-drawn tables are read back into the tables they were, so
a header laid out as a table gives the document's number, date and issuer as a .docx does. On a real law."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from nghiquyet.core.lexicon import load_provinces
from nghiquyet.ingest.metadata import MetadataOverrides
from nghiquyet.ingest.parse import parse_source
from nghiquyet.ingest.readers.doc import antiword_blocks

from tests.conftest import DATA, fake_settings

LAW = Path(__file__).parent / "data" / "luat-83-2025-qh15.doc"  # provenance: tests/ingest/data/README.md


@pytest.mark.skipif(shutil.which("antiword") is None, reason="antiword is not installed (make test installs it)")
def test_a_real_doc_law_is_read_with_its_header_signature_and_articles(tmp_path):
    documents, chunks = parse_source(LAW, MetadataOverrides({}), load_provinces(DATA / "provinces.toml"),
                                     fake_settings(tmp_path).ingest)
    assert len(documents) == 1
    law = documents[0]
    assert (law.kind, law.number, law.issuer, law.date, law.signer) == (
        "luật", "83/2025/QH15", "Quốc hội", "2025-06-24", "Trần Thanh Mẫn")
    assert law.title.lower().startswith("luật sửa đổi, bổ sung một số điều của luật bầu cử")
    assert not any("|" in chunk.section or chunk.text.startswith("|") for chunk in chunks)  # no table bars left
    assert any(chunk.section.startswith("Điều 2. Hiệu lực thi hành") and "01 tháng 7 năm 2025" in chunk.text
               for chunk in chunks)


def test_a_data_table_drawn_by_antiword_becomes_labelled_rows_with_its_cells_lines_joined():
    text = ("Phụ lục\nKẾT QUẢ THỰC HIỆN\n"
            "|TT |Chỉ tiêu                          |Kết quả |\n"
            "|1  |Tỷ lệ hồ sơ trực tuyến toàn trình  |85%     |\n"
            "|   |của cấp xã                        |        |\n"
            "|2  |Số điểm phục vụ hành chính công    |12 điểm |\n"
            "Nội dung sau bảng.\n")
    blocks = antiword_blocks(text)
    rows = [block.text for block in blocks if block.table]
    assert rows == ["TT: 1 | Chỉ tiêu: Tỷ lệ hồ sơ trực tuyến toàn trình của cấp xã | Kết quả: 85%",
                    "TT: 2 | Chỉ tiêu: Số điểm phục vụ hành chính công | Kết quả: 12 điểm"]
    assert blocks[-2].text == "Nội dung sau bảng." and "KẾT QUẢ THỰC HIỆN" in blocks[1].text


def test_a_header_drawn_by_antiword_reads_column_by_column():
    text = ("|ỦY BAN NHÂN DÂN     |CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "|TỈNH LÀO CAI        |Độc lập - Tự do - Hạnh phúc        |\n"
            "|Số: 12/KH-UBND      |Lào Cai, ngày 3 tháng 2 năm 2026    |\n")
    assert [block.text for block in antiword_blocks(text) if block.text] == [
        "ỦY BAN NHÂN DÂN", "TỈNH LÀO CAI", "Số: 12/KH-UBND", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc", "Lào Cai, ngày 3 tháng 2 năm 2026"]


def test_without_antiword_a_doc_is_skipped_with_how_to_convert_it_and_the_rest_is_ingested(tmp_path, monkeypatch):
    """A machine without antiword: the .doc is reported with what to do (save it as .docx, or install antiword),
    and the other files of the folder are still ingested."""
    from nghiquyet.ingest.pipeline import run_ingest

    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(LAW, folder)
    shutil.copy(DATA / "000_8b2eb8fca8ffb6af.txt", folder)
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kwargs: None)
    summary = run_ingest(fake_settings(tmp_path, {"data_dir": folder}), [folder])
    assert summary.added == ["000_8b2eb8fca8ffb6af.txt"]
    (skipped,) = summary.skipped
    assert skipped.path.endswith("luat-83-2025-qh15.doc")
    assert "antiword" in skipped.reason and "lưu lại dạng .docx" in skipped.reason
