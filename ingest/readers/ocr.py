"""Scanned pages read by OCR: each page rendered (pypdfium2) and read by Tesseract with its Vietnamese model
(Debian's tesseract-ocr and tesseract-ocr-vie, which `make run` installs). One pass gives the text, line by
line, and each word's confidence; a page's confidence is the mean over its words."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from nghiquyet.core.errors import SourceFileError
from nghiquyet.ingest.blocks import Block, PageOCR

OCR_DPI = 300
OCR_TIMEOUT_S = 300
INSTALL_HINT = ("cài Tesseract với mô hình tiếng Việt (sudo apt-get install tesseract-ocr tesseract-ocr-vie, "
                "hoặc chạy `make run`), rồi nạp lại")


def tesseract_ready(language: str = "vie") -> str | None:
    """Why OCR cannot run here, or None when it can."""
    binary = shutil.which("tesseract")
    if binary is None:
        return f"không có chương trình nhận dạng chữ Tesseract; hãy {INSTALL_HINT}"
    languages = subprocess.run([binary, "--list-langs"], capture_output=True, text=True, timeout=60).stdout.split()
    if language not in languages:
        return f"Tesseract thiếu mô hình ngôn ngữ '{language}'; hãy {INSTALL_HINT}"
    return None


def _tsv_lines(tsv: str) -> tuple[list[str], list[float]]:
    """Lines of text (a blank line between paragraphs) and word confidences from Tesseract's TSV output."""
    lines: list[str] = []
    confidences: list[float] = []
    current: tuple[str, str, str] | None = None
    words: list[str] = []
    last_paragraph: tuple[str, str] | None = None
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) != 12 or not cells[11].strip():
            continue
        key = (cells[2], cells[3], cells[4])  # block, paragraph, line
        if key != current:
            if words:
                lines.append(" ".join(words))
            if last_paragraph is not None and key[:2] != last_paragraph:
                lines.append("")
            current, words, last_paragraph = key, [], key[:2]
        words.append(cells[11].strip())
        if float(cells[10]) >= 0:
            confidences.append(float(cells[10]))
    if words:
        lines.append(" ".join(words))
    return lines, confidences


def ocr_page(image_path: Path, language: str = "vie") -> tuple[list[str], float, int]:
    """(lines, mean confidence, word count) of one page image."""
    result = subprocess.run(["tesseract", str(image_path), "stdout", "-l", language, "--psm", "4", "tsv"],
                            capture_output=True, text=True, timeout=OCR_TIMEOUT_S)
    if result.returncode != 0:
        raise SourceFileError(str(image_path), f"Tesseract không đọc được trang ảnh ({result.stderr.strip()[:200]}).")
    lines, confidences = _tsv_lines(result.stdout)
    return lines, (sum(confidences) / len(confidences) if confidences else 0.0), len(confidences)


def ocr_pdf_pages(path: Path, pages: list[int], language: str = "vie",
                  progress: bool = False) -> tuple[list[Block], list[PageOCR]]:
    """OCR the given 1-based pages of a PDF."""
    import pypdfium2 as pdfium
    from tqdm import tqdm

    problem = tesseract_ready(language)
    if problem:
        raise SourceFileError(str(path), f"PDF là bản quét (không có lớp chữ) nhưng {problem}.")
    document = pdfium.PdfDocument(str(path))
    blocks: list[Block] = []
    report: list[PageOCR] = []
    try:
        with tempfile.TemporaryDirectory(prefix="nghiquyet-ocr-") as tmp:
            for number in tqdm(pages, desc=f"Nhận dạng chữ {path.name}", unit="trang", disable=not progress,
                               leave=False):
                started = time.perf_counter()
                image = Path(tmp) / f"{number}.png"
                document[number - 1].render(scale=OCR_DPI / 72).to_pil().save(image)
                lines, confidence, words = ocr_page(image, language)
                blocks += [Block(line, number) for line in lines]
                report.append(PageOCR(number, round(confidence, 1), words, round(time.perf_counter() - started, 2)))
    finally:
        document.close()
    return blocks, report
