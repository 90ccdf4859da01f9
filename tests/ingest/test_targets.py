"""Quantified targets read from clauses: several per sentence, ranges, ranks, counts, and what is not a target
(dates, document numbers, results already reached). Sentences are in the style of real plans, not copies of the
bundled documents."""

from __future__ import annotations

from nghiquyet.core.models import Chunk
from nghiquyet.ingest.targets import extract_targets


def _targets(text: str, heading: list[str] | None = None, issued: str | None = "2025-03-01"):
    chunk = Chunk(chunk_id="c1", doc_id="d1", kind="clause", heading_path=heading or ["II. MỤC TIÊU"], text=text,
                  index_text=text, ordinal=0, clause_id="k1")
    return extract_targets(chunk, "Kế hoạch chuyển đổi số", issued)


def test_each_figure_of_a_sentence_is_its_own_target_with_its_horizon_and_comparator():
    found = _targets("a) Đến hết năm 2026: Có ≥30% doanh nghiệp nhỏ và vừa ứng dụng công nghệ số; đến năm 2028 "
                     "đạt 100% xã có điểm phục vụ; tỷ lệ hồ sơ trực tuyến đạt trên 80% vào năm 2030.",
                     ["II. MỤC TIÊU", "2. Mục tiêu đến năm 2030"])
    rows = [(t.year, t.comparator, t.number, t.unit) for t in found.targets]
    assert rows == [(2026, ">=", 30.0, "%"), (2028, "=", 100.0, "%"), (2030, ">", 80.0, "%")]
    assert found.targets[0].indicator == "Doanh nghiệp nhỏ và vừa ứng dụng công nghệ số"
    assert found.targets[2].indicator == "Tỷ lệ hồ sơ trực tuyến"
    assert found.dropped == 0


def test_a_lead_in_year_holds_for_every_part_of_its_sentence():
    found = _targets("Đến năm 2027: 90% hộ gia đình có cáp quang; 100% trường học kết nối; tỷ lệ thanh toán "
                     "không dùng tiền mặt đạt 70%.", ["II. MỤC TIÊU", "Tầm nhìn đến năm 2045"])
    assert [(t.year, t.number) for t in found.targets] == [(2027, 90.0), (2027, 100.0), (2027, 70.0)]
    assert found.dropped == 0


def test_ranges_ranks_counts_and_people_per_population_keep_their_units():
    found = _targets("Đến năm 2030, số lượng sáng chế tăng trung bình 16 - 18%/năm; có từ 40 - 50 tổ chức khoa học "
                     "được xếp hạng; tỉnh thuộc nhóm 10 tỉnh dẫn đầu cả nước về chỉ số chuyển đổi số; nhân lực "
                     "nghiên cứu đạt 15 người trên một vạn dân; thu nhập bình quân đầu người đạt trên 120 triệu đồng.")
    rows = [(t.comparator, t.number, t.number_max, t.unit) for t in found.targets]
    assert rows == [("range", 16.0, 18.0, "%/năm"), ("range", 40.0, 50.0, "tổ chức"), ("rank", 10.0, None, "nhóm tỉnh"),
                    ("=", 15.0, None, "người/vạn dân"), (">", 120.0, None, "triệu đồng")]
    assert found.targets[2].indicator == "Chỉ số chuyển đổi số"


def test_figures_told_first_take_their_indicator_from_what_follows():
    found = _targets("Đến năm 2030, 95% chất thải rắn đô thị và 85% chất thải rắn nông thôn được thu gom, xử lý.")
    assert [(t.number, t.indicator) for t in found.targets] == [
        (95.0, "Chất thải rắn đô thị"), (85.0, "Chất thải rắn nông thôn được thu gom, xử lý")]


def test_dates_numbers_of_documents_and_results_already_reached_are_not_targets():
    assert _targets("Theo Quyết định số 1234/QĐ-UBND ngày 12/3/2025 và Điều 5 khoản 2, phủ sóng 5G toàn tỉnh "
                    "đến năm 2030 với 3 nhóm giải pháp.").targets == []
    assert _targets("Năm 2024, tỷ lệ hồ sơ trực tuyến đã đạt 65%, tăng 12% so với năm 2023.").targets == []
    assert _targets("Tỷ lệ che phủ rừng đạt 60%.", heading=["I. KẾT QUẢ"]).targets == []  # no horizon: no target


def test_a_target_for_the_year_of_issue_is_kept_unless_it_is_told_as_done():
    assert [t.number for t in _targets("Phấn đấu năm 2025 có 100% hồ sơ được xử lý trực tuyến.").targets] == [100.0]
    assert _targets("Năm 2025 đã đạt 100% hồ sơ trực tuyến.").targets == []


def test_every_kept_target_quotes_its_clause_verbatim_with_its_figure():
    text = ("Đến năm 2030: kinh tế số chiếm tối thiểu 30% GRDP; 100% cơ quan kết nối; nhóm 3 tỉnh dẫn đầu vùng; "
            "giảm 1,0-1,5%/năm năng lượng tiêu hao.")
    found = _targets(text)
    assert len(found.targets) == 4
    for target in found.targets:
        assert target.quote in text and target.value in target.quote
    assert found.targets[0].value == "tối thiểu 30% GRDP" and found.targets[0].unit == "% GRDP"
    assert found.targets[3].number == 1.0 and found.targets[3].number_max == 1.5


def test_outlines_cards_and_clauses_that_give_orders_yield_no_targets():
    chunk = Chunk(chunk_id="c", doc_id="d", kind="outline", heading_path=["II"], text="Đến năm 2030 đạt 50% GDP.",
                  index_text="", ordinal=0, clause_id="k")
    assert extract_targets(chunk, None).targets == []
    orders = Chunk(chunk_id="c", doc_id="d", kind="clause", heading_path=["II"], text="Đến năm 2030 đạt 99% GRDP.",
                   index_text="", ordinal=0, clause_id="k", flags=["orders"])
    assert extract_targets(orders, None).targets == []


def test_table_rows_give_one_target_per_figure_with_the_unit_column_and_the_year_of_their_group():
    from nghiquyet.core.models import Chunk as Row
    from nghiquyet.ingest.targets import table_group_year

    table = "PHỤ LỤC — CHỈ TIÊU | TT | Chỉ tiêu | Đơn vị | Kết quả | Cơ quan theo dõi"
    group = "TT: I | Chỉ tiêu: Đến năm 2030"
    row = ("TT: 4 | Chỉ tiêu: Xếp hạng chỉ số chuyển đổi số cấp tỉnh | Đơn vị: Thứ bậc | Kết quả: ≤ 10 cả nước; "
           "≤ 3 vùng | Cơ quan theo dõi: Sở Khoa học và Công nghệ")
    assert table_group_year(group) == 2030 and table_group_year(row) is None
    chunk = Row(chunk_id="r", doc_id="d", kind="clause", heading_path=["PHỤ LỤC I"], text=row, index_text=row,
                ordinal=0, clause_id="k", table=table)
    found = extract_targets(chunk, "Kế hoạch", "2025-02-01", context_year=table_group_year(group))
    assert [(t.year, t.comparator, t.number, t.unit, t.value) for t in found.targets] == [
        (2030, "<=", 10.0, "Thứ bậc", "≤ 10 cả nước"), (2030, "<=", 3.0, "Thứ bậc", "≤ 3 vùng")]
    assert all(t.indicator == "Xếp hạng chỉ số chuyển đổi số cấp tỉnh" and t.quote == row for t in found.targets)
    dated = Row(chunk_id="r", doc_id="d", kind="clause", heading_path=["PHỤ LỤC I"], ordinal=0, clause_id="k",
                text="TT: 1 | Chỉ tiêu: Hồ sơ trực tuyến | Năm 2026: 60% | Năm 2028: 80%", index_text="",
                table="BIỂU | TT | Chỉ tiêu | Năm 2026 | Năm 2028")
    assert [(t.year, t.number) for t in extract_targets(dated, None, "2025-01-01").targets] == [(2026, 60.0),
                                                                                             (2028, 80.0)]


def test_a_figure_that_fails_the_verbatim_check_is_left_out_and_reported(tmp_path, monkeypatch, capsys):
    """The verbatim check is the last guard before a figure reaches the table: a record whose unit is not the
    clause's (here a fault put into the unit reader: "% GDP" for a clause that says GRDP) is left out, counted per
    document, and reported by `ingest` and `targets`; the clause's other figure is kept."""
    import json

    from nghiquyet.cli.main import main
    from nghiquyet.ingest import targets

    from tests.fakes import FAKE_EMBEDDER

    data = tmp_path / "data"
    data.mkdir()
    (data / "ke-hoach.txt").write_text(
        "KẾ HOẠCH\nSố: 09/KH-UBND\nvề chuyển đổi số tỉnh Bạc Liêu\nI. MỤC TIÊU ĐẾN NĂM 2030\n"
        "1. Kinh tế số chiếm tối thiểu 30% GRDP của tỉnh; tỷ lệ người dân trưởng thành có điện thoại thông minh "
        "đạt 95%.\n", encoding="utf-8")
    read_unit = targets._unit_after

    def faulty_unit(text: str, end: int) -> tuple[str, int]:
        unit, stop = read_unit(text, end)
        return ("% GDP" if unit == "% GRDP" else unit), stop

    monkeypatch.setattr(targets, "_unit_after", faulty_unit)
    environment = {"INDEX_EMBEDDER": FAKE_EMBEDDER, "DATA_DIR": str(data),
                   "INGEST_METADATA_FILE": str(tmp_path / "none.toml"), "LOG_FILE": str(tmp_path / "log.txt")}
    for name, value in environment.items():
        monkeypatch.setenv(f"NGHIQUYET_{name}", value)
    index = str(tmp_path / "index")
    assert main(["--index-dir", index, "-q", "ingest"]) == 0
    assert "Bảng chỉ tiêu: 1 chỉ tiêu định lượng (xem: nghiquyet targets); 1 con số bị loại" in capsys.readouterr().out
    assert main(["--index-dir", index, "-q", "targets", "--no-compare", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["dropped"] == 1 and [t["value"] for t in payload["targets"]] == ["95%"]
