"""Pandoc's own table syntaxes, written as the pipe tables markdown-it reads. A .docx turned into Markdown by
pandoc (the usual way a Word document becomes .md) lays its tables out by column position, not by pipes: the
header block of a resolution (issuer beside the national motto) as a table bounded by rows of dashes, the
signature block beside "Nơi nhận" as a grid of "+---+" and "|". markdown-it knows neither and read them as
paragraphs, running the issuer into the motto and the recipients into the signer. Each cell's lines are kept
apart where pandoc broke the line ("\\" at its end) and joined where it only wrapped a long line.

The syntaxes (pandoc's manual, "Tables"): a grid table is drawn with "+", "-", "=" and "|"; a simple or
multiline table has its columns under groups of dashes ("-----  --------"), the header (if any) above them, and,
when a row spans several lines, a blank line between rows and a line of dashes at each end."""

from __future__ import annotations

import re

_GRID_BORDER = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")
_DASH_GROUPS = re.compile(r"^\s*-{3,}(?: +-{3,})+\s*$")
_DASH_LINE = re.compile(r"^\s*-{3,}\s*$")
_HARD_BREAK = re.compile(r"\\([*_]*)\s*$")  # pandoc's line break: a backslash at the end (before closing marks)
MAX_TABLE_LINES = 400  # a layout grid or a data table; a dash line further on closes something else


def _is_rule(line: str) -> bool:
    """A row of dashes, whole or in column groups."""
    return bool(_DASH_LINE.match(line) or _DASH_GROUPS.match(line))


def _columns(rule: str) -> list[int]:
    """Where each column starts, from a row of dashes: its groups of dashes."""
    return [match.start() for match in re.finditer(r"-+", rule)]


def _grid_columns(border: str) -> list[int]:
    return [index for index, char in enumerate(border) if char == "+"]


def _cell_text(lines: list[str]) -> str:
    """One cell's lines as one pipe-table cell: a hard break becomes ``<br>``, a wrapped line a space, a blank
    line (a new paragraph inside the cell) ``<br>``."""
    text = ""
    broken = True
    for raw in lines:
        line = raw.strip()
        if not line.strip("*_ \u00a0"):  # nothing but emphasis marks around a space (pandoc's "*** ***")
            broken = True
            continue
        hard = _HARD_BREAK.search(line)
        if hard:
            line = line[:hard.start()] + hard.group(1)
        if text:
            text += "<br>" if broken else " "
        text += line.replace("|", "\\|")
        broken = bool(hard)
    return text


def _sliced(lines: list[str], starts: list[int]) -> list[str]:
    """One row of a table laid out by position: each column's slice of each of the row's lines, as a cell."""
    bounds = [*starts[1:], None]
    columns = [[line[start:end] if start < len(line) else "" for line in lines]
               for start, end in zip([0, *starts[1:]], bounds, strict=True)]
    return [_cell_text(column) for column in columns]


def _pipe_table(rows: list[list[str]]) -> list[str]:
    width = max(len(row) for row in rows)
    rows = [row + [""] * (width - len(row)) for row in rows]
    out = ["| " + " | ".join(rows[0]) + " |", "|" + " --- |" * width]
    out += ["| " + " | ".join(row) + " |" for row in rows[1:]]
    return ["", *out, ""]


def _grid_cells(line: str, starts: list[int]) -> list[str]:
    """One line of a grid row, cut at its unescaped pipes when it has one per column border (a wide or
    decomposed letter can shift them off the border's "+"), else at the border's "+" positions."""
    pieces = re.split(r"(?<!\\)\|", line.strip())
    if len(pieces) == len(starts) + 1 and not pieces[0] and not pieces[-1].strip():
        return pieces[1:-1]
    line = line.ljust(starts[-1] + 1)
    return [line[a + 1:b] for a, b in zip(starts, starts[1:], strict=False)]


def _grid(lines: list[str], start: int) -> tuple[list[str], int] | None:
    """The grid table opening at ``start``, as pipe-table lines, and the index after it."""
    starts = _grid_columns(lines[start].rstrip())
    rows: list[list[str]] = []
    current: list[str] = []
    index = start + 1
    while index < len(lines) and index - start < MAX_TABLE_LINES:
        line = lines[index].rstrip()
        if _GRID_BORDER.match(line):
            if current:
                cells = [_grid_cells(row, starts) for row in current]
                rows.append([_cell_text([cell[column] for cell in cells]) for column in range(len(starts) - 1)])
                current = []
            if index + 1 >= len(lines) or not lines[index + 1].lstrip().startswith("|"):
                return (_pipe_table(rows), index + 1) if rows else None
        elif line.lstrip().startswith("|"):
            current.append(line)
        else:
            return None
        index += 1
    return None


def _positional(lines: list[str], start: int) -> tuple[list[str], int, int] | None:
    """The simple or multiline table whose row of dash groups is at ``start``: (pipe-table lines, first line
    it replaces, the index after it). Its header is the text just above, unless it opens with dashes itself."""
    starts = _columns(lines[start])
    first = start
    header: list[str] = []
    index = start - 1
    while index >= 0 and lines[index].strip() and not _DASH_LINE.match(lines[index]):
        header.insert(0, lines[index])
        index -= 1
    bounded = not header or (index >= 0 and bool(_DASH_LINE.match(lines[index])))  # dashes above: multiline
    if header:
        first = index if bounded else index + 1
    body: list[str] = []
    end = start + 1
    while end < len(lines) and end - start < MAX_TABLE_LINES and not _is_rule(lines[end]):
        if not bounded and not lines[end].strip():
            break
        body.append(lines[end])
        end += 1
    if bounded and (end - start >= MAX_TABLE_LINES or end >= len(lines) or not _is_rule(lines[end])):
        return None  # a multiline table ends with a row of dashes
    groups: list[list[str]] = []
    multiline = bounded and any(not line.strip() for line in body)
    for line in body:
        if not line.strip():
            groups.append([])
        elif multiline and groups and groups[-1]:
            groups[-1].append(line)
        else:
            groups.append([line])
    rows = ([_sliced(header, starts)] if header else []) + [_sliced(group, starts) for group in groups if group]
    if not rows:
        return None
    return _pipe_table(rows), first, end + 1 if bounded else end


def pipe_tables(text: str) -> str:
    """``text`` with pandoc's grid, simple and multiline tables written as pipe tables; the rest as it was."""
    if "---" not in text:
        return text
    lines = text.split("\n")
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _GRID_BORDER.match(line) and (found := _grid(lines, index)):
            table, index = found
            out += table
            continue
        if _DASH_GROUPS.match(line) and (found := _positional(lines, index)):
            table, first, after = found
            del out[len(out) - (index - first):]  # the header lines (and the dashes above them) already copied
            out += table
            index = after
            continue
        out.append(line)
        index += 1
    return "\n".join(out)
