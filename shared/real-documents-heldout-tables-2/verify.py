"""Check questions.jsonl against the documents in files/.
For each question: every must_contain string must occur in the document text
(pdfplumber page text; for .docx python-docx paragraphs + table cells) and in the answer;
the evidence must be found: a plain sentence must occur in the text (whitespace collapsed,
case-insensitive); a table row written as cells joined by " | " must have every cell present
among the cells of pdfplumber's extract_tables() (or, failing that, in the text).
Prints OK/FAIL per question; exits 1 on any FAIL."""
import json, re, sys
from pathlib import Path
import pdfplumber

HERE = Path(__file__).resolve().parent
KEYS = ["id", "file", "ordinal", "type", "question", "answer", "must_contain", "evidence"]
TYPES = {"table", "appendix", "list", "figure", "fact", "who_when"}

def norm(s):
    return re.sub(r"\s+", " ", s or "").strip().lower()

cache = {}
def load(name):
    if name in cache:
        return cache[name]
    p = HERE / "files" / name
    text, cells = "", set()
    if p.suffix == ".pdf":
        with pdfplumber.open(p) as pdf:
            text = "\n".join(pg.extract_text() or "" for pg in pdf.pages)
            for pg in pdf.pages:
                for t in pg.extract_tables():
                    for r in t:
                        for c in r:
                            if c:
                                cells.add(norm(c))
    else:
        import docx
        d = docx.Document(p)
        parts = [x.text for x in d.paragraphs]
        for t in d.tables:
            for r in t.rows:
                for c in r.cells:
                    parts.append(c.text)
                    cells.add(norm(c.text))
        text = "\n".join(parts)
    cache[name] = (text, norm(text), cells)
    return cache[name]

bad = 0
for line in open(HERE / "questions.jsonl", encoding="utf-8"):
    q = json.loads(line)
    errs = []
    if list(q.keys()) != KEYS: errs.append("keys")
    if q["type"] not in TYPES: errs.append("type")
    if not (HERE / "files" / q["file"]).exists(): errs.append("file missing")
    else:
        raw, nt, cells = load(q["file"])
        for m in q["must_contain"]:
            if m not in raw and norm(m) not in nt: errs.append(f"must_contain not in doc: {m!r}")
            if norm(m) not in norm(q["answer"]): errs.append(f"must_contain not in answer: {m!r}")
        ev = q["evidence"]
        if q["must_contain"] == [] :
            if q["answer"] != "Không có trong tài liệu": errs.append("unanswerable answer")
        elif " | " in ev:
            for c in ev.split(" | "):
                if norm(c) not in cells and norm(c) not in nt:
                    errs.append(f"evidence cell not found: {c[:60]!r}")
        elif norm(ev) not in nt:
            errs.append("evidence not found")
    print(("OK  " if not errs else "FAIL"), q["id"], "; ".join(errs))
    bad += bool(errs)
print("FAILED:", bad) if bad else print("ALL OK")
sys.exit(1 if bad else 0)
