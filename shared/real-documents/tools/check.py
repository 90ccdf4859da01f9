#!/usr/bin/env python3
"""Sanity checker for the real-documents fixture set.

Run with the private venv:  /work/handoff/venv/bin/python tools/check.py
Checks:
  * every file in files/ opens (docx: zip listing + python-docx; pdf: pypdf page count;
    scan: no extractable text);
  * expected.toml parses and every [[document]] points at an existing file;
  * questions.jsonl parses, points at an existing (file, ordinal) and every `evidence`
    string is found in the document's extracted text after Unicode NFC + whitespace collapse.
    For table-row evidence ("cell | cell | cell") a second attempt replaces the " | "
    separators with a single space (PDF/txt tables have no cell separators).
Text extraction: python-docx (body paragraphs and table rows in document order, the
cells of a row joined by " | ", horizontally merged cells counted once), pypdf for PDFs,
raw UTF-8 for .md/.txt.
"""
import json, re, sys, unicodedata, zipfile, tomllib
from pathlib import Path

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph
import pypdf

ROOT = Path(__file__).resolve().parent.parent
FILES = ROOT / "files"


def docx_text(path):
    d = docx.Document(str(path))
    out = []
    for child in d.element.body.iterchildren():
        tag = child.tag.split('}')[1]
        if tag == 'p':
            out.append(Paragraph(child, d).text)
        elif tag == 'tbl':
            for row in Table(child, d).rows:
                cells, prev = [], None
                for c in row.cells:
                    if c._tc is prev:
                        continue
                    prev = c._tc
                    cells.append(c.text.strip())
                out.append(' | '.join(cells))
    return '\n'.join(out)


def pdf_text(path):
    r = pypdf.PdfReader(str(path))
    return '\n'.join((p.extract_text() or '') for p in r.pages)


def extract(path):
    s = path.suffix.lower()
    if s == '.docx':
        return docx_text(path)
    if s == '.pdf':
        return pdf_text(path)
    return path.read_text(encoding='utf-8')


def norm(t):
    t = unicodedata.normalize('NFC', t).replace('\u00a0', ' ')
    return re.sub(r'\s+', ' ', t).strip()


def main():
    problems = 0
    texts = {}
    print("== files")
    for f in sorted(FILES.iterdir()):
        size = f.stat().st_size
        info = ''
        if f.suffix == '.docx':
            n = len(zipfile.ZipFile(f).namelist())
            info = f'zip entries={n}'
        elif f.suffix == '.pdf':
            r = pypdf.PdfReader(str(f))
            info = f'pages={len(r.pages)}'
        t = extract(f)
        texts[f.name] = norm(t)
        info += f' chars={len(texts[f.name])}'
        if size > 3 * 1024 * 1024:
            print(f'  !! {f.name} is over 3 MB'); problems += 1
        if 'scan' in f.name and len(texts[f.name]) > 0:
            print(f'  !! {f.name} should have no text layer but has {len(texts[f.name])} chars'); problems += 1
        print(f'  {f.name:45s} {size:>9d} B  {info}')
    total = sum(p.stat().st_size for p in FILES.iterdir())
    print(f'  total {total} B')

    print("== expected.toml")
    exp = tomllib.loads((ROOT / 'expected.toml').read_text(encoding='utf-8'))
    docs = exp['document']
    keys = set()
    for d in docs:
        if not (FILES / d['file']).exists():
            print(f"  !! missing file {d['file']}"); problems += 1
        keys.add((d['file'], d.get('ordinal', 0)))
    print(f'  {len(docs)} documents in {len({d["file"] for d in docs})} files')

    print("== questions.jsonl")
    ok = fallback = unverifiable = 0
    ids = set()
    types = {}
    for line in (ROOT / 'questions.jsonl').read_text(encoding='utf-8').splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        if q['id'] in ids:
            print(f"  !! duplicate id {q['id']}"); problems += 1
        ids.add(q['id'])
        types[q['type']] = types.get(q['type'], 0) + 1
        if (q['file'], q.get('ordinal', 0)) not in keys:
            print(f"  !! {q['id']}: no expected document for {q['file']}#{q.get('ordinal', 0)}"); problems += 1
        text = texts.get(q['file'], '')
        ev = norm(q['evidence'])
        for m in q.get('must_contain', []):
            if norm(m).lower() not in norm(q['answer']).lower():
                print(f"  !! {q['id']}: must_contain {m!r} not in answer"); problems += 1
        if ev and ev in text:
            ok += 1
        elif ' | ' in ev and norm(ev.replace(' | ', ' ')) in text:
            fallback += 1
        else:
            unverifiable += 1
            why = 'scanned PDF: no text layer' if not text else 'NOT FOUND in extracted text'
            print(f"  -- {q['id']} ({q['file']}): evidence not verified automatically: {why}")
            if text:
                problems += 1
    print(f'  {len(ids)} questions; types={types}')
    print(f'  evidence verified: {ok} direct, {fallback} via table-row fallback, {unverifiable} not verified')
    print('== problems:', problems)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
