"""Which library reads Vietnamese PDF tables best: cells and rows recovered against known tables.

Ground truth comes from real .docx files (shared/real-documents*/files): their tables are read with python-docx,
and the same file turned into a PDF by LibreOffice (as most published PDFs are made: Word, then "Save as PDF") is
read by each table finder. A table row counts as read when some row the finder gives holds exactly the same
cells (text NFC-normalised, whitespace collapsed, empty cells and the copies a merged cell leaves dropped); a cell
counts when some cell the finder gives is the same text. Only data tables are scored for recall (three rows or
more with two filled cells or more: a header or signature block laid out in a table has two); rows a finder gives
that are no row of any table of the file (a header block's layout table included) count against its precision.

Run on demand (nothing here is a test); libraries that are not installed are skipped:

    .venv/bin/python bench/pdf_tables.py --pdf-dir /tmp/tblpdf shared/real-documents*/files/*.docx \
        bench/data/word-tables/*.docx

The reader's own reading ("product": tables joined over page breaks; "product-by-page": each page's table alone)
needs the project's environment; PyMuPDF and camelot are not the project's dependencies: install them in a
separate environment (``pip install pdfplumber pymupdf camelot-py opencv-python-headless ghostscript
python-docx``) and run ``--finders pymupdf,camelot-lattice,camelot-stream`` there.

``--pdf-dir`` holds (or receives, when LibreOffice's ``soffice`` is on PATH) ``<stem>.pdf`` for each .docx. Each
file's set (real-documents, real-documents-heldout …, word-tables) is printed beside it, so choices are made on dev
files and held-out files only reported. A cell merged down several rows is scored in its first row only (Word
prints it once; python-docx gives it at every row it covers)."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

Grid = list[list[str | None]]
Finder = Callable[[Path], list[Grid]]


def _norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def row_key(row: Iterable[str | None]) -> tuple[str, ...]:
    """A row's filled cells in order, a merged cell once (its copies beside it dropped)."""
    cells: list[str] = []
    for cell in row:
        text = _norm(cell)
        if text and (not cells or cells[-1] != text):
            cells.append(text)
    return tuple(cells)


def docx_tables(path: Path) -> list[Grid]:
    import docx

    document = docx.Document(str(path))
    tables: list[Grid] = []
    for table in document.tables:
        grid: Grid = []
        above: list[object] = []
        for row in table.rows:
            cells = row.cells  # a merged cell is the same cell at each place it covers
            grid.append(["" if any(cell._tc is other for other in above) else " ".join(p.text for p in cell.paragraphs)
                         for cell in cells])  # a cell merged down the rows is printed once, in its first row
            above = [cell._tc for cell in cells]
        tables.append(grid)
    return tables


def is_data_table(grid: Grid) -> bool:
    return sum(1 for row in grid if len(row_key(row)) >= 2) >= 3


def pdfplumber_lines(path: Path) -> list[Grid]:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return [table for page in pdf.pages for table in page.extract_tables()]


def pymupdf_lines(path: Path) -> list[Grid]:
    import pymupdf

    grids: list[Grid] = []
    with pymupdf.open(str(path)) as pdf:
        for page in pdf:
            grids += [table.extract() for table in page.find_tables()]
    return grids


def product_by_page(path: Path) -> list[Grid]:
    from nghiquyet.ingest.readers.pdf import pdf_table_cells

    return pdf_table_cells(path, across_pages=False)  # type: ignore[return-value]


def product(path: Path) -> list[Grid]:
    from nghiquyet.ingest.readers.pdf import pdf_table_cells

    return pdf_table_cells(path)  # type: ignore[return-value]


def _camelot(flavor: str) -> Finder:
    def finder(path: Path) -> list[Grid]:
        import camelot

        tables = camelot.read_pdf(str(path), pages="all", flavor=flavor)
        return [table.df.values.tolist() for table in tables]

    return finder


FINDERS: dict[str, tuple[str, Finder]] = {
    "pdfplumber": ("pdfplumber", pdfplumber_lines),
    "product-by-page": ("nghiquyet", product_by_page),
    "product": ("nghiquyet", product),
    "pymupdf": ("pymupdf", pymupdf_lines),
    "camelot-lattice": ("camelot", _camelot("lattice")),
    "camelot-stream": ("camelot", _camelot("stream")),
}


@dataclass
class Score:
    rows: int = 0
    rows_read: int = 0
    cells: int = 0
    cells_read: int = 0
    given: int = 0
    given_true: int = 0
    seconds: list[float] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("rows", "rows_read", "cells", "cells_read", "given", "given_true"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.seconds += other.seconds


def score(truth: list[Grid], found: list[Grid]) -> Score:
    data_rows = Counter(key for grid in truth if is_data_table(grid)
                        for key in map(row_key, grid) if len(key) >= 2)
    all_rows = Counter(key for grid in truth for key in map(row_key, grid) if key)
    found_rows = Counter(key for grid in found for key in map(row_key, grid) if len(key) >= 2)
    truth_cells = Counter(cell for key in data_rows.elements() for cell in key)
    found_cells = Counter(_norm(cell) for grid in found for row in grid for cell in row if _norm(cell))
    return Score(
        rows=sum(data_rows.values()), rows_read=sum((data_rows & found_rows).values()),
        cells=sum(truth_cells.values()), cells_read=sum((truth_cells & found_cells).values()),
        given=sum(found_rows.values()), given_true=sum((found_rows & all_rows).values()))


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    –"


def _pdf_for(docx_path: Path, pdf_dir: Path) -> Path | None:
    pdf = pdf_dir / f"{docx_path.stem}.pdf"
    if not pdf.exists():
        try:
            subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(pdf_dir), str(docx_path)],
                           check=True, capture_output=True, timeout=300)
        except (OSError, subprocess.SubprocessError):
            return None
    return pdf if pdf.exists() else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("docx", nargs="+", type=Path)
    parser.add_argument("--pdf-dir", type=Path, required=True)
    parser.add_argument("--finders", default=",".join(FINDERS))
    args = parser.parse_args(argv)
    args.pdf_dir.mkdir(parents=True, exist_ok=True)
    finders = {}
    for name in args.finders.split(","):
        module, finder = FINDERS[name]
        try:
            __import__(module)
        except ImportError:
            print(f"{name}: not installed, skipped")
            continue
        finders[name] = finder
    totals: dict[tuple[str, str], Score] = {}
    print(f"{'set':<30} {'file':<44} {'finder':<16} {'rows':>5} {'rows read':>9} {'cells read':>10} "
          f"{'precision':>9} {'s':>6}")
    for path in args.docx:
        truth = docx_tables(path)
        if not any(is_data_table(grid) for grid in truth):
            continue
        pdf = _pdf_for(path, args.pdf_dir)
        if pdf is None:
            print(f"{path.name}: no PDF (soffice not found or failed)")
            continue
        group = path.parent.parent.name if path.parent.name == "files" else path.parent.name
        for name, finder in finders.items():
            started = time.perf_counter()
            try:
                found = finder(pdf)
            except Exception as exc:  # noqa: BLE001 - a finder that fails on a file scores nothing there
                print(f"{group:<30} {path.stem[:44]:<44} {name:<16} failed: {exc}")
                found = []
            result = score(truth, found)
            result.seconds.append(time.perf_counter() - started)
            totals.setdefault((group, name), Score()).add(result)
            print(f"{group:<30} {path.stem[:44]:<44} {name:<16} {result.rows:>5} "
                  f"{_pct(result.rows_read, result.rows):>9} {_pct(result.cells_read, result.cells):>10} "
                  f"{_pct(result.given_true, result.given):>9} {result.seconds[0]:>6.2f}")
    print("\nBy set (rows and cells pooled over the set's files; time: median seconds per file)")
    for (group, name), total in sorted(totals.items()):
        print(f"{group:<30} {name:<16} rows {total.rows_read}/{total.rows} {_pct(total.rows_read, total.rows)}  "
              f"cells {total.cells_read}/{total.cells} {_pct(total.cells_read, total.cells)}  "
              f"precision {_pct(total.given_true, total.given)}  "
              f"median {statistics.median(total.seconds):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
