"""What a reader makes of a file: blocks of text in reading order, each with what the format says about it
(the page it is on, an explicit heading level, the table a row belongs to). Later stages keep these facts:
a citation can say "tr. 12", and a table row is retrieved with its table's caption and column headers."""

from __future__ import annotations

from dataclasses import dataclass, field

from nghiquyet.core.models import Markup, markup_in


@dataclass(frozen=True)
class Block:
    text: str
    page: int | None = None  # 1-based page of the source (PDF, scans); None for formats without pages
    heading: int = 0  # explicit heading level from the format (Word "Heading 2", Markdown "##"); 0 = none
    table: str | None = None  # a table row: the table's caption and headers ("Bảng: … | Chỉ tiêu | Năm 2030")
    # A row of that table that heads the rows under it ("I | Cơ quan chuyên môn cấp tỉnh" over rows 1, 2, 3…):
    # a heading inside its table, so that its rows carry it and its outline lists them.
    row_group: bool = False
    markup: tuple[Markup, ...] = ()  # spans of ``text`` the source marked up (Markdown): shown, never searched


@dataclass
class PageOCR:
    """One scanned page read by OCR: its number and the recogniser's mean word confidence (0–100)."""

    page: int
    confidence: float
    words: int
    seconds: float = 0.0  # rendering and recognition time


@dataclass
class SourceText:
    """A file as read: its blocks, and how it was read."""

    blocks: list[Block]
    pages: int | None = None  # page count (PDF)
    ocr: list[PageOCR] = field(default_factory=list)  # pages that were read by OCR
    notes: list[str] = field(default_factory=list)  # what a person should know about the reading
    # Lines as laid out on a page or a screen (plain text, PDF): a paragraph may be broken by the right margin.
    # Word, HTML and Markdown give paragraphs (Markdown's soft breaks are joined by its reader).
    laid_out: bool = False

    @property
    def text(self) -> str:
        return "\n".join(block.text for block in self.blocks)


def row_markup_in(text: str, rows: list[tuple[list[str], list[Markup]]]) -> tuple[Markup, ...]:
    """What the table row a block was made of marked up, given each row as (cells, their spans): the rows whose every
    filled cell is one of the block's cells ("STT: 1 | Chỉ tiêu: Kinh tế số"), or, for a block that is no labelled
    row (a layout table's line), is in its text."""
    values = {" ".join(piece.split(": ", 1)[-1].split()) for piece in text.split(" | ")}
    labelled = " | " in text

    def made_of(cells: list[str]) -> bool:
        filled = [" ".join(cell.split()) for cell in cells if cell.strip()]
        return bool(filled) and all((cell in values) if labelled else (cell in text) for cell in filled)

    return markup_in(text, [span for cells, spans in rows if made_of(cells) for span in spans])
