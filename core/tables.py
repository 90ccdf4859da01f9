"""How a table row reads once ingested: its chunk's text is "Header: text | Header: text" and ``Chunk.table`` is
the table's caption followed by its column headers ("Caption | TT | Họ và tên | Điểm thi"). Here: a row's cells,
the number a cell states, and which column or row group a question names by its words."""

from __future__ import annotations

import functools
import re
from collections.abc import Set

from nghiquyet.core.textnorm import fold

# A cell that states a number: "7,5", "1.000", "≥700", "> 1.000", "12 ha" (the number first, its unit after).
_CELL_NUMBER = re.compile(r"^\s*(?:[<>≤≥~≈]=?\s*)?(\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?)(?![\d/.,]*\d)")
# What a label is written with besides the words that name it: an ordinal ("I.", "1.2.", "a)") and a unit or a
# count in brackets ("Diện tích (ha)", "CHỈ HUY NỔ MÌN (11 người)").
_ORDINAL = r"(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđ])"  # "III", "3.2", "a"
_LABEL_ORDINAL = re.compile(rf"^\s*{_ORDINAL}[.)]\s+", re.I)
_BRACKETED = re.compile(r"\([^)]*\)")
# A row that adds up the others: its first cells say so and nothing else ("Tổng cộng", "Cộng (I+II)", "Total").
_TOTAL_LABEL = re.compile(r"^(?:tổng cộng|tổng số|tổng|cộng|total|grand total)\s*(?:\([^)]*\))?\s*:?$", re.I)
_ORDINAL_TEXT = re.compile(rf"^\s*{_ORDINAL}[.)]?\s*$", re.I)  # a cell that only numbers its row: "III", "a)"
_ORDINAL_HEADERS = frozenset({"tt", "stt", "số tt", "số thứ tự", "no", "no."})


def to_number(text: str) -> float:
    """'1.000' -> 1000.0, '0,7' -> 0.7 (Vietnamese thousands and decimal marks)."""
    return float(text.replace(".", "").replace(",", "."))


def table_headers(table: str) -> list[str]:
    """The column headers of a table label (its caption comes first)."""
    return [header.strip() for header in table.split(" | ")[1:]]


def row_cells(row: str, table: str) -> list[tuple[str, str]]:
    """A table row's cells as (column label, text); a label is a header, or a header and the second header row's
    label under it ("Cấp công trình I" under "Cấp công trình"); a piece with any other label belongs to the cell
    before it (a cell's own text may hold " | " or ": ")."""
    headers = table_headers(table)
    cells: list[tuple[str, str]] = []
    for piece in row.split(" | "):
        header, _, text = piece.partition(": ")
        if text and (not headers or any(header == h or header.startswith(f"{h} ") for h in headers if h)):
            cells.append((header, text))
        elif cells:
            cells[-1] = (cells[-1][0], f"{cells[-1][1]} | {piece}")
    return cells


def is_total_row(row: str, table: str) -> bool:
    """Whether a row adds up the others ("Tổng cộng | Diện tích (ha): 1.311,4"): never the largest of them."""
    return any(_TOTAL_LABEL.match(text.strip()) for _, text in row_cells(row, table)[:2]) or bool(
        _TOTAL_LABEL.match(row.split(" | ", 1)[0].strip()))


def cell_number(text: str) -> float | None:
    """The number a cell states first ("7,5" -> 7.5, "1.000 giường" -> 1000.0), or None (a name, a date, a
    range such as "500 ÷ 1.000" counts by its first number)."""
    match = _CELL_NUMBER.match(text)
    return to_number(match.group(1)) if match else None


def row_counts(row: str, table: str, units: tuple[str, ...]) -> bool:
    """Whether a table row gives a number of one of ``units``, the way tables write it: the unit in a column's
    header or in a cell naming the criterion ("Tiêu chí phân cấp: Tổng số giường bệnh lưu trú"), the number in
    another cell ("Cấp công trình I: 500 ÷ 1.000")."""
    cells = [(header, text) for header, text in row_cells(row, table) if not is_ordinal_header(header)]
    numbered = [cell_number(text) is not None for _, text in cells]
    for position, (header, text) in enumerate(cells):
        named = f"{header} {text if not numbered[position] else ''}".lower()
        if any(re.search(rf"(?<!\w){re.escape(unit)}(?!\w)", named) for unit in units if unit != "%") and any(
                is_number for other, is_number in enumerate(numbered) if other != position):
            return True
    return False


def row_label(row: str, table: str) -> str | None:
    """What a row is about: its first cell that is neither the row's ordinal nor a number ("Khí dễ cháy cấp 1,
    cấp 2" in "STT: 3 | Nhóm hóa chất: Khí dễ cháy cấp 1, cấp 2 | Ngưỡng …: 10.000")."""
    cells = row_cells(row, table) or [("", piece) for piece in row.split(" | ")]
    return next((text for header, text in cells
                 if not is_ordinal_header(header) and cell_number(text) is None and not _ORDINAL_TEXT.match(text)),
                None)


def names_row(row: str, table: str, words: Set[str], min_words: int = 2) -> bool:
    """Whether a question names a row whole: every word of its label (``row_label``, at least ``min_words``) is
    among the question's ``words`` ("Khí dễ cháy cấp 1, cấp 2" asked about, not the longer "Sol khí dễ cháy cấp 1
    và cấp 2, có chứa khí dễ cháy …" beside it). Other cells do not count: a body or a province named in the
    question is in the "Chủ trì" cell of many rows."""
    label = row_label(row, table)
    own = label_words(label) if label else frozenset()
    return len(own) >= min_words and own <= words


@functools.lru_cache(maxsize=4096)
def words_of(text: str) -> tuple[str, ...]:
    """The words of ``text`` as tables are matched with questions: lower case, one tone-mark placement ("Hoá chất"
    and "hóa chất" are the same words), punctuation dropped. Cached: a table's cells are read for every question."""
    return tuple(re.findall(r"\w+", fold(text)))


def _label_text(label: str) -> str:
    """A column's or a group's label without its ordinal and bracketed unit or count ("3.2. Diện tích (ha)" ->
    "Diện tích")."""
    return _BRACKETED.sub(" ", _LABEL_ORDINAL.sub("", label))


@functools.lru_cache(maxsize=4096)
def label_words(label: str) -> frozenset[str]:
    """The words that name a column or a group (:func:`words_of` its :func:`_label_text`)."""
    return frozenset(words_of(_label_text(label)))


def is_ordinal_header(header: str) -> bool:
    """A column that only numbers the rows ("TT", "STT")."""
    return header.strip().lower() in _ORDINAL_HEADERS


def named_label(labels: list[str], words: Set[str]) -> str | None:
    """Of ``labels``, the one a question names: every word of it is among the question's ``words`` (the one with
    most words when several are); None when none is named."""
    named = [(len(own), label) for label in labels if (own := label_words(label)) and own <= words]
    return max(named)[1] if named else None


# Words between a column's name and the value a question gives it: "phân loại II", "có chủ đầu tư là LCIDI"
# (punctuation such as "phân loại: II" is already gone from the folded question).
_VALUE_LINK = r"(?:\s+(?:là|bằng|đạt|được))?"


def rows_with_named_value(question: str, rows: list[tuple[int, str]], table: str) -> list[int]:
    """Of one table's ``rows`` (id, text), those whose cell under a column the question names holds exactly the
    value the question writes right after that column's name ("đơn vị nào được phân loại II?": the row
    "Đơn vị: Xã Phan Rí Cửa | Phân loại: II"). Such a row shares no more words with the question than the
    table's other rows; its value is what sets it apart. None when the question names no column with one of
    its values."""
    asked = f" {fold_words(question)} "
    picked: list[int] = []
    for header in table_headers(table):
        name = fold_words(_label_text(header))
        if not name or is_ordinal_header(header) or f" {name} " not in asked:
            continue
        given = re.compile(rf" {re.escape(name)}{_VALUE_LINK} (.+)")
        after = [match.group(1) for match in given.finditer(asked)]
        picked = [row for row, text in rows
                  if any(cell_header == header and (value := fold_words(cell))
                         and any(f"{rest} ".startswith(f"{value} ") for rest in after)
                         for cell_header, cell in row_cells(text, table))]
        if picked:
            break
    return picked


def fold_words(text: str) -> str:
    """The :func:`words_of` ``text`` joined by single spaces ("Phân loại: II" -> "phân loại ii")."""
    return " ".join(words_of(text))
