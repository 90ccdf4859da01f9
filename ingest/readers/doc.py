"""Old Word files (.doc, Word 97–2003): converted to text by antiword (Debian's antiword package, which
`make run` installs); without it, a message that says how to convert the file.

antiword writes a table as lines of cells between bars ("|QUỐC HỘI      |CỘNG HÒA XÃ HỘI …|"), one line per
line of text, so a cell of two lines spans two of them. Those lines are read back into the table they were: the
header block beside the national motto and the signature block beside "Nơi nhận" become their cells' lines in
reading order (number, place and date found as in a .docx), a data table labelled rows."""

from __future__ import annotations

import re
import shutil
import subprocess
from itertools import groupby
from pathlib import Path

from nghiquyet.core.errors import SourceFileError
from nghiquyet.ingest.blocks import Block, SourceText
from nghiquyet.ingest.readers.plain import lines_to_blocks
from nghiquyet.ingest.readers.tables import caption_from, table_blocks

CONVERT_HINT = ("hãy mở tệp bằng Word hoặc LibreOffice và lưu lại dạng .docx (Tệp › Lưu thành › Word .docx), "
                "rồi nạp tệp .docx")


def read_doc(path: Path) -> SourceText:
    binary = shutil.which("antiword")
    if binary is None:
        raise SourceFileError(str(path), f"tệp Word cũ (.doc) cần chương trình antiword để đọc; {CONVERT_HINT} "
                              "(hoặc cài antiword: sudo apt-get install antiword).")
    result = subprocess.run([binary, "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True, timeout=120)
    if result.returncode != 0:
        raise SourceFileError(str(path), f"không đọc được tệp .doc ({result.stderr.decode(errors='replace')[:150]}); "
                              f"{CONVERT_HINT}.")
    return SourceText(antiword_blocks(result.stdout.decode("utf-8", errors="replace")), laid_out=True)


_TABLE_LINE = re.compile(r"^\|.*\|\s*$")


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip()[1:-1].split("|")]


def _continues(cells: list[str]) -> bool:
    """Whether a table line is the next line of the cells above it rather than a row of its own: its first cell
    is empty (a number or ordinal column is written on a row's first line only), or each of its filled cells
    goes on in lower case or in brackets ("dân cấp xã nơi cư trú", "(Chính quyền, Đảng, đoàn thể)")."""
    filled = [cell for cell in cells if cell]
    return not cells[0] or all(cell[0].islower() or cell[0] in "(" for cell in filled)


def _table_rows(lines: list[str]) -> list[list[str]]:
    rows: list[list[str]] = []
    for line in lines:
        cells = _cells(line)
        if not any(cells):
            continue
        if rows and len(cells) == len(rows[-1]) and _continues(cells):
            rows[-1] = [f"{above}\n{below}" if above and below else above or below
                        for above, below in zip(rows[-1], cells, strict=True)]
        else:
            rows.append(cells)
    return rows


def antiword_blocks(text: str) -> list[Block]:
    """The blocks of antiword's text: plain lines as in a .txt, each table read back into its rows."""
    blocks: list[Block] = []
    recent: list[str] = []  # the plain lines just before a table: its caption
    for is_table, run in groupby(text.split("\n"), key=lambda line: bool(_TABLE_LINE.match(line))):
        lines = list(run)
        if is_table:
            blocks += table_blocks(_table_rows(lines), caption_from(recent))
        else:
            blocks += lines_to_blocks("\n".join(lines))
            recent = [line for line in lines if line.strip()][-4:]
    return blocks
