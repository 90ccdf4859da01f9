#!/usr/bin/env python3
"""Check the development question set in this folder against its .docx files.

For every question in questions.jsonl, each `must_contain` string must occur in the
text of its file: body paragraphs plus every table cell (nested tables included,
merged cells once), with whitespace collapsed. The match is exact (case-sensitive).
As an extra check, a non-empty `evidence` must equal a table row (its non-empty cells
joined by " | ") or occur in a paragraph, and every `must_contain` string must also
appear (case-insensitively) in the reference answer. Prints OK/FAIL per question; exits 1 on any FAIL.

Run: /work/main/.venv/bin/python bench/data/word-tables/verify_questions.py
"""
import json
import re
import sys
from collections import Counter
from pathlib import Path

import docx

HERE = Path(__file__).resolve().parent
KEYS = ["id", "file", "ordinal", "type", "question", "answer", "must_contain", "evidence"]
TYPES = {"table", "appendix", "list", "figure", "fact", "who_when"}


def ws(s):
    return re.sub(r"\s+", " ", s).strip()


def row_cells(row):
    out, prev = [], None
    for c in row.cells:
        if prev is not None and c._tc is prev:
            continue
        prev = c._tc
        out.append(ws(c.text))
    return out


def walk_tables(tables, rows):
    for t in tables:
        for r in t.rows:
            rows.append(row_cells(r))
            seen = set()
            for c in r.cells:
                if id(c._tc) in seen:
                    continue
                seen.add(id(c._tc))
                walk_tables(c.tables, rows)


def load(path):
    d = docx.Document(str(path))
    paras = [ws(p.text) for p in d.paragraphs if ws(p.text)]
    rows = []
    walk_tables(d.tables, rows)
    text = ws(" ".join(paras + [" ".join(r) for r in rows]))
    row_strs = {" | ".join(c for c in r if c) for r in rows}
    return text, paras, row_strs


def main():
    qs = [json.loads(l) for l in (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    cache, fails = {}, 0
    for q in qs:
        problems = []
        if list(q.keys()) != KEYS:
            problems.append(f"keys {list(q.keys())}")
        if q.get("type") not in TYPES:
            problems.append(f"type {q.get('type')!r}")
        f = HERE / q["file"]
        if not f.exists():
            problems.append("missing file")
        else:
            if q["file"] not in cache:
                cache[q["file"]] = load(f)
            text, paras, row_strs = cache[q["file"]]
            for m in q["must_contain"]:
                if ws(m) not in text:
                    problems.append(f"must_contain not in file: {m!r}")
            ev = ws(q["evidence"])
            if ev and ev not in row_strs and not any(ev in p for p in paras):
                problems.append("evidence is neither a table row nor in a paragraph")
            for m in q["must_contain"]:
                if m.lower() not in q["answer"].lower():
                    problems.append(f"must_contain not in reference answer: {m!r}")
            if not q["must_contain"] and q["answer"] != "Không có trong tài liệu":
                problems.append("empty must_contain on an answerable question")
        if problems:
            fails += 1
            print(f"FAIL {q['id']}: " + "; ".join(problems))
        else:
            print(f"OK   {q['id']}  {q['file']}  {q['must_contain']}")
    print()
    print(f"{len(qs)} questions, {len(qs) - fails} OK, {fails} FAIL")
    print("by type:", dict(Counter(q["type"] for q in qs)))
    print("by file:", dict(Counter(q["file"] for q in qs)))
    print("unanswerable:", [q["id"] for q in qs if not q["must_contain"]])
    sys.exit(1 if fails else 0)


if __name__ == "__main__":
    main()
