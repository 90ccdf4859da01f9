"""Plain text (.txt): decoded (UTF-8, UTF-16 with a byte-order mark, or Windows-1258), one block per line;
a form feed starts a new page (text dumps of PDFs keep them)."""

from __future__ import annotations

import re
from pathlib import Path

from nghiquyet.core.errors import SourceFileError
from nghiquyet.ingest.blocks import Block, SourceText

_PLAIN_PUNCTUATION = set(".,;:!?()[]{}\"'-–—/%&*+=<>|#@_…“”‘’•")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    sample = text[:20000]
    plain = sum(1 for ch in sample if ch.isalnum() or ch.isspace() or ch in _PLAIN_PUNCTUATION)
    return plain / len(sample) >= 0.85


def decode(path: Path, raw: bytes) -> str:
    binary = SourceFileError(str(path), "tệp nhị phân, không phải văn bản; hãy chuyển sang .txt, .docx hoặc .pdf.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        candidates: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in raw[:4096]:
        raise binary
    else:
        candidates = ("utf-8-sig", "cp1258")
    for encoding in candidates:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _looks_like_text(text):
            raise binary
        return text
    raise binary


COLUMN_GAP = re.compile(r"\S\s{6,}\S")  # two columns laid out on one line (header blocks of text dumps)


def lines_to_blocks(text: str) -> list[Block]:
    """One block per line (a line laid out in two columns gives one block per column); pages counted at form
    feeds when there are any."""
    pages = text.split("\f")
    paged = len(pages) > 1
    blocks = []
    for number, page in enumerate(pages, start=1):
        for line in page.split("\n"):
            split = COLUMN_GAP.search(line) and not re.match(r"^\s*Số\b", line)  # "Số      -CTr/TU": a blank number
            cells = re.split(r"\s{6,}", line.strip()) if split else [line]
            blocks += [Block(cell, number if paged else None) for cell in cells]
    return blocks


def read_plain(path: Path) -> SourceText:
    text = decode(path, path.read_bytes())
    blocks = lines_to_blocks(text)
    return SourceText(blocks, pages=text.count("\f") + 1 if "\f" in text else None, laid_out=True)
