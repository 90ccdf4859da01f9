"""Read a source file into plain text (NFC), one reader per format.

Every failure becomes a :class:`SourceFileError` with a reason a person can act on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from nghiquyet.core.errors import SourceFileError
from nghiquyet.core.textnorm import nfc

SUPPORTED_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".pdf")
MIN_TEXT_CHARS = 20
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _looks_like_text(text: str) -> bool:
    if not text:
        return True
    sample = text[:20000]
    plain = sum(1 for ch in sample if ch.isalnum() or ch.isspace() or ch in ".,;:!?()[]{}\"'-–—/%&*+=<>|#@_…“”‘’•")
    return plain / len(sample) >= 0.85


def _decode(path: Path, raw: bytes) -> str:
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


def read_plain(path: Path) -> str:
    return _decode(path, path.read_bytes())


def read_html(path: Path) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(_decode(path, path.read_bytes()), "html.parser")
    for tag in soup(["script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg"]):
        tag.decompose()
    body = soup.find("article") or soup.body or soup
    blocks: list[str] = []
    for element in body.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "pre", "blockquote"]):
        if element.find(["p", "li", "td"]):
            continue  # keep only innermost blocks so text is not repeated
        text = " ".join(element.get_text(" ").split())
        if text:
            blocks.append(("- " + text) if element.name == "li" else text)
    if not blocks:
        blocks = [line.strip() for line in body.get_text("\n").splitlines() if line.strip()]
    return "\n\n".join(blocks)


def read_docx(path: Path) -> str:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise SourceFileError(str(path), "tệp .docx hỏng hoặc không phải định dạng Word (.docx).") from exc
    paragraphs = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            paragraphs.append(" | ".join(cell.text.strip() for cell in row.cells))
    return "\n\n".join(p for p in paragraphs if p.strip())


def read_pdf(path: Path) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, OSError, ValueError) as exc:
        raise SourceFileError(str(path), f"tệp PDF hỏng hoặc bị mã hoá ({exc}).") from exc
    text = "\n\n".join(pages)
    if len(text.strip()) < MIN_TEXT_CHARS and reader.pages:
        raise SourceFileError(
            str(path), "PDF không có lớp chữ (bản quét ảnh); hãy nhận dạng chữ (OCR) trước rồi nạp lại."
        )
    return text


_READERS: dict[str, Callable[[Path], str]] = {
    ".txt": read_plain,
    ".md": read_plain,
    ".html": read_html,
    ".htm": read_html,
    ".docx": read_docx,
    ".pdf": read_pdf,
}


def damaged_file_reason(path: Path, exc: BaseException) -> str:
    """What to tell a person about a file a library could not read."""
    kind = {".docx": "Word (.docx)", ".pdf": "PDF", ".html": "HTML", ".htm": "HTML"}.get(path.suffix.lower(), "văn bản")
    return (f"tệp {kind} bị hỏng hoặc sai định dạng, không đọc được ({type(exc).__name__}); hãy mở và lưu lại "
            "tệp bằng phần mềm soạn thảo rồi nạp lại.")


def read_source(path: Path) -> str:
    """Return the text of ``path`` in NFC, or raise :class:`SourceFileError` saying why not."""
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        raise SourceFileError(
            str(path), f"định dạng {path.suffix or '(không có đuôi)'} chưa được hỗ trợ; dùng {', '.join(SUPPORTED_SUFFIXES)}."
        )
    try:
        text = reader(path)
    except SourceFileError:
        raise
    except OSError as exc:
        raise SourceFileError(str(path), f"không mở được tệp ({exc.strerror or exc}).") from exc
    except Exception as exc:  # noqa: BLE001 - the libraries underneath raise anything on a damaged file
        raise SourceFileError(str(path), damaged_file_reason(path, exc)) from exc
    text = _CONTROL.sub("", nfc(text)).replace("\r\n", "\n").replace("\r", "\n")
    if len(text.strip()) < MIN_TEXT_CHARS:
        raise SourceFileError(str(path), "tệp rỗng hoặc gần như không có chữ; không có gì để nạp.")
    return text
