"""Footnotes put back where they are referred to.

A PDF's text layer gives a page's footnotes as its last lines, under a blank line: "3 (1) Mô hình “Công khai Thủ
tục hành chính số”; (2) …", referred to by a number glued to a word of the page ("… trên địa bàn tỉnh3;"). Read
as they stand, a footnote was a paragraph of whatever section the page ended in, a footnote running onto the next
page was cut in two, and the word carrying the mark was another word ("tỉnh3"). Each footnote now takes the place
of its mark, in the frame a .docx's footnotes get: "… trên địa bàn tỉnh (Chú thích 3: (1) Mô hình …);".

A line counts as a footnote's first only when it follows the page's last blank line, starts with a number, and
that number is glued to a word of the same page: a numbered line at the foot of a page ("2 Sở Y tế 85,3") with no
such mark stays where it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

NOTE_FRAME = " (Chú thích {number}: {text})"
_NOTE_START = re.compile(r"^(\d{1,2})\s+(\S.*)$")
_MARK = r"(?<=[^\W\d_])({number})(?=[\s;,.:)]|$)"  # "tỉnh3;", "khu1 trên", "sát2." (not "CT06", "m2" alike)


@dataclass
class _Page:
    body: list[str]
    notes: list[tuple[int, str]] = field(default_factory=list)
    carried: list[str] = field(default_factory=list)  # lines continuing the previous page's last footnote


_ANY_MARK = re.compile(_MARK.format(number=r"\d{1,2}"), re.M)


def _marks(lines: list[str]) -> set[int]:
    return {int(m.group(1)) for m in _ANY_MARK.finditer("\n".join(lines))}


def _split(lines: list[str]) -> _Page:
    """A page's body and its footnotes: the lines after its last blank line, when one of them starts with a
    number marked in the lines above."""
    blanks = [i for i, line in enumerate(lines) if not line.strip()]
    if not blanks:
        return _Page(lines)
    last = blanks[-1]
    body, foot = lines[:last], [line.strip() for line in lines[last + 1:] if line.strip()]
    marked = _marks(body)
    starts = [(i, m) for i, line in enumerate(foot) if (m := _NOTE_START.match(line)) and int(m.group(1)) in marked]
    if not starts:
        return _Page(lines)
    page = _Page(body, carried=foot[:starts[0][0]])
    for number, (start, first) in enumerate(starts):
        end = starts[number + 1][0] if number + 1 < len(starts) else len(foot)
        page.notes.append((int(first.group(1)), " ".join([first.group(2), *foot[start + 1:end]]).strip()))
    return page


def _put_in_place(body: list[str], number: int, text: str) -> bool:
    """Replace the first mark of footnote ``number`` in ``body`` with the footnote; whether one was found."""
    mark = re.compile(_MARK.format(number=number))
    for index, line in enumerate(body):
        body[index], found = mark.subn(lambda _: NOTE_FRAME.format(number=number, text=text), line, count=1)
        if found:
            return True
    return False


def inline_footnotes(pages: list[list[str]]) -> tuple[list[list[str]], int]:
    """Each page's lines with its footnotes in place of their marks (a footnote running onto the next page whole),
    and how many footnotes were placed. A page whose footnote finds no mark keeps its lines as they were."""
    split = [_split(lines) for lines in pages]
    for previous, page in zip(split, split[1:]):
        if page.carried and page.notes and previous.notes:
            number, text = previous.notes[-1]
            previous.notes[-1] = (number, " ".join([text, *page.carried]))
            page.carried = []
    placed = 0
    result: list[list[str]] = []
    for lines, page in zip(pages, split):
        if not page.notes:
            result.append(lines)
            continue
        body = list(page.body)
        if not all(_put_in_place(body, number, text) for number, text in page.notes):
            result.append(lines)  # a mark not found: the page's foot is not what it seemed
            continue
        result.append(body + page.carried)
        placed += len(page.notes)
    return result, placed
