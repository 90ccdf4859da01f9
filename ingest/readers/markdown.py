"""Markdown (.md): parsed with markdown-it-py, so headings, lists, emphasis and pipe tables are understood
rather than read as text. Markup is stripped for search (a bold "**a) Mục tiêu**" is the heading "a) Mục
tiêu"; a table row is a row, not a heading), headings keep their level, table rows their headers."""

from __future__ import annotations

import re
from pathlib import Path

from nghiquyet.ingest.blocks import Block, SourceText
from nghiquyet.ingest.readers.plain import decode
from nghiquyet.ingest.readers.tables import caption_from, table_blocks


def _inline_text(token) -> str:
    """The plain text of an inline token: emphasis, links and code marks dropped, line breaks kept."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content or "")
        elif child.type == "html_inline":
            continue
    return "".join(parts)


# A line that starts a new item: "-", "+", "*", "•", "1.", "2)", "a)", "đ)", "(1)", "(a)", "II.".
_ITEM_START = re.compile(r"^\s*(?:[-+*•]\s|\d{1,3}[.)]\s|[a-zđ][.)]\s|\(\w{1,4}\)|[IVXLC]{1,6}[.)\-–]\s)")
_OPEN_END = re.compile(r"[≥≤><=~,%–-]$")  # a comparator, a comma or a percentage ends no sentence


def _continues(previous: str, line: str) -> bool:
    """Whether ``line`` is the rest of ``previous``, wrapped by a soft line break inside one sentence ("Có ≥"
    then "30% DNNVV…"): the next line starts in lower case or with a figure, or the previous one stops on a
    comparator, a comma or a percentage; never a line that starts a new item."""
    if not previous or _ITEM_START.match(line) or re.search(r"[.;:!?]$", previous):
        return False
    first = line[0]
    return first.islower() or first.isdigit() or first == "%" or bool(_OPEN_END.search(previous))


def _lines(content: str, heading: bool) -> list[str]:
    """The lines of a paragraph, soft-wrapped lines joined back. In a heading (or a bold paragraph) that starts
    with a number ("II. MỤC" then "TIÊU, ĐỐI TƯỢNG"), every line up to the next numbered one is its rest; other
    headings keep their lines (a header block's "ỦY BAN NHÂN DÂN" over "TỈNH ĐỒNG THÁP" are two facts)."""
    lines: list[str] = []
    for line in (line.strip() for line in content.split("\n")):
        if not line:
            continue
        numbered = heading and bool(lines) and bool(_ITEM_START.match(lines[-1])) and not _ITEM_START.match(line)
        if lines and (numbered or _continues(lines[-1], line)):
            lines[-1] = f"{lines[-1]} {line}"
        else:
            lines.append(line)
    return lines


def markdown_blocks(text: str) -> list[Block]:
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    blocks: list[Block] = []
    heading = 0
    list_depth = 0
    table: list[list[str]] | None = None
    row: list[str] | None = None
    recent: list[str] = []
    for index, token in enumerate(tokens):
        kind = token.type
        if kind == "heading_open":
            heading = int(token.tag[1])
        elif kind == "heading_close":
            heading = 0
        elif kind in ("bullet_list_open", "ordered_list_open"):
            list_depth += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            list_depth -= 1
        elif kind == "table_open":
            table = []
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and table is not None and row is not None:
            table.append(row)
            row = None
        elif kind == "table_close" and table is not None:
            blocks += table_blocks(table, caption_from(recent))
            table = None
        elif kind == "inline":
            content = _inline_text(token)
            if row is not None:
                row.append(content)
                continue
            prefix = ""
            if list_depth and tokens[index - 2].type == "list_item_open":
                info = tokens[index - 2].info  # the number of an ordered item, as written
                prefix = f"{info}{tokens[index - 2].markup} " if info else "- "
            children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
            emphasised = bool(children) and children[0].type == "strong_open" and children[-1].type == "strong_close"
            for line in _lines(content, heading=bool(heading) or emphasised):
                blocks.append(Block(prefix + line, heading=heading))
                prefix = ""
                recent.append(line)
        elif kind in ("html_block",):
            continue
    return blocks


def read_markdown(path: Path) -> SourceText:
    return SourceText(markdown_blocks(decode(path, path.read_bytes())))
