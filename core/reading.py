"""What a person should know about how a document was read, in Vietnamese: how much of its text reached the
index (and what was left out on purpose), its attachments, and how well its scanned pages were recognised.
Shown by ``nghiquyet docs`` and the Văn bản tab alike."""

from __future__ import annotations

from nghiquyet.core.models import Document


def document_notes(document: Document) -> list[str]:
    lines: list[str] = []
    coverage = document.coverage or {}
    if (kept := document.kept_share) is not None:
        purposes = ", ".join(f"{why} ({chars:,} ký tự)" for why, chars in coverage.get("left_out", {}).items())
        lines.append(f"Độ phủ: {kept:.1%} chữ của văn bản vào chỉ mục hoặc được để riêng có chủ đích"
                     + (f" — để riêng: {purposes}" if purposes else "") + ".")
    if document.parts:
        lines.append("Phần kèm theo: " + "; ".join(document.parts) + ".")
    if document.ocr:
        pages = document.ocr
        mean = sum(p["confidence"] for p in pages) / len(pages)
        worst = min(pages, key=lambda p: p["confidence"])
        each = ", ".join(f"tr. {p['page']:g}: {p['confidence']:.0f}%" for p in pages)
        lines.append(f"Nhận dạng chữ (OCR): {len(pages)} trang quét, độ tin cậy trung bình {mean:.0f}%, thấp nhất "
                     f"tr. {worst['page']:g} ({worst['confidence']:.0f}%); từng trang: {each}.")
    if document.reading:
        lines.append("Cách đọc tệp: " + " ".join(document.reading))
    return lines
