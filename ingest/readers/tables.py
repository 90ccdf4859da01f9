"""Tables, whatever the format: a data table becomes one block per row that carries the table's caption and
its column headers ("Chỉ tiêu: Tỷ lệ che phủ rừng | Năm 2030: 42%"), so a row is retrievable and readable on
its own. A table used for layout (the header block of a document: issuer beside the national motto, number
beside place and date; a signature block beside "Nơi nhận") becomes its cells' lines, in reading order."""

from __future__ import annotations

import re

from nghiquyet.ingest.blocks import Block

# What only a layout table holds: the motto, a number line, a place-and-date line, a signature block.
_LAYOUT = re.compile(r"(CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI|ĐẢNG CỘNG SẢN VIỆT NAM|Độc lập\s*[-–]\s*Tự do|^\s*Số\s*[:.]?\s*\d|"
                     r"ngày\s+\S*\s*tháng\s+\S*\s*năm|Nơi nhận|^\s*(T/M|TM\.|K/T|KT\.|TL\.|TUQ\.)\s)", re.I | re.M)
MIN_FILLED = 0.5  # a data table has at least half of its body cells filled
# A header or signature block laid out as a table is small: one to four rows of two or three cells. A bigger
# table is data even when a cell shows the motto or a number line (a guide's table of how to type them).
LAYOUT_MAX_ROWS = 4
LAYOUT_MAX_COLUMNS = 3


def caption_from(previous: list[str], limit: int = 200) -> str:
    """A table's caption from the lines just before it: the short title lines ("PHỤ LỤC I", "CÁC CHỈ TIÊU
    …", "(Kèm theo …)"), nearest last, joined; as many as ``limit`` holds, the nearest kept."""
    picked: list[str] = []
    for line in reversed(previous[-4:]):
        line = " ".join(line.split())
        if not line or len(line) > 160 or line.endswith((".", ";", ":")) and not line.startswith("("):
            break
        picked.insert(0, line)
    while len(picked) > 1 and len(" — ".join(picked)) > limit:
        picked.pop(0)  # the farthest line goes first: the nearest ("Bảng 1.1 …") names the table
    return " — ".join(picked)[:limit]


def _clean(cell: str | None) -> str:
    return " ".join((cell or "").split())


def _dedupe_merged(row: list[str]) -> list[str]:
    """Merged cells come back once per spanned column: keep one."""
    out: list[str] = []
    for cell in row:
        if not out or cell != out[-1] or not cell:
            out.append(cell)
    return out


def is_layout(rows: list[list[str]]) -> bool:
    """A table that lays out a header or signature block rather than holding data."""
    width = max((len(row) for row in rows), default=0)
    if width < 2 or len(rows) < 2:
        return True
    if len(rows) > LAYOUT_MAX_ROWS or width > LAYOUT_MAX_COLUMNS:
        return False
    return any(_LAYOUT.search(cell) for row in rows for cell in row)


# The ordinal of a row that groups the rows under it: a Roman numeral ("I", "II.", "IV)").
_GROUP_ORDINAL = re.compile(r"^([IVXL]+)[.)]?$")
_ROW_ORDINAL = re.compile(r"^\d+[.)]?$")


def group_title(cells: list[str]) -> str | None:
    """The heading a row stands for when it groups the rows under it ("I. Cơ quan chuyên môn cấp tỉnh" from
    "I | Cơ quan chuyên môn cấp tỉnh | | "): a Roman ordinal and one other filled cell."""
    filled = [cell for cell in cells if cell]
    if len(filled) != 2 or not (match := _GROUP_ORDINAL.match(cells[0])):
        return None
    return f"{match.group(1)}. {filled[1].rstrip(' .;:')}"


_ORDINAL = re.compile(r"^(\(?\d+[.)]?|\(?[IVXL]+[.)]?|[a-zđ][.)])(\s|$)")


def _first_word(cell: str) -> str:
    return cell.split(" ")[0].lower() if cell else ""


def _header_rows(rows: list[list[str]]) -> int:
    """How many rows at the top are headers: the first row (unless it reads like data: it starts with an
    ordinal, or like the row under it), and a second one that only numbers the columns ("(1) | (2) | (3)")."""
    if len(rows) < 2:
        return 0
    first = rows[0][0] if rows[0] else ""
    if _ORDINAL.match(first) or (first and _first_word(first) == _first_word(rows[1][0] if rows[1] else "")):
        return 0
    count = 1
    if len(rows) > 2 and _numbers_columns(rows[1]):
        count = 2
    return count


def _numbers_columns(row: list[str]) -> bool:
    """Whether a row only numbers the columns above it ("(1) | (2) | (3)", "A | B | C")."""
    return all(re.fullmatch(r"\(?\d{1,2}\)?|[A-Z]|", cell) for cell in row)


def merged_as_spans(rows: list[list[str | None]]) -> tuple[list[list[str]], list[list[int]]]:
    """pdfplumber's rows (a cell covered by a merged one is None) as cells with the columns each spans."""
    texts: list[list[str]] = []
    widths: list[list[int]] = []
    for row in rows:
        cells: list[str] = []
        spans: list[int] = []
        for cell in row:
            if cell is None and cells:
                spans[-1] += 1
            else:
                cells.append(cell or "")
                spans.append(1)
        texts.append(cells)
        widths.append(spans)
    return texts, widths


def _header_columns(rows: list[list[str]], widths: list[list[int]], headed: int) -> tuple[int, list[str]]:
    """How many rows head the table, and each column's label. A first row whose cells span several columns
    ("PAR Index" over "Điểm số | Thứ hạng") is followed by rows of sub-headers (no digit in them): a column's
    label joins its group's and its own ("PAR Index Thứ hạng")."""
    if not headed or (len(widths[0]) == 1 and widths[0][0] > 1):
        return 0, []  # one cell across the whole table is its caption or a note, not a column's header
    columns = [h for h, width in zip(rows[0], widths[0], strict=False) for _ in range(width)]
    if not any(width > 1 for width in widths[0]):
        return headed, columns
    labels = [[label] if label else [] for label in columns]
    count = 1
    while count < min(3, len(rows) - 1) and _sub_header(rows[count], widths[count], widths[0], count):
        column = 0
        for cell, width in zip(rows[count], widths[count], strict=False):
            if cell and column < len(labels) and cell not in labels[column]:
                labels[column].append(cell)  # a sub-header names its first column only
            column += width
        count += 1
    if count < len(rows) - 1 and _numbers_columns(rows[count]):
        count += 1  # the row that only numbers the columns ("(1) | (2) | (3)")
    return max(count, headed), [" ".join(parts) for parts in labels]


def _sub_header(cells: list[str], widths: list[int], group_widths: list[int], position: int) -> bool:
    """Whether a row under a header of groups heads columns too: no digit in it, and (the first such row) two
    filled cells under one group ("Điểm số | Thứ hạng" under "PAR Index"); a further row only short words (the
    end of a header cut over two lines: "hạng")."""
    if any(re.search(r"\d", cell) for cell in cells):
        return False
    if position > 1:  # not a row that starts with its ordinal: a group row ("I | Hàng hóa") is the body's first
        return not _ORDINAL.match(cells[0] if cells else "") and all(len(cell) <= 15 for cell in cells)
    starts = [sum(widths[:i]) for i, cell in enumerate(cells) if cell]
    group_start = 0
    for width in group_widths:
        if width > 1 and sum(group_start <= start < group_start + width for start in starts) >= 2:
            return True
        group_start += width
    return False


def _spanned_labels(header_columns: list[str], widths: list[int]) -> list[str]:
    """The label of each cell of a row whose cells span ``widths`` columns: the headers of the columns it spans
    ("Chủ trì thực hiện / Phối hợp thực hiện"; one that another holds counts once: "PAR Index" in "PAR Index Thứ
    hạng"); none for a cell across three labels or more, or across the whole row, which names the row itself
    ("Chỉ số cao nhất | 93,01%"); none at all when the row is wider than the header. A narrower row's cells are
    under the first columns (Word lets a row end before the table's last column)."""
    if sum(widths) > len(header_columns):
        return []
    labels, column = [], 0
    for width in widths:
        spanned = list(dict.fromkeys(h for h in header_columns[column:column + width] if h))
        spanned = [h for h in spanned if not any(h != other and h in other for other in spanned)]
        labels.append(" / ".join(spanned) if len(spanned) <= 2 and width < len(header_columns) else "")
        column += width
    return labels


def _filled_rows(rows: list[list[str | None]], spans: list[list[int]]
                 ) -> tuple[list[int], list[list[str]], list[list[int]]]:
    """The rows with a filled cell: their places in ``rows``, their cells cleaned, and their spans."""
    cleaned = [[_clean(cell) for cell in row] for row in rows]
    kept = [i for i, row in enumerate(cleaned) if any(row)]
    return kept, [cleaned[i] for i in kept], [spans[i] for i in kept]


def header_row_count(rows: list[list[str]], spans: list[list[int]]) -> int:
    """How many rows at the top of a table head it, as ``table_blocks`` reads them (cells as given by
    ``merged_as_spans``): what a table continued on the next page without its header borrows from its first page."""
    kept, cleaned, widths = _filled_rows(rows, spans)
    if not cleaned or is_layout(cleaned):
        return 0
    headed = _header_columns(cleaned, widths, _header_rows(cleaned))[0]
    return kept[headed - 1] + 1 if headed else 0


def table_blocks(rows: list[list[str | None]], caption: str = "", page: int | None = None,
                 forms: bool = True, spans: list[list[int]] | None = None,
                 continued: list[list[bool]] | None = None) -> list[Block]:
    """The blocks of one table: labelled rows for a data table, plain lines for a layout table. An empty form
    (most body cells blank: a report template's "Biểu 01" listing the indicators to fill in) is content too: each
    row gives its filled cells, labelled. With ``forms`` false it gives nothing (a PDF, whose text layer already
    holds the form's words). ``spans``: the reader gave a merged cell once, with how many columns each cell
    spans (a .docx knows which cells are merged), so two neighbouring cells with the same text are two ("Phối hợp:
    Sở Nội vụ | Theo dõi: Sở Nội vụ") and a cell across two columns carries both labels ("Chủ trì thực hiện / Phối
    hợp thực hiện: Theo phân công tại Quyết định …"); otherwise a repeated neighbour is read as one merged cell.
    ``continued``: which cells go on a cell merged down from the row above (a .docx knows): a body row keeps the
    merged cell's text ("Sở Nội vụ" for each task it leads), but a header row does not repeat it, so "STT | Nội
    dung" merged over two header rows leaves the second row to the sub-headers ("Điểm số | Thứ hạng")."""
    dedupe = (lambda row: row) if spans is not None else _dedupe_merged
    kept, cleaned, widths = _filled_rows(rows, spans if spans is not None else [[1] * len(row) for row in rows])
    if not cleaned:
        return []
    if is_layout(cleaned):
        columns = max(len(row) for row in cleaned)
        lines: list[str] = []
        for column in range(columns):  # left column first: issuer lines, then motto, place and date
            for row in rows:
                if column < len(row):
                    lines += [line.strip() for line in (row[column] or "").split("\n") if line.strip()]
        return [Block(line, page) for line in dict.fromkeys(lines)]
    as_headers = cleaned if continued is None else [  # a cell merged down from above heads nothing again
        ["" if flag else cell for cell, flag in zip(row, continued[i], strict=True)] for i, row in zip(kept, cleaned)]
    headed = _header_rows(as_headers)
    headers = dedupe(cleaned[0]) if headed else []
    if spans is not None:
        headed, header_columns = _header_columns(as_headers, widths, headed)
    body, body_widths = cleaned[headed:], widths[headed:]
    filled = sum(1 for row in body for cell in row if cell) / max(sum(len(row) for row in body), 1)
    if filled < MIN_FILLED and not forms:
        return []
    label = " | ".join(part for part in [caption.strip(), *headers] if part)
    blocks = []
    for position, row in enumerate(body):
        cells = dedupe(row)
        following = body[position + 1] if position + 1 < len(body) else []
        title = group_title(cells)
        if title and following and _ROW_ORDINAL.match(following[0]):  # it heads numbered rows: a heading
            blocks.append(Block(title, page, table=label or "Bảng", row_group=True))
            continue
        labels = _spanned_labels(header_columns, body_widths[position]) if spans is not None else headers
        if labels and len(cells) == len(labels):
            parts = [f"{h}: {c}" if h and c else c for h, c in zip(labels, cells, strict=True) if c]
        else:
            parts = [c for c in cells if c]
        if parts:
            blocks.append(Block(" | ".join(parts), page, table=label or "Bảng"))
    return blocks
