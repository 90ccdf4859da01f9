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
