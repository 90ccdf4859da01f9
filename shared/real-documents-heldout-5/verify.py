#!/usr/bin/env python3
"""Check questions.jsonl against the documents in files/ (independent of the product code).

For every question: the file exists; every must_contain string and the evidence passage occur
verbatim in the document's extracted text after collapsing all whitespace runs to one space.
Text extraction: pypdf (.pdf), python-docx (.docx, paragraphs + table cells), plain read (.md/.txt/.html).
Unanswerable questions (should_refuse) must have empty must_contain and evidence.
Also checks that every file in files/ has an [[document]] entry in expected.toml and vice versa.

Run:  /work/main/.venv/bin/python shared/real-documents-heldout-5/verify.py
"""
import json
import re
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"


def extract(path: Path) -> str:
    suf = path.suffix.lower()
    if suf == ".pdf":
        import pypdf
        reader = pypdf.PdfReader(str(path))
        return "\n".join((p.extract_text() or "") for p in reader.pages)
    if suf == ".docx":
        import docx
        d = docx.Document(str(path))
        parts = [p.text for p in d.paragraphs]
        for t in d.tables:
            for row in t.rows:
                for cell in row.cells:
                    parts.append(cell.text)
        return "\n".join(parts)
    return path.read_text(encoding="utf-8")


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def main() -> int:
    texts = {p.name: norm(extract(p)) for p in sorted(FILES.iterdir()) if p.is_file()}
    errors = 0
    n = 0
    ids = set()
    by_type = {}
    for line in (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        n += 1
        by_type[q["type"]] = by_type.get(q["type"], 0) + 1
        if q["id"] in ids:
            print(f"DUPLICATE id {q['id']}")
            errors += 1
        ids.add(q["id"])
        if q["file"] not in texts:
            print(f"{q['id']}: unknown file {q['file']}")
            errors += 1
            continue
        text = texts[q["file"]]
        if q.get("should_refuse"):
            if q["must_contain"] or q["evidence"]:
                print(f"{q['id']}: unanswerable question must have empty must_contain/evidence")
                errors += 1
            continue
        for m in q["must_contain"]:
            if norm(m) not in text:
                print(f"{q['id']}: must_contain not found: {m!r}")
                errors += 1
        if not q["evidence"] or norm(q["evidence"]) not in text:
            print(f"{q['id']}: evidence not found: {q['evidence'][:80]!r}")
            errors += 1
    exp = tomllib.loads((HERE / "expected.toml").read_text(encoding="utf-8"))
    exp_files = {d["file"] for d in exp["document"]}
    for f in texts:
        if f not in exp_files:
            print(f"expected.toml lacks {f}")
            errors += 1
    for f in exp_files:
        if f not in texts:
            print(f"expected.toml names missing file {f}")
            errors += 1
    print(f"{n} questions, {len(texts)} files, types {dict(sorted(by_type.items()))}, {errors} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
