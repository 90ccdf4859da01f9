"""Markdown (.md): parsed with markdown-it-py, so headings, lists, emphasis and pipe tables are understood
rather than read as text. Markup is stripped for search (a bold "**a) Mục tiêu**" is the heading "a) Mục
tiêu"; a table row is a row, not a heading), headings keep their level, table rows their headers."""

from __future__ import annotations

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
            for line in content.split("\n"):
                if line.strip():
                    blocks.append(Block(prefix + line.strip(), heading=heading))
                    prefix = ""
                    recent.append(line.strip())
        elif kind in ("html_block",):
            continue
    return blocks


def read_markdown(path: Path) -> SourceText:
    return SourceText(markdown_blocks(decode(path, path.read_bytes())))
