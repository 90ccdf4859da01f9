"""PDF: the text layer page by page (pypdf), with page numbers carried into citations; data tables read by
pdfplumber and added as labelled rows (its text extraction was measured worse than pypdf's on these
documents, its table finder better: see bench/RESULTS.md); pages without a text layer (scans) read by OCR."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path

from nghiquyet.core.errors import SourceFileError
from nghiquyet.core.textnorm import nfc
from nghiquyet.ingest.blocks import Block, SourceText
from nghiquyet.ingest.readers.footnotes import inline_footnotes
from nghiquyet.ingest.readers.ocr import ocr_pdf_pages
from nghiquyet.ingest.readers.tables import header_row_count, merged_as_spans, table_blocks

log = logging.getLogger(__name__)
MIN_PAGE_TEXT = 20  # a page with less text than this is taken for a scan
MIN_SIDE_BY_SIDE = 0.5  # share of a table's rows with two cells or more, for its text-layer lines to give way
MIN_TABLE_PIECES = 3  # cell lines a run of text-layer lines must hold to give way to its table's rows
PAGE_NUMBER = re.compile(r"[\d\-–—.]+")  # a word that only numbers the page ("- 2 -"), above or below a table
COLUMN_TOLERANCE = 2  # points between a column's edges on two pages of the same table
# A cell's line that ends inside a word goes on without a space: inside a hyphenated one ("Nghị định số
# 52/2015/NĐ-" over "CP"), or before the end of a syllable that a narrow column cut ("Triệu đồng/người/thán" over
# "g": small consonants alone are no Vietnamese word, every syllable has a vowel).
WRAPPED_AT_HYPHEN = re.compile(r"(?<=[^\s-])-\n(?=\S)")
WRAPPED_IN_SYLLABLE = re.compile(r"(?<=\w)\n(?=[bcdđghklmnpqrstvx]+(?:[\s,;:/]|$))")  # not "b)", "c."
# How far apart (points) two characters of a cell may sit up and down and still be one line: pdfplumber's default,
# 3, split subscripts and superscripts into a line of their own ("C H Cl\n2 3" for C2H3Cl, "106KWh" as
# "10KWh\n6"), so the cell no longer matched its text-layer line either. Lines of text in 11 to 14 point type, as
# administrative documents are set, lie 12 points apart or more; a table in 7-point type would run its lines together.
CELL_LINE_TOLERANCE = 8
NUMBERED_ROWS = 0.8  # share of a table's rows with a filled first cell, for that cell to be the row's ordinal
# A page whose text layer pypdf reads one word per line (each word drawn as its own text object, as Google Docs'
# PDF export does) is read again by the words' places on the page. Ordinary pages, tables of figures included, have
# at most two thirds of their lines made of one word.
SHREDDED_SHARE = 0.9
SHREDDED_MIN_LINES = 40
COLUMN_GAP = re.compile(r" {8,}")  # between two columns of a page read by layout ("___        TP. Hồ Chí Minh, …")


@dataclass
class _PageTable:
    """One data table of a page: its labelled rows, and its cells' lines as the text layer lays them out."""

    rows: list[Block]
    cell_lines: set[tuple[str, ...]] = field(default_factory=set)


@dataclass
class _FoundTable:
    """A table as pdfplumber found it on one page, and where it stands there."""

    page: int
    cells: list[list[str]]  # as read, then as joined with the table's other pages
    spans: list[list[int]]
    columns: tuple[int, ...]  # the x of its column edges, in points
    opens_page: bool  # nothing but a page number above it
    ends_page: bool  # nothing but a page number below it
    cell_lines: set[tuple[str, ...]] = field(default_factory=set)  # this page's own cells' lines
    side_by_side: bool = False
    borrowed: int = 0  # header rows taken from the table's first page, which this page did not repeat
    repeated: int = 0  # header rows of the table's first page that this page repeats
    continues: bool = False  # it goes on from the table of the page before
    mended: int = 0  # its last row was mended with the end that opens the next page


def _words(text: str) -> tuple[str, ...]:
    return tuple(nfc(text).split())


def _found_tables(path: Path, page_count: int | None = None) -> list[_FoundTable]:
    """Every table pdfplumber finds, page by page, with what stands above and below it on its page."""
    import pdfplumber

    found: list[_FoundTable] = []
    with pdfplumber.open(str(path)) as pdf:
        for number, page in enumerate(pdf.pages[:page_count], start=1):
            tables = page.find_tables()
            if not tables:
                continue
            words = [word for word in page.extract_words() if not PAGE_NUMBER.fullmatch(word["text"])]
            for table in tables:
                # a merged cell is one cell, not blanks beside it
                cells, spans = merged_as_spans(table.extract(y_tolerance=CELL_LINE_TOLERANCE))
                lines = {_words(line) for row in cells for cell in row for line in cell.split("\n")} - {()}
                cells = [[_unwrapped(cell) for cell in row] for row in cells]
                left, top, right, bottom = table.bbox
                edges = {round(cell[0]) for row in table.rows for cell in row.cells if cell} | {round(right)}
                found.append(_FoundTable(
                    number, cells, spans, tuple(sorted(edges)),
                    opens_page=not any(word["bottom"] <= top + 1 for word in words),
                    ends_page=not any(word["top"] >= bottom - 1 for word in words),
                    cell_lines=lines,
                    side_by_side=_cells_side_by_side(cells)))
    return found


def _unwrapped(cell: str) -> str:
    return WRAPPED_IN_SYLLABLE.sub("", WRAPPED_AT_HYPHEN.sub("-", nfc(cell)))


def _same_columns(one: tuple[int, ...], other: tuple[int, ...]) -> bool:
    return len(one) == len(other) and all(abs(a - b) <= COLUMN_TOLERANCE for a, b in zip(one, other, strict=True))


def _joined_across_pages(tables: list[_FoundTable]) -> list[_FoundTable]:
    """Tables that go on over a page break read as one table. A table that ends its page continues in the table
    that opens the next page with the same columns: there, the header rows its first page has are dropped where
    the page repeats them (Word's "repeat header row") and borrowed where it does not, so every row keeps its
    column labels (without them, the new page's first data row was taken for the header of the rest); and a row
    that Word let break across the page (its default) is mended: a first row whose ordinal cell is empty, in a
    table whose rows have one, is the end of the row above, not a row of its own ("Sở Khoa" | "học và Công nghệ").
    """
    chain: list[_FoundTable] = []  # the pages of the table the previous one belongs to
    header = 0  # how many rows head the chain's first page
    for table in tables:
        previous = chain[-1] if chain else None
        if not (previous and previous.ends_page and table.opens_page and table.page == previous.page + 1
                and _same_columns(previous.columns, table.columns)):
            chain = [table]
            continue
        head = chain[0]
        if len(chain) == 1:  # counted once per table, when it first goes on to another page
            header = header_row_count(head.cells, head.spans)
        repeated = 0
        while (repeated < header and repeated < len(table.cells)
               and _words(" ".join(table.cells[repeated])) == _words(" ".join(head.cells[repeated]))):
            repeated += 1
        table.repeated, table.continues = repeated, True
        if not repeated and header:
            table.cells[:0], table.spans[:0] = head.cells[:header], head.spans[:header]
            table.borrowed = header
        start = repeated or table.borrowed
        body = [row for page in chain for row in _body_rows(page, header)]
        if start < len(table.cells) and _cut_row(body, previous, table.cells[start], table.spans[start]):
            previous.cells[-1] = [f"{above}\n{below}".strip() for above, below in
                                  zip(previous.cells[-1], table.cells[start], strict=True)]
            del table.cells[start], table.spans[start]
            previous.mended += 1
        chain.append(table)
    return tables


def _body_rows(table: _FoundTable, header: int) -> list[list[str]]:
    """A page's filled rows under the header, less a first row without an ordinal on a page that the table opens
    (the rest of a row from a page before, which no table was found to continue)."""
    rows = [row for row in table.cells[header:] if any(cell.strip() for cell in row)]
    return rows[1:] if rows and table.opens_page and not rows[0][0].strip() else rows


def _cut_row(body: list[list[str]], previous: _FoundTable, first: list[str], spans: list[int]) -> bool:
    """Whether a page's first body row is the rest of the previous page's last row: its first cell (the
    ordinal's) is empty where the table's rows so far (``body``) have one, its cells lie as the last row's do, and
    a cell goes on with a small letter, in the middle of a sentence ("kịp thời những nội dung …"). A row whose cells
    all start as a cell does ("Kế hoạch tự kiểm tra …", "Sở Nội vụ") is a row of its own under an ordinal merged
    over several rows."""
    last = previous.cells[-1]
    if not body or body[-1] is not last or first[0].strip() or not last[0].strip() or spans != previous.spans[-1]:
        return False
    numbered = sum(1 for row in body if row[0].strip())
    return numbered >= NUMBERED_ROWS * len(body) and any(cell.strip()[:1].islower() for cell in first)


def pdf_table_cells(path: Path, across_pages: bool = True) -> list[list[list[str]]]:
    """Each table of a PDF as its rows of cells, as the reader takes them (bench/pdf_tables.py scores them);
    ``across_pages`` false: page by page, as pdfplumber finds them. A page's header rows that are the table's
    first page's (repeated or borrowed) are left out, as they give no row."""
    tables = _found_tables(path)
    if across_pages:
        tables = _joined_across_pages(tables)
    return [table.cells[table.borrowed + table.repeated:] for table in tables]


def _tables(path: Path, page_count: int) -> tuple[dict[int, list[_PageTable]], list[str]]:
    """Each page's data tables (layout tables and empty forms are left to the text layer), and what the reader
    says about them (tables read as one over page breaks, rows mended)."""
    found: dict[int, list[_PageTable]] = {}
    notes: list[str] = []
    try:
        tables = _joined_across_pages(_found_tables(path, page_count))
        continued, mended = sum(table.continues for table in tables), sum(table.mended for table in tables)
        if continued:
            notes.append(f"{continued} lần bảng tiếp sang trang sau được đọc liền một bảng (trang thiếu dòng tiêu "
                         "đề cột dùng tiêu đề của trang đầu bảng).")
        if mended:
            notes.append(f"{mended} hàng bảng bị ngắt trang được nối lại thành một hàng (trích dẫn ghi trang "
                         "đầu của hàng).")
        for table in tables:
            rows = table_blocks(table.cells, page=table.page, forms=False, spans=table.spans)
            if rows:
                data = any(block.table for block in rows) and table.side_by_side  # not a layout table
                found.setdefault(table.page, []).append(_PageTable(rows, table.cell_lines if data else set()))
    except Exception as exc:  # noqa: BLE001 - the text layer is still good without tables
        log.warning("%s: không đọc được bảng (%s); vẫn dùng phần chữ.", path.name, exc)
    return found, notes


def _cells_side_by_side(cells: list[list[str]]) -> bool:
    """Whether most rows hold two cells or more: a frame that pdfplumber finds around prose (a boxed paragraph,
    lines under a heading) gives rows of one cell, and that prose keeps its text-layer lines."""
    filled = [row for row in cells if any(cell.strip() for cell in row)]
    side_by_side = sum(1 for row in filled if sum(1 for cell in row if cell.strip()) > 1)
    return bool(filled) and side_by_side >= MIN_SIDE_BY_SIDE * len(filled)


def _made_of_cells(line: str, cell_lines: set[tuple[str, ...]]) -> int:
    """How many of a table's cell lines make up this text-layer line, whole and nothing else (0 if it is not
    made of them): a row of a table comes out of the text layer as its cells' lines side by side."""
    words = _words(line)
    if not words or not cell_lines:
        return 0
    longest = max(len(cell) for cell in cell_lines)
    fewest: list[int | None] = [0] + [None] * len(words)  # fewest cell lines covering words[:i]
    for end in range(1, len(words) + 1):
        for start in range(max(0, end - longest), end):
            before = fewest[start]
            if before is not None and words[start:end] in cell_lines:
                if fewest[end] is None or before + 1 < fewest[end]:
                    fewest[end] = before + 1
    return fewest[-1] or 0


def _page_blocks(lines: list[str], page: int, tables: list[_PageTable]) -> tuple[list[Block], int]:
    """A page's text-layer lines with each data table's rows in place of the lines that lay the table out
    (pypdf gives a table as its words line by line, "Điểm số Thứ hạng Chỉ số …", "Đồng 83,1/100 62/63 …", which
    then competed with the table's labelled rows). Only runs of lines made wholly of one table's cell lines
    give way, only runs of at least ``MIN_TABLE_PIECES`` cell lines (a lone word that is also a cell stays), and
    only where every line between the table's first and last such line is made of its cells: a table that
    pdfplumber read without one of its columns (Thanh Hóa's OKR appendix, its KPI column) would otherwise tear
    that column's lines from their rows. A table whose lines are not all found keeps the text layer and adds its
    rows at the end of the page, as before. Returns the blocks and how many text-layer lines gave way to rows."""
    replaced: dict[int, _PageTable | None] = {}  # line index → the table whose rows it gives way to (None: drop)
    for table in tables:
        pieces = [_made_of_cells(line, table.cell_lines) if index not in replaced else 0
                  for index, line in enumerate(lines)]
        runs: list[list[int]] = []
        for index, count in enumerate(pieces):
            if count and runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            elif count:
                runs.append([index])
        runs = [run for run in runs if sum(pieces[i] for i in run) >= MIN_TABLE_PIECES]
        if not runs or any(lines[i].strip() and not pieces[i] for i in range(runs[0][0], runs[-1][-1] + 1)):
            continue  # the table leaves lines of its own region out (a column it did not find): the text stays
        for index in range(runs[0][0], runs[-1][-1] + 1):
            replaced[index] = table if index == runs[0][0] else None
    placed = {id(table) for table in replaced.values() if table is not None}
    blocks: list[Block] = []
    for index, line in enumerate(lines):
        if index not in replaced:
            blocks.append(Block(line, page))
        elif replaced[index] is not None:
            blocks += replaced[index].rows
    for table in tables:
        if id(table) not in placed:
            blocks += table.rows
    return blocks, len(replaced)


def _shredded(text: str) -> bool:
    """Whether a page's text reads one word per line."""
    lines = [line for line in text.split("\n") if line.strip()]
    return (len(lines) >= SHREDDED_MIN_LINES
            and sum(len(line.split()) == 1 for line in lines) >= SHREDDED_SHARE * len(lines))


def _laid_out_text(page) -> str:  # a pypdf PageObject
    """A page's text with its words put back on their lines by where they stand: a wide gap parts two columns
    (the header's two sides) into two lines; the spaces that justify a line are one space again."""
    lines = []
    for line in (page.extract_text(extraction_mode="layout") or "").split("\n"):
        lines += [" ".join(part.split()) for part in COLUMN_GAP.split(line.strip())] if line.strip() else [""]
    return "\n".join(lines)


def read_pdf(path: Path, ocr_language: str = "vie", tables: bool = True, progress: bool = False) -> SourceText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise SourceFileError(str(path), "PDF bị đặt mật khẩu; hãy gỡ mật khẩu rồi nạp lại.")
        texts = [page.extract_text() or "" for page in reader.pages]
        shredded = [number for number, text in enumerate(texts, start=1) if _shredded(text)]
        for number in shredded:
            texts[number - 1] = _laid_out_text(reader.pages[number - 1])
    except (PdfReadError, OSError, ValueError) as exc:
        raise SourceFileError(str(path), f"tệp PDF hỏng ({exc}).") from exc
    scanned = [number for number, text in enumerate(texts, start=1) if len(text.strip()) < MIN_PAGE_TEXT]
    ocr_blocks: dict[int, list[Block]] = {}
    source = SourceText([], pages=len(texts), laid_out=True)
    if scanned:
        blocks, report = ocr_pdf_pages(path, scanned, ocr_language, progress)
        for block in blocks:
            ocr_blocks.setdefault(block.page or 0, []).append(block)
        source.ocr = report
        if len(scanned) == len(texts) and sum(len(b.text.strip()) for b in blocks) < MIN_PAGE_TEXT:
            raise SourceFileError(str(path), "PDF là bản quét (không có lớp chữ) và nhận dạng chữ (OCR) không đọc "
                                  "được chữ nào; hãy kiểm tra bản quét (độ nét, chiều trang) hoặc dùng bản có lớp chữ.")
    page_tables, table_notes = _tables(path, len(texts)) if tables and len(scanned) < len(texts) else ({}, [])
    given_way = 0
    pages, footnotes = inline_footnotes([[] if number in ocr_blocks else text.split("\n")
                                         for number, text in enumerate(texts, start=1)])
    for number, lines in enumerate(pages, start=1):
        if number in ocr_blocks:
            source.blocks += ocr_blocks[number] + [row for table in page_tables.get(number, []) for row in table.rows]
            continue
        blocks, replaced = _page_blocks(lines, number, page_tables.get(number, []))
        source.blocks += blocks
        given_way += replaced
    if given_way:
        source.notes.append(f"{given_way} dòng của lớp chữ trình bày bảng được đọc theo từng hàng của bảng "
                            "(mỗi hàng kèm tiêu đề cột).")
    source.notes += table_notes
    if shredded:
        source.notes.append(f"{len(shredded)} trang có lớp chữ tách mỗi chữ một dòng được đọc lại theo vị trí chữ "
                            "trên trang.")
    if footnotes:
        source.notes.append(f"{footnotes} chú thích cuối trang được đặt vào chỗ dấu chú thích của nó trong câu.")
    return source
