"""The targets table written out: a text table for the terminal, CSV, and an .xlsx workbook with one sheet per
document, a comparison sheet, and each value's source clause beside it (a column and a cell comment).
Files are written to a temporary name and moved into place, so a reader never sees half a file."""

from __future__ import annotations

import csv
import os
import re
import tempfile
import textwrap
from pathlib import Path

from nghiquyet.core.errors import NghiQuyetError
from nghiquyet.core.lexicon import NATIONAL
from nghiquyet.index.targets import COMPARATOR_SIGNS, VERDICT_LABELS, Alignment, TargetRecord

RECORD_COLUMNS = (("Văn bản", "document"), ("Cấp", "level"), ("Tỉnh", "province"), ("Năm", "year"),
                  ("Chỉ tiêu", "indicator"), ("Giá trị", "value"), ("So sánh", "comparator"), ("Số", "number"),
                  ("Số (tối đa)", "number_max"), ("Đơn vị", "unit"), ("Mục", "section"),
                  ("Trích nguyên văn", "quote"), ("Trích lại từ", "quotes"), ("Mã đoạn", "chunk_id"),
                  ("Tệp", "source"))
COMPARISON_COLUMNS = ("Năm", "Chỉ tiêu (Trung ương)", "Trung ương", "Văn bản Trung ương", "Chỉ tiêu (tỉnh)",
                      "Tỉnh", "Văn bản tỉnh", "Kết luận", "Nguồn Trung ương", "Nguồn tỉnh")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def record_row(record: TargetRecord) -> list[object]:
    values = record.to_json()
    values["comparator"] = COMPARATOR_SIGNS.get(record.comparator, record.comparator)
    return [_cell(values[key]) for _, key in RECORD_COLUMNS]


def comparison_row(row: Alignment) -> list[object]:
    national, provincial = row.national, row.provincial
    return [_cell(v) for v in [row.year, national.indicator if national else "", national.value if national else "",
            national.document if national else "", provincial.indicator if provincial else "",
            provincial.value if provincial else "", provincial.document if provincial else "",
            VERDICT_LABELS[row.verdict], _source(national), _source(provincial)]]


def _source(record: TargetRecord | None) -> str:
    return f"{record.document}, {record.section}: “{record.quote}”" if record else ""


def text_table(records: list[TargetRecord], alignments: list[Alignment], width: int = 110) -> str:
    """A table a person reads in a terminal: targets by document and year, then the comparison."""
    if not records:
        return "Không có chỉ tiêu định lượng nào khớp bộ lọc trong các văn bản đã nạp."
    lines: list[str] = []
    current = None
    for record in sorted(records, key=lambda r: (r.level != NATIONAL, r.document, r.year)):
        if record.document != current:
            current = record.document
            where = ", ".join(x for x in (record.level, record.province) if x)
            lines += ["", f"● {record.document}" + (f" ({where})" if where else "")]
        restated = f" [trích lại {record.quotes}]" if record.quotes else ""
        head = f"  {record.year}  {record.value:<28} "
        body = textwrap.wrap(record.indicator + restated, width - len(head)) or [""]
        lines.append(head + body[0])
        lines += [" " * len(head) + more for more in body[1:]]
        lines.append(" " * len(head) + f"↳ {record.section}")
    if alignments:
        lines += ["", "So sánh Trung ương – tỉnh (cùng năm, cùng chỉ tiêu):"]
        for row in alignments:
            left = f"{row.national.value}" if row.national else "—"
            right = f"{row.provincial.value}" if row.provincial else "—"
            name = (row.provincial or row.national).indicator
            lines.append(f"  {row.year}  {name[:60]:<60}  TW: {left:<24} Tỉnh: {right:<24} → "
                         f"{VERDICT_LABELS[row.verdict]}")
    return "\n".join(lines).lstrip("\n")


def _atomic(path: Path, write) -> Path:
    path = path.expanduser()
    if not path.parent.is_dir():
        raise NghiQuyetError(f"Thư mục {path.parent} không tồn tại; hãy tạo thư mục hoặc chọn nơi khác.")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        write(Path(temporary))
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def write_csv(path: Path, records: list[TargetRecord], alignments: list[Alignment]) -> list[Path]:
    """The targets as CSV (UTF-8 with BOM, so Excel reads the accents), and the comparison beside it
    (``<name>-so-sanh.csv``)."""
    def targets(temporary: Path) -> None:
        with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([label for label, _ in RECORD_COLUMNS])
            writer.writerows(record_row(r) for r in records)

    def comparison(temporary: Path) -> None:
        with temporary.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(COMPARISON_COLUMNS)
            writer.writerows(comparison_row(a) for a in alignments)

    written = [_atomic(path, targets)]
    if alignments:
        written.append(_atomic(path.with_name(f"{path.stem}-so-sanh{path.suffix}"), comparison))
    return written


def _sheet_name(name: str, taken: set[str]) -> str:
    base = _SHEET_FORBIDDEN.sub("-", name).strip("'")[:28] or "Văn bản"
    candidate, n = base, 2
    while candidate.lower() in taken:
        candidate, n = f"{base[:25]} ({n})", n + 1
    taken.add(candidate.lower())
    return candidate


def write_xlsx(path: Path, records: list[TargetRecord], alignments: list[Alignment]) -> Path:
    """One sheet per document, a 'So sánh' sheet, each value's clause as a column and as the cell's comment."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment as CellAlignment
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    by_document: dict[str, list[TargetRecord]] = {}
    for record in records:
        by_document.setdefault(record.document, []).append(record)
    value_column = [key for _, key in RECORD_COLUMNS].index("value") + 1
    for name, rows in by_document.items():
        sheet = book.create_sheet(_sheet_name(name, taken))
        sheet.append([label for label, _ in RECORD_COLUMNS])
        for record in rows:
            sheet.append(record_row(record))
            sheet.cell(sheet.max_row, value_column).comment = Comment(_source(record)[:30000], "Trợ lý Nghị quyết")
        _style(sheet, Font, CellAlignment)
    sheet = book.create_sheet(_sheet_name("So sánh", taken), 0)
    sheet.append(list(COMPARISON_COLUMNS))
    for row in alignments:
        sheet.append(comparison_row(row))
        for column, record in ((3, row.national), (6, row.provincial)):
            if record is not None:
                sheet.cell(sheet.max_row, column).comment = Comment(_source(record)[:30000], "Trợ lý Nghị quyết")
    _style(sheet, Font, CellAlignment)
    return _atomic(path, lambda temporary: book.save(temporary))


def _cell(value: object) -> object:
    # a text cell that starts like a formula would be run by a spreadsheet: keep it text
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _style(sheet, font, alignment) -> None:
    for cell in sheet[1]:
        cell.font = font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        letter = column[0].column_letter
        longest = max(len(str(c.value or "")) for c in column)
        sheet.column_dimensions[letter].width = min(60, max(8, longest + 2))
        for c in column[1:]:
            c.alignment = alignment(wrap_text=True, vertical="top")
