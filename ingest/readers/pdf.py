"""PDF: the text layer page by page (pypdf), with page numbers carried into citations; data tables read by
pdfplumber and added as labelled rows (its text extraction was measured worse than pypdf's on these
documents, its table finder better: see bench/RESULTS.md); pages without a text layer (scans) read by OCR."""

from __future__ import annotations

import logging
from pathlib import Path

from nghiquyet.core.errors import SourceFileError
from nghiquyet.ingest.blocks import Block, SourceText
from nghiquyet.ingest.readers.ocr import ocr_pdf_pages
from nghiquyet.ingest.readers.tables import merged_as_spans, table_blocks

log = logging.getLogger(__name__)
MIN_PAGE_TEXT = 20  # a page with less text than this is taken for a scan


def _tables(path: Path, page_count: int) -> dict[int, list[Block]]:
    """Labelled rows of each page's data tables (layout tables and empty forms are left to the text layer)."""
    import pdfplumber

    found: dict[int, list[Block]] = {}
    try:
        with pdfplumber.open(str(path)) as pdf:
            for number, page in enumerate(pdf.pages[:page_count], start=1):
                for table in page.extract_tables():
                    cells, spans = merged_as_spans(table)  # a merged cell is one cell, not blanks beside it
                    rows = table_blocks(cells, page=number, forms=False, spans=spans)
                    if rows:
                        found.setdefault(number, []).extend(rows)
    except Exception as exc:  # noqa: BLE001 - the text layer is still good without tables
        log.warning("%s: không đọc được bảng (%s); vẫn dùng phần chữ.", path.name, exc)
    return found


def read_pdf(path: Path, ocr_language: str = "vie", tables: bool = True, progress: bool = False) -> SourceText:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted:
            raise SourceFileError(str(path), "PDF bị đặt mật khẩu; hãy gỡ mật khẩu rồi nạp lại.")
        texts = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError) as exc:
        raise SourceFileError(str(path), f"tệp PDF hỏng ({exc}).") from exc
    scanned = [number for number, text in enumerate(texts, start=1) if len(text.strip()) < MIN_PAGE_TEXT]
    ocr_blocks: dict[int, list[Block]] = {}
    source = SourceText([], pages=len(texts), laid_out=True)
    if scanned:
        blocks, report = ocr_pdf_pages(path, scanned, ocr_language, progress)
        for block in blocks:
            ocr_blocks.setdefault(block.page or 0, []).append(block)
        source.ocr = report
        source.notes.append(f"{len(scanned)}/{len(texts)} trang là ảnh quét, đã nhận dạng chữ (OCR).")
        if len(scanned) == len(texts) and sum(len(b.text.strip()) for b in blocks) < MIN_PAGE_TEXT:
            raise SourceFileError(str(path), "PDF là bản quét (không có lớp chữ) và nhận dạng chữ (OCR) không đọc "
                                  "được chữ nào; hãy kiểm tra bản quét (độ nét, chiều trang) hoặc dùng bản có lớp chữ.")
    rows = _tables(path, len(texts)) if tables and len(scanned) < len(texts) else {}
    for number, text in enumerate(texts, start=1):
        if number in ocr_blocks:
            source.blocks += ocr_blocks[number]
        else:
            source.blocks += [Block(line, number) for line in text.split("\n")]
        source.blocks += rows.get(number, [])
    return source
