"""Readers, one per format: a file becomes a SourceText (blocks in reading order, with pages, heading levels
and table rows) in NFC. Every failure, whatever the library underneath raises, becomes a SourceFileError with
a reason a person can act on."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Callable

from nghiquyet.core.errors import SourceFileError
from nghiquyet.core.textnorm import nfc
from nghiquyet.ingest.blocks import SourceText
from nghiquyet.ingest.readers.doc import read_doc
from nghiquyet.ingest.readers.docx import read_docx
from nghiquyet.ingest.readers.html import read_html
from nghiquyet.ingest.readers.markdown import read_markdown
from nghiquyet.ingest.readers.pdf import read_pdf
from nghiquyet.ingest.readers.plain import read_plain

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".doc", ".pdf")
# What the readers give for a file: a change re-reads every file on the next ingest (``chunker_config``).
# 2: .docx runs inside smart tags, insertions and content controls, text boxes, repeated neighbouring cells and
# report templates with blank values are read. 3: a table's group rows ("I | Cơ quan chuyên môn cấp tỉnh") head
# the rows under them. 4: a cell merged across columns is one cell labelled by its columns (.docx and PDF: a PDF
# table whose merged cells read as blanks was dropped as an empty form), and a PDF's group headers label the
# sub-headers under them ("PAR Index Thứ hạng"). 5: a PDF table's labelled rows take the place of the
# text-layer lines that lay the table out. 6: footnotes go where they are referred to (a
# .docx's at the end of the paragraph, a PDF's in place of its mark). 7: a PDF table that goes on over a page
# break is one table (its header on every page, a row cut by the break mended, a cell's line cut inside a word
# joined). 8: a PDF cell's subscripts and superscripts stay on their line ("C2H3Cl", not "C H Cl" over "2 3").
# 9: a PDF's notes say how many tables were read as one over page breaks and how many rows were mended.
# 10: a .docx header merged down over two rows labels its columns with both rows; a row that ends before the
# header's last column keeps its labels; a table's caption keeps its nearest lines. 11 and 12 named the rows
# under a section-numbered row ("3.2 | Đập dâng vai phải"); 13 takes that out (it helped no question). 14: a
# paragraph numbered by its style ("List Number", a house style based on it) gets its label, as one numbered itself.
# 15: a PDF page whose text layer reads one word per line (Google Docs' export) is read by the words' places.
# 16: Markdown reads pandoc's grid, simple and multiline tables (a header or signature block laid out as one).
READERS_VERSION = "16"
MIN_TEXT_CHARS = 20
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def damaged_file_reason(path: Path, exc: BaseException) -> str:
    """What to tell a person about a file a library could not read."""
    kind = {".docx": "Word (.docx)", ".doc": "Word (.doc)", ".pdf": "PDF", ".html": "HTML",
            ".htm": "HTML"}.get(path.suffix.lower(), "văn bản")
    return (f"tệp {kind} bị hỏng hoặc sai định dạng, không đọc được ({type(exc).__name__}); hãy mở và lưu lại "
            "tệp bằng phần mềm soạn thảo rồi nạp lại.")


def read_source(path: Path, ocr_language: str = "vie", pdf_tables: bool = True,
                progress: bool = False) -> SourceText:
    """The blocks of ``path`` in NFC, or a :class:`SourceFileError` saying why not."""
    readers: dict[str, Callable[[Path], SourceText]] = {
        ".txt": read_plain, ".md": read_markdown, ".html": read_html, ".htm": read_html, ".docx": read_docx,
        ".doc": read_doc, ".pdf": lambda p: read_pdf(p, ocr_language, pdf_tables, progress)}
    reader = readers.get(path.suffix.lower())
    if reader is None:
        raise SourceFileError(
            str(path), f"định dạng {path.suffix or '(không có đuôi)'} chưa được hỗ trợ; dùng {', '.join(SUPPORTED_SUFFIXES)}."
        )
    try:
        source = reader(path)
    except SourceFileError:
        raise
    except OSError as exc:
        raise SourceFileError(str(path), f"không mở được tệp ({exc.strerror or exc}).") from exc
    except Exception as exc:  # noqa: BLE001 - the libraries underneath raise anything on a damaged file
        raise SourceFileError(str(path), damaged_file_reason(path, exc)) from exc
    source.blocks = [replace(b, text=_CONTROL.sub("", nfc(b.text)).replace("\r", "")) for b in source.blocks]
    if len(source.text.strip()) < MIN_TEXT_CHARS:
        raise SourceFileError(str(path), "tệp rỗng hoặc gần như không có chữ; không có gì để nạp.")
    return source
