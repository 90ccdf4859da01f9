"""Clean a file's blocks into paragraphs, keeping the original wording of everything that stays, and
counting what leaves (and why) so that nothing is dropped unreported.

General rules, not the literal strings of any one site:
- web boilerplate: "related news" blocks, navigation lists ending in timestamps, comment-form templates,
  contact widgets, view counters, "powered by" lines, photo captions, bare timestamp lines;
- PDF page breaks: a line that starts in lower case continues the previous paragraph; a line that is only a
  page number is dropped;
- PDF line wraps: a page line nearly as wide as the page's text that ends without punctuation is continued by
  the next line unless that one starts an item ("- ", "a)", "2.", "Điều 3") or is in capitals ("… Hiệp hội" /
  "Thủy sản và Hội Lâm nghiệp.", "Hướng dẫn số 31-" / "HD/BTCTW …" are one sentence each);
- markdown emphasis left over from conversions (``**bold**``) is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Callable

from nghiquyet.core.textnorm import fold, is_upper_line
from nghiquyet.ingest.blocks import Block

_EMPHASIS = re.compile(r"(?<!\w)\*{1,3}(?=\S)|(?<=\S)\*{1,3}(?!\w)")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_TEMPLATE = re.compile(r"\{[a-z_]+\}")
_POWERED = re.compile(r"^powered by\b", re.I)
_COUNTER = re.compile(r"^[\d.,]+\s*(lượt xem|lượt đọc|lượt thích|lượt chia sẻ|bình luận|views?|comments?)\s*$", re.I)
_RELATED = re.compile(
    r"^(tin mới|tin mới nhất|tin liên quan|các tin khác|tin khác|tin cùng chuyên mục|bài viết liên quan|"
    r"bài liên quan|bài viết khác|xem thêm|đọc thêm|gợi ý|có thể bạn quan tâm|tin đọc nhiều|tin nổi bật|"
    r"chia sẻ|bình luận|ý kiến bạn đọc)\s*:?$",
    re.I,
)
_LIST_TIMESTAMP = re.compile(r"\s[-–]\s*\d{1,2}/\d{1,2}/\d{4}(\s+\d{1,2}:\d{2}(:\d{2})?)?\s*$")
_DATE = re.compile(r"\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b")
_TIME = re.compile(r"\b\d{1,2}:\d{2}(:\d{2})?\b")
_TIMESTAMP_WORDS = re.compile(
    r"(cập nhật|đăng lúc|ngày đăng|thứ\s*\w+|chủ nhật|gmt\s*[+-]?\s*\d*|utc|sa|ch|am|pm|lúc)", re.I
)
_CAPTION = re.compile(r"(^|[\s(])(ảnh|nguồn ảnh|photo)\s*:", re.I)
_WIDGET_WORDS = ("zalo", "messenger", "facebook", "hotline", "gọi ngay", "gọi điện", "chat", "liên hệ", "form")
_COMMENT_FORM = re.compile(r"(bình luận|ý kiến của bạn|gửi bình luận|đăng nhập để)", re.I)
_TERMINAL = ".;!?…:"


# What starts a new item rather than continuing a wrapped line.
# A number going on after its dot ("7.0/10 trở lên", "1.500 tỷ đồng") carries a wrapped sentence on: no marker.
# "Điều 5", "Chương II", "Mục 1", "Phần thứ nhất" open an item; "Điều hành", "Chương trình", "Mục tiêu", "Phần mềm"
# carry a sentence on.
_ITEM_START = re.compile(r"^([-–+•*]|\d+(\.\d+)*(?:\.(?!\d)|\))|\d+(\.\d+)+(?=\s)|[a-zđ][).]|[IVXLC]+[.)]|"
                         r"(Điều|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)\s+(\d+|[IVXLC]+|thứ)\b|"
                         r"(Phụ lục|PHỤ LỤC|Kính gửi|Nơi nhận|Căn cứ|V/v)\b|Số\s*:)")
WRAP_SHARE = 0.7  # a line this share of the page text's usual width (or wider) was wrapped: first lines are indented
WIDTH_PERCENTILE = 0.9  # the usual width of a page's text: most lines are no wider
MIN_WRAPPED_CHARS = 40  # narrower lines (signature blocks, two-column headers) are never taken for wrapped
# Lines laid out without pages (a plain-text file) were broken by a margin only when most are no wider than this:
# a file with one paragraph per line has long, uneven lines, and two of its paragraphs must never be joined.
MAX_WRAPPED_WIDTH = 160
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–\s]*$", re.I)
WEB_FURNITURE = "giao diện trang web (tin liên quan, chia sẻ, bình luận…)"
PAGE_NUMBER = "số trang"
REPEATED_TITLE = "tiêu đề trang lặp lại"


@dataclass
class CleanedText:
    """Paragraphs that remain, and what was learned while cleaning."""

    paragraphs: list[Block]
    removed: list[tuple[str, str]] = field(default_factory=list)  # (line, why it left)
    page_dates: list[tuple[int, str]] = field(default_factory=list)  # (paragraph position, line)

    @property
    def had_web_boilerplate(self) -> bool:
        return any(why in (WEB_FURNITURE, REPEATED_TITLE) for _, why in self.removed)


def _normalise_line(line: str) -> str:
    line = _INVISIBLE.sub("", line).replace("\u00a0", " ")
    line = _EMPHASIS.sub("", line)
    return " ".join(line.split())


def is_timestamp_line(line: str) -> bool:
    """A line that holds only a date/time stamp (a page header, not content)."""
    if not (_DATE.search(line) or _TIME.search(line) or "gmt" in line.lower() or "cập nhật" in line.lower()):
        return False
    rest = _TIMESTAMP_WORDS.sub(" ", _TIME.sub(" ", _DATE.sub(" ", line)))
    letters = sum(ch.isalpha() for ch in rest)
    return letters <= 2 and len(line) <= 80


def _is_widget(line: str) -> bool:
    low = line.lower()
    return len(line) <= 140 and sum(word in low for word in _WIDGET_WORDS) >= 2


def _is_boilerplate(line: str) -> bool:
    low = line.lower()
    return bool(
        _TEMPLATE.search(line)
        or _POWERED.search(line)
        or _COUNTER.match(line)
        or _LIST_TIMESTAMP.search(line)
        or _is_widget(line)
        or (len(line) <= 120 and _COMMENT_FORM.search(low) and not line.endswith("."))
    )


def _starts_lowercase(line: str) -> bool:
    return bool(line) and line[0].isalpha() and line[0].islower()


def clean_text(raw: str) -> CleanedText:
    """Clean plain text (one paragraph per line after page-break repair)."""
    return clean_blocks([Block(line) for line in raw.split("\n")])


def _margin_lines(blocks: list[Block], laid_out: bool) -> Callable[[Block], bool]:
    """Which lines may have been broken by a right margin: page lines (PDF text layer, OCR, a text dump with form
    feeds), and with ``laid_out`` the lines of a plain-text file whose usual width says it was wrapped."""
    unpaged = [b for b in blocks if b.page is None and b.table is None]
    wrapped_text = laid_out and bool(unpaged) and _usual_width(unpaged) <= MAX_WRAPPED_WIDTH
    return lambda block: block.table is None and (block.page is not None or wrapped_text)


def _usual_width(lines: list[Block]) -> int:
    widths = sorted(len(b.text) for b in lines)
    return widths[int(WIDTH_PERCENTILE * (len(widths) - 1))] if widths else 0


def _cut_by_margin(line: Block, width: int, margin: Callable[[Block], bool]) -> bool:
    """Whether a laid-out line runs to the right margin without ending its sentence (it was wrapped)."""
    return (width > 0 and margin(line) and not line.heading
            and len(line.text) >= max(MIN_WRAPPED_CHARS, WRAP_SHARE * width)
            and not ends_with_terminal(line.text) and not is_upper_line(line.text))


def _lowercase_continuation(previous: Block, line: Block) -> bool:
    """Whether ``line`` carries on ``previous`` across a page break: it starts in lower case and is not an item
    ("a) …"), and ``previous`` is neither a heading nor a line in capitals."""
    return (line.table is None and _starts_lowercase(line.text) and not _ITEM_START.match(line.text)
            and not is_upper_line(previous.text) and not previous.heading)


def _continues(line: Block, margin: Callable[[Block], bool]) -> bool:
    """Whether a laid-out line can carry on a wrapped one: not a new item, heading or line in capitals."""
    return margin(line) and not line.heading and not _ITEM_START.match(line.text) and not is_upper_line(line.text)


def clean_blocks(blocks: list[Block], laid_out: bool = False) -> CleanedText:
    """Clean a reader's blocks into paragraphs. Page lines a right margin broke are joined back into their
    paragraph; with ``laid_out`` (a plain-text file) its lines too, when they were wrapped."""
    lines = [replace(b, text=_normalise_line(b.text)) for b in blocks]
    # In plain text a blank line ends a paragraph, wherever the line before it stopped.
    after_blank = {id(b) for before, b in zip(lines, lines[1:]) if not before.text and b.page is None}
    lines = [b for b in lines if b.text]
    margin = _margin_lines(lines, laid_out)
    width = _usual_width([b for b in lines if margin(b)])
    wrapped_last = False  # the last line kept ran to the right margin mid-sentence
    result = CleanedText(paragraphs=[])
    paragraphs = result.paragraphs
    total_chars = sum(len(b.text) for b in lines) or 1
    chars_before = 0
    cut_tail = False
    for block in lines:
        line = block.text
        chars_before += len(line)
        if cut_tail:
            result.removed.append((line, WEB_FURNITURE))
            continue
        if block.table is None and _RELATED.match(line):
            result.removed.append((line, WEB_FURNITURE))
            # A related-news block after most of the text: everything after it is site furniture.
            if chars_before >= 0.5 * total_chars:
                cut_tail = True
            continue
        if block.table is None and (_is_boilerplate(line) or _CAPTION.search(line)):
            result.removed.append((line, WEB_FURNITURE))
            continue
        if block.table is None and _PAGE_NUMBER.match(line):
            result.removed.append((line, PAGE_NUMBER))
            continue
        if block.table is None and is_timestamp_line(line):
            result.page_dates.append((len(paragraphs), line))
            continue
        previous = paragraphs[-1] if paragraphs else None
        if previous is not None and previous.table is None and (_lowercase_continuation(previous, block)
                                                                or (wrapped_last and id(block) not in after_blank
                                                                    and _continues(block, margin))):
            paragraphs[-1] = replace(previous, text=f"{previous.text} {line}", markup=previous.markup + block.markup)
            wrapped_last = _cut_by_margin(block, width, margin)
            continue
        if paragraphs and fold(line) == fold(paragraphs[0].text) and len(line) <= 200 and block.table is None:
            result.removed.append((line, REPEATED_TITLE))  # the page title repeated as image alt text or caption
            continue
        paragraphs.append(block)
        wrapped_last = _cut_by_margin(block, width, margin)
    return result


def ends_with_terminal(text: str) -> bool:
    return text.rstrip().endswith(tuple(_TERMINAL))
