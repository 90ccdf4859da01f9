#!/usr/bin/env python3
"""Check that every `evidence` and `must_contain` string of questions.jsonl occurs in the
text extracted from its file (NFC, whitespace collapsed, case-insensitive).
Table rows: " | " may also match as a single space or tab; .docx table rows are also
rendered as cells joined by " | ".  Run with a Python that has python-docx and pypdf,
e.g. /work/venv-heldout-tables/bin/python verify.py"""
import json, os, re, sys, unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
FILES = os.path.join(HERE, "files")


def norm(s):
    s = unicodedata.normalize("NFC", s).replace("\u00a0", " ")
    return re.sub(r"\s+", " ", s).strip().casefold()


def docx_text(path):
    import docx
    from docx.oxml.ns import qn
    from docx.table import Table
    d = docx.Document(path)
    parts = []
    for el in d.element.body.iterchildren():
        if el.tag == qn("w:p"):
            parts.append("".join(t.text or "" for t in el.iter(qn("w:t"))))
        elif el.tag == qn("w:tbl"):
            for row in Table(el, d).rows:
                cells = [c.text for c in row.cells]
                parts.append(" | ".join(cells))   # row with " | "
                parts.append(" ".join(cells))     # row with spaces
    return "\n".join(parts)


def pdf_text(path):
    import pypdf
    r = pypdf.PdfReader(path)
    return "\n".join(p.extract_text() or "" for p in r.pages)


def extract(path):
    ext = path.lower().rsplit(".", 1)[-1]
    if ext == "docx":
        return docx_text(path)
    if ext == "pdf":
        return pdf_text(path)
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


def found(needle, hay):
    n = norm(needle)
    if n in hay:
        return True
    if " | " in needle:
        for sep in (" ", "\t"):
            if norm(needle.replace(" | ", sep)) in hay:
                return True
    return False


def main():
    cache, bad, total = {}, 0, 0
    with open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8") as f:
        qs = [json.loads(l) for l in f if l.strip()]
    for q in qs:
        fn = q["file"]
        if fn not in cache:
            cache[fn] = norm(extract(os.path.join(FILES, fn)))
        hay = cache[fn]
        for kind, s in [("evidence", q["evidence"])] + [("must_contain", m) for m in q["must_contain"]]:
            total += 1
            if not found(s, hay):
                bad += 1
                print(f"FAIL {q['id']} {kind}: {s!r}")
    print(f"{len(qs)} questions, {total} strings checked, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
