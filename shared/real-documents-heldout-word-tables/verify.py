#!/usr/bin/env python3
"""Check questions.jsonl against files/: every must_contain string (and every
" | "-separated piece of evidence) must occur in the document's text
(paragraphs + table cells via python-docx, whitespace collapsed).
Run: /work/main/.venv/bin/python verify.py"""
import json, re, sys
from pathlib import Path
from docx import Document

HERE = Path(__file__).resolve().parent
KEYS = ["id", "file", "ordinal", "type", "question", "answer", "must_contain", "evidence"]
TYPES = {"table", "appendix", "list", "figure", "fact", "who_when"}

def norm(s):
    return re.sub(r"\s+", " ", s).strip()

def doc_text(path):
    d = Document(str(path))
    parts = [p.text for p in d.paragraphs]
    def walk(tables):
        for t in tables:
            for r in t.rows:
                prev = None
                for c in r.cells:
                    if c._tc is prev:
                        continue
                    prev = c._tc
                    parts.append(c.text)
                    walk(c.tables)
    walk(d.tables)
    return norm("\n".join(parts))

cache, fails = {}, 0
for line in open(HERE / "questions.jsonl", encoding="utf-8"):
    q = json.loads(line)
    problems = []
    if list(q) != KEYS:
        problems.append(f"keys {list(q)}")
    if q["type"] not in TYPES:
        problems.append(f"type {q['type']}")
    if q["file"] not in cache:
        cache[q["file"]] = doc_text(HERE / "files" / q["file"])
    text = cache[q["file"]]
    for m in q["must_contain"]:
        if norm(m) not in text:
            problems.append(f"must_contain not in document: {m!r}")
        if norm(m).lower() not in norm(q["answer"]).lower():
            problems.append(f"must_contain not in answer: {m!r}")
    if not q["must_contain"] and q["answer"] != "Không có trong tài liệu":
        problems.append("empty must_contain on an answerable question")
    for piece in filter(None, (norm(p) for p in q["evidence"].split(" | "))):
        if piece not in text:
            problems.append(f"evidence piece not in document: {piece[:60]!r}")
    if problems:
        fails += 1
        print(f"FAIL {q['id']}: " + "; ".join(problems))
    else:
        print(f"OK   {q['id']}")
print(f"{'ALL OK' if not fails else str(fails) + ' FAILED'}")
sys.exit(1 if fails else 0)
