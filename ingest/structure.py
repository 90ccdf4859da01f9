"""Parse the heading hierarchy of Vietnamese administrative texts into a tree, then into clauses.

Markers understood: "Chương I", "Mục 1", "Điều 5.", "I." / "I-", "1." / "1-", "2.1.", "(1)", "a)",
"- " / "+ " / "•" bullets, and in-line headings such as "Mục tiêu tổng quát" (a short line with no
closing punctuation). Depth is decided the way nested lists are: a marker style seen before on the
open path closes everything below it; a new style nests one level deeper. A heading level the format states
(Word heading styles, Markdown "#") is used for a heading without a marker; a table row is never a heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nghiquyet.core.lexicon import ADDRESSED
from nghiquyet.core.models import Markup
from nghiquyet.core.textnorm import is_lead_in, is_upper_line, paragraph_label
from nghiquyet.ingest.blocks import Block
from nghiquyet.ingest.clean import ends_with_terminal

STRUCTURE_VERSION = "14"  # 14: a line opening "7.0/10" or "1.500" is no item "7." / "1."; 13: a header with no number line starts at its agency lines above the place and date; "BCH …" is an organisation under its parent; abbreviations in capitals (TP., HCM, ĐBQH) stay capitals; 12: HTML markup kept too; 11: a clause keeps what its source marked up (Markdown); 10: an attachment's label holds every line of its title, and a marker in small letters ("Phụ lục II") keeps the title under it; 9: an attachment's title lines are its label, not headings under it; 8: a table row grouping the rows under it ("I | Cơ quan chuyên môn cấp tỉnh") heads them
TABLE_GROUP = "table_group"  # the style of such a row's node
LABEL_MAX_CHARS = 90
INLINE_HEADING_MAX_CHARS = 100
LEAD_IN_MIN_WORDS = 6  # "a) Mục tiêu:" is a title; "b) Bổ sung khoản 6 vào Điều 8 như sau:" says something

_ROMAN = r"(?:X{0,3})(?:IX|IV|V?I{0,3})"
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("chuong", re.compile(r"^(?P<m>(?:Chương|CHƯƠNG|Phần|PHẦN)\s+(?:" + _ROMAN + r"|\d+|thứ \w+))\b[.:]?\s*(?P<t>.*)$")),
    ("muc", re.compile(r"^(?P<m>(?:Mục|MỤC)\s+\d+)\b[.:]?\s*(?P<t>.*)$")),
    ("dieu", re.compile(r"^(?P<m>Điều\s+\d+[a-z]?\s*[.:])\s*(?P<t>.*)$")),
    ("roman", re.compile(r"^(?P<m>(?=[IVX])" + _ROMAN + r"\s*[.\-–)])\s*(?P<t>\S.*)$")),
    ("decimal", re.compile(r"^(?P<m>\d{1,2}(?:\.\d{1,2})+\.?)\s+(?P<t>\S.*)$")),
    ("arabic", re.compile(r"^(?P<m>\d{1,2}\s*(?:\.(?!\d)|\)|-(?=\s)))\s*(?P<t>\S.*)$")),  # not "7.0/10"
    ("paren", re.compile(r"^(?P<m>\(\d{1,2}\))\s*(?P<t>\S.*)$")),
    ("letter", re.compile(r"^(?P<m>[a-zđ]\))\s+(?P<t>\S.*)$")),
    ("bullet", re.compile(r"^(?P<m>[-–•+*])\s*(?P<t>\S.*)$")),
]


@dataclass
class Node:
    """A heading or clause. ``items`` holds child nodes and plain paragraphs, in order."""

    style: str
    marker: str
    title: str
    items: list["Node | Block"] = field(default_factory=list)
    block: Block | None = None  # the line that opened this node (its page)

    @property
    def owns_paragraphs(self) -> bool:
        """A marker line ending in '.' or ';' is a complete clause, not a heading for what follows."""
        return self.style == "root" or not ends_with_terminal(self.title) or is_lead_in(self.title)

    @property
    def table(self) -> str | None:
        """The table whose rows this node heads (a table's group row), else None."""
        return self.block.table if self.block is not None and self.style == TABLE_GROUP else None

    @property
    def is_leaf(self) -> bool:
        return not self.items

    @property
    def line(self) -> str:
        if self.style == "bullet":
            return f"- {self.title}"
        if self.style == "inline" or not self.marker:
            return self.title
        return f"{self.marker} {self.title}".strip()

    def heading_label(self) -> str:
        title = self.title.rstrip(":").strip()
        if len(title) > LABEL_MAX_CHARS:
            title = title[: LABEL_MAX_CHARS].rsplit(" ", 1)[0] + "…"
        if self.style in ("bullet", "inline") or not self.marker:
            return title
        return f"{self.marker} {title}".strip()


def _match_marker(line: str) -> tuple[str, str, str] | None:
    for style, pattern in _MARKERS:
        match = pattern.match(line)
        if match:
            marker = " ".join(match.group("m").split())
            if style == "decimal":
                style = f"decimal{marker.rstrip('.').count('.')}"
            return style, marker, match.group("t").strip()
    return None


def _is_inline_heading(line: str, next_line: str | None) -> bool:
    if next_line is None or ADDRESSED.match(line):  # "Kính gửi: Chủ tịch UBND tỉnh" heads no section
        return False
    return (
        next_line is not None
        and len(line) <= INLINE_HEADING_MAX_CHARS
        and not ends_with_terminal(line)
        and not line.endswith(",")
        and len(next_line) > len(line)
        and _match_marker(next_line) is None
    )


def parse_structure(paragraphs: list[Block]) -> Node:
    """Build the heading tree of one document body (or of one attachment)."""
    root = Node("root", "", "")
    stack: list[Node] = [root]
    skip_next = False
    for position, block in enumerate(paragraphs):
        if skip_next:
            skip_next = False
            continue
        line = block.text
        while stack[-1].style == TABLE_GROUP and not (block.table and block.table == stack[-1].table):
            stack.pop()  # a table's group heads its own rows only
        following = paragraphs[position + 1] if position + 1 < len(paragraphs) else None
        next_line = following.text if following is not None and following.table is None else None
        found = (TABLE_GROUP, "", line) if block.row_group else None if block.table else _match_marker(line)
        if found and found[0] in ("chuong", "muc") and not found[2] and next_line and is_upper_line(next_line):
            found = (found[0], found[1], next_line)  # "Chương I" / "QUY ĐỊNH CHUNG" on two lines
            skip_next = True
        if found is None and block.heading and not block.table and len(line) <= LABEL_MAX_CHARS * 2:
            found = (f"h{block.heading}", "", line)  # a heading the format states, without a marker
        if found is None and not block.table and _is_inline_heading(line, next_line):
            found = ("inline", "", line)
        if found is None:
            while len(stack) > 1 and not stack[-1].owns_paragraphs:
                stack.pop()
            stack[-1].items.append(block)
            continue
        style, marker, title = found
        styles = [node.style for node in stack]
        if style in styles:
            del stack[styles.index(style):]
        elif style.startswith("h") and style[1:].isdigit():
            # a stated level closes the deeper stated levels open on the path
            deeper = [i for i, s in enumerate(styles) if s.startswith("h") and s[1:].isdigit() and s > style]
            if deeper:
                del stack[deeper[0]:]
        node = Node(style, marker, title, block=block)
        stack[-1].items.append(node)
        stack.append(node)
    return root


@dataclass
class Clause:
    """One leaf of the tree: its text, the labels of the headings above it, the page(s) it is on, and, for a
    table row, its table's caption and headers."""

    heading_path: list[str]
    text: str
    pages: list[int] = field(default_factory=list)
    table: str | None = None
    markup: tuple[Markup, ...] = ()  # what its source marked up (``Block.markup``)


@dataclass
class Section:
    """A heading and its sub-items: the document's table of contents, and outline chunks."""

    heading_path: list[str]
    children: list[str]


def _states_something(node: Node) -> bool:
    """A heading that is a sentence leading into its items ("b) Bổ sung khoản 6 vào Điều 8 như sau:", "1. Hoàn
    thành xuất sắc nhiệm vụ: Đạt từ 90 điểm trở lên, đồng thời đáp ứng các điều kiện sau:"), not a title: what
    it says lived only in its items' heading paths, never in a clause that could be quoted."""
    return is_lead_in(node.title) and len(node.title.split()) >= LEAD_IN_MIN_WORDS


def _item_label(item: "Node | Block", paragraph_number: int) -> str:
    if isinstance(item, Node) and item.style not in ("bullet", "inline") and item.marker:
        return item.marker
    return paragraph_label(paragraph_number, table_row=isinstance(item, Block) and bool(item.table))


def _pages(item: "Node | Block") -> list[int]:
    block = item.block if isinstance(item, Node) else item
    return [block.page] if block is not None and block.page else []


def _markup(item: "Node | Block") -> tuple[Markup, ...]:
    block = item.block if isinstance(item, Node) else item
    return block.markup if block is not None else ()


def flatten(root: Node, prefix: list[str] | None = None) -> tuple[list[Clause], list[Section]]:
    """Turn the tree into clauses (leaves) and sections (headings with sub-items); ``prefix`` heads every
    path (an attachment's label)."""
    clauses: list[Clause] = []
    sections: list[Section] = []
    structured = any(isinstance(item, Node) and item.style != "inline" for item in root.items)
    top = list(prefix or [])

    def visit(node: Node, path: list[str]) -> None:
        children = [item.line if isinstance(item, Node) else item.text for item in node.items]
        if path and children:
            sections.append(Section(path, children))
        for number, item in enumerate(node.items, start=1):
            if isinstance(item, Node) and not item.is_leaf:
                child_path = path + [item.heading_label()]
                if ((item.style != "inline" and not item.owns_paragraphs) or len(item.title) > LABEL_MAX_CHARS
                        or _states_something(item)):
                    # the whole line, not just its label
                    clauses.append(Clause(child_path, item.line, _pages(item), markup=_markup(item)))
                visit(item, child_path)
                continue
            text = item.line if isinstance(item, Node) else item.text
            lead = path if (path != top or not structured) else top + ["Mở đầu"]
            clauses.append(Clause(lead + [_item_label(item, number)], text, _pages(item),
                                  item.table if isinstance(item, Block) else None, _markup(item)))

    visit(root, top)
    return clauses, sections
