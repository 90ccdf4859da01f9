"""How much a scan costs the header's metadata: page 1 of real PDFs that have a text layer, read twice, from the text
layer and from a 300-dpi image of the page through Tesseract (as the reader OCRs a scanned page), and the header
fields read from each compared with the hand-checked ``expected.toml`` beside the files.

Most published resolutions are scans, and the fixture sets hold one real scan only; turning text PDFs into page
images gives real OCR errors (tone marks, merged columns, specks, stamps) on documents whose metadata is known, in
dev and in held-out sets alike. Only page-1 fields are scored (kind, number, issuer, parent issuer, level,
province, place, date); the signer is on a later page. Run on demand (OCR takes ~20 s a page on 2 cores); the OCR'd
lines are cached in ``--cache`` so that a second run re-reads the headers in seconds:

    .venv/bin/python bench/ocr_headers.py shared/real-documents shared/real-documents-heldout --cache /tmp/ocr-headers

A set's name is printed beside its figures, so rules are made on dev sets and held-out sets only reported
(``--details`` lists each document's wrong fields: for dev sets).
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from nghiquyet.core.lexicon import load_provinces
from nghiquyet.eval.metadata import field_right, load_expected
from nghiquyet.ingest.blocks import Block
from nghiquyet.ingest.clean import clean_blocks
from nghiquyet.ingest.documents import split_documents
from nghiquyet.ingest.readers import read_source
from nghiquyet.ingest.readers.ocr import OCR_DPI, ocr_page

ROOT = Path(__file__).resolve().parent.parent

PAGE_ONE_FIELDS = ("kind", "number", "issuer", "parent_issuer", "level", "province", "place", "date")


def text_layer_lines(pdf: Path, work: Path) -> list[str]:
    """Page 1 as the reader gives a PDF's text layer."""
    from pypdf import PdfReader, PdfWriter

    single = work / f"{pdf.stem}-p1.pdf"
    writer = PdfWriter()
    writer.add_page(PdfReader(str(pdf)).pages[0])
    writer.write(str(single))
    return [block.text for block in read_source(single).blocks]


def has_text_layer(pdf: Path) -> bool:
    from pypdf import PdfReader

    return bool((PdfReader(str(pdf)).pages[0].extract_text() or "").strip())


def ocr_lines(pdf: Path, work: Path) -> list[str]:
    """Page 1 rendered at the reader's resolution and read by Tesseract, as a scanned page is."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        image = work / f"{pdf.stem}-p1.png"
        document[0].render(scale=OCR_DPI / 72).to_pil().convert("L").save(image)
    finally:
        document.close()
    lines, _, _ = ocr_page(image)
    return lines


def header_fields(lines: list[str], provinces: list[str]) -> dict[str, str | None]:
    detected = split_documents(clean_blocks([Block(line, 1) for line in lines]), provinces)[0]
    return {**detected.metadata, "kind": detected.kind}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", type=Path, help="folders with files/ and expected.toml")
    parser.add_argument("--cache", type=Path, default=None, help="folder for the OCR'd lines (reused)")
    parser.add_argument("--details", action="store_true",
                        help="each document's wrong fields (read them for dev sets only: held-out sets are not tuned on)")
    args = parser.parse_args()
    provinces = load_provinces(ROOT / "data" / "provinces.toml")
    for folder in args.sets:
        expected = [e for e in load_expected(folder / "expected.toml") if e["file"].lower().endswith(".pdf")
                    and int(e.get("ordinal", 0)) == 0]
        cache_file = args.cache / f"{folder.name}.json" if args.cache else None
        cache = json.loads(cache_file.read_text(encoding="utf-8")) if cache_file and cache_file.exists() else {}
        totals = {way: {name: [0, 0] for name in PAGE_ONE_FIELDS} for way in ("text", "ocr")}
        with tempfile.TemporaryDirectory(prefix="ocr-headers-") as tmp:
            for entry in expected:
                pdf = folder / "files" / entry["file"]
                if not has_text_layer(pdf):
                    continue  # a scan already: no text layer to compare with
                text = text_layer_lines(pdf, Path(tmp))
                if entry["file"] not in cache:
                    cache[entry["file"]] = ocr_lines(pdf, Path(tmp))
                for way, lines in (("text", text), ("ocr", cache[entry["file"]])):
                    read = header_fields(lines, provinces)
                    wrong = []
                    for name in PAGE_ONE_FIELDS:
                        if name in entry:
                            right = field_right(name, str(entry[name]), read.get(name))
                            totals[way][name][0] += right
                            totals[way][name][1] += 1
                            if not right:
                                wrong.append(f"{name}={read.get(name)!r}")
                    if wrong and way == "ocr" and args.details:
                        print(f"  {folder.name}/{entry['file']} ({way}): {', '.join(wrong)}")
        if cache_file:
            cache_file.parent.mkdir(parents=True, exist_ok=True)
            cache_file.write_text(json.dumps(cache, ensure_ascii=False, indent=0), encoding="utf-8")
        for way, fields in totals.items():
            right, stated = sum(r for r, _ in fields.values()), sum(n for _, n in fields.values())
            detail = ", ".join(f"{name} {r}/{n}" for name, (r, n) in fields.items() if n)
            print(f"{folder.name:36} {way:4} {right}/{stated}  ({detail})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
