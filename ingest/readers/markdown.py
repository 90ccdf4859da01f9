"""Markdown (.md): parsed with markdown-it-py, so headings, lists, emphasis and pipe tables are understood
rather than read as text. Markup is stripped for search (a bold "**a) Mục tiêu**" is the heading "a) Mục
tiêu"; a table row is a row, not a heading), headings keep their level, table rows their headers. What was bold,
italic, code or a link is kept beside the text (``Block.markup``), so that a source is shown as written."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from nghiquyet.core.models import Markup, markup_in
from nghiquyet.ingest.blocks import Block, SourceText, row_markup_in
from nghiquyet.ingest.readers.pandoc_tables import pipe_tables
from nghiquyet.ingest.readers.plain import decode
from nghiquyet.ingest.readers.tables import caption_from, table_blocks

_BREAK = re.compile(r"<br\s*/?>$", re.I)  # a line break inside a table cell (pandoc_tables writes them)
_SPAN_STYLES = {"strong_open": "strong", "em_open": "em", "link_open": "link"}


def _inline_text(token) -> tuple[str, list[Markup]]:
    """The plain text of an inline token (emphasis, links and code marks dropped, line breaks kept), and its
    markup kept for display: each bold, italic, code or linked span as written, with a link's address."""
    parts: list[str] = []
    markup: list[Markup] = []
    open_spans: list[tuple[str, str, int]] = []  # style, link address, where the span starts in the text

    def keep(style: str, span: str, href: str = "") -> None:
        if kept := Markup.kept(style, span, href):
            markup.append(kept)

    for child in token.children or []:
        if child.type in _SPAN_STYLES:
            open_spans.append((_SPAN_STYLES[child.type], str(child.attrs.get("href", "")), len("".join(parts))))
        elif child.type.endswith("_close") and child.type.replace("_close", "_open") in _SPAN_STYLES and open_spans:
            style, href, start = open_spans.pop()
            keep(style, "".join(parts)[start:], href)
        elif child.type in ("text", "code_inline"):
            parts.append(child.content)
            if child.type == "code_inline":
                keep("code", child.content)
        elif child.type in ("softbreak", "hardbreak") or child.type == "html_inline" and _BREAK.match(child.content):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content or "")
    return "".join(parts), markup


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

    tokens = MarkdownIt("commonmark").enable("table").parse(pipe_tables(text))
    blocks: list[Block] = []
    heading = 0
    list_depth = 0
    table: list[list[str]] | None = None
    row: list[str] | None = None
    recent: list[str] = []
    row_markup: list[tuple[list[str], list[Markup]]] = []  # each row's cells and what they marked up
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
            table, row_markup = [], []
        elif kind == "tr_open":
            row = []
            row_markup.append((row, []))
        elif kind == "tr_close" and table is not None and row is not None:
            table.append(row)
            row = None
        elif kind == "table_close" and table is not None:
            blocks += [replace(block, markup=row_markup_in(block.text, row_markup))
                       for block in table_blocks(table, caption_from(recent))]
            table = None
        elif kind == "inline":
            content, markup = _inline_text(token)
            if row is not None:
                row.append(content)
                row_markup[-1][1].extend(markup)
                continue
            prefix = ""
            if list_depth and tokens[index - 2].type == "list_item_open":
                info = tokens[index - 2].info  # the number of an ordered item, as written
                prefix = f"{info}{tokens[index - 2].markup} " if info else "- "
            children = [c for c in token.children or [] if not (c.type == "text" and not c.content.strip())]
            emphasised = bool(children) and children[0].type == "strong_open" and children[-1].type == "strong_close"
            for line in _lines(content, heading=bool(heading) or emphasised):
                blocks.append(Block(prefix + line, heading=heading, markup=markup_in(line, markup)))
                prefix = ""
                recent.append(line)
        elif kind in ("html_block",):
            continue
    return blocks


def read_markdown(path: Path) -> SourceText:
    return SourceText(markdown_blocks(decode(path, path.read_bytes())))
