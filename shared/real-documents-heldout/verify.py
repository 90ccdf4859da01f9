"""Check the held-out set: every file opens, every expected.toml entry points at a file,
every evidence string occurs in the extracted text after collapsing whitespace.
Run with a Python that has python-docx and pypdf, e.g.  ../venv2/bin/python verify.py
Rule for PDF table rows: evidence cells are joined by " | "; PDF text layers carry no cell
separators, so for .pdf files " | " is also tried as a single space.
Both sides are NFC-normalised: the Hue PDF text layer mixes decomposed diacritics."""
import json, os, re, sys, html, tomllib, unicodedata
HERE = os.path.dirname(os.path.abspath(__file__)); FILES = os.path.join(HERE, "files")
W = '{http://schemas.openxmlformats.org/wordprocessingml/2006/main}'
def docx_text(f):
    import docx
    d = docx.Document(f); out = []
    pt = lambda p: "".join(t.text or '' for t in p.iter(W + 't'))
    for el in d.element.body.iterchildren():
        tag = el.tag.split('}')[1]
        if tag == 'p': out.append(pt(el))
        elif tag == 'tbl':
            for row in el.iter(W + 'tr'):
                out.append(" | ".join(" ".join(pt(p) for p in c.iter(W + 'p')) for c in row.iter(W + 'tc')))
    return "\n".join(out)
def pdf_text(f):
    import pypdf
    return "\n".join((p.extract_text() or '') for p in pypdf.PdfReader(f).pages)
def htm_text(f):
    raw = open(f, 'rb').read()
    m = re.search(rb'charset=([A-Za-z0-9_-]+)', raw[:4000])
    s = raw.decode(m.group(1).decode() if m else 'utf-8', errors='replace')
    s = re.sub(r'(?is)<(script|style|head)\b.*?</\1>', ' ', s); s = re.sub(r'(?s)<!--.*?-->', ' ', s)
    s = re.sub(r'(?i)</t[dh]>', ' | ', s); s = re.sub(r'<[^>]+>', ' ', s)
    return html.unescape(s)
def extract(f):
    e = os.path.splitext(f)[1].lower()
    return {'.docx': docx_text, '.pdf': pdf_text, '.htm': htm_text, '.html': htm_text}.get(
        e, lambda p: open(p, encoding='utf-8').read())(f)
norm = lambda t: re.sub(r'\s+', ' ', unicodedata.normalize('NFC', t)).strip()
bad = 0; texts = {}
for name in sorted(os.listdir(FILES)):
    p = os.path.join(FILES, name); size = os.path.getsize(p)
    try: t = extract(p)
    except Exception as ex: print("OPEN FAIL", name, ex); bad += 1; continue
    texts[name] = norm(t)
    print(f"open ok  {name:45s} {size:>9d} B  {len(texts[name]):>6d} chars")
    if size >= 3 * 1024 * 1024: print("  too big"); bad += 1
exp = tomllib.load(open(os.path.join(HERE, "expected.toml"), "rb"))["document"]
for d in exp:
    if d["file"] not in texts: print("expected.toml: no such file", d["file"]); bad += 1
    if d.get("number") and d["number"].split("/")[0] not in texts.get(d["file"], ""):
        print("number not in text", d["file"], d["number"]); bad += 1
    if d.get("signer") and d["signer"] not in texts.get(d["file"], ""):
        print("signer not in text", d["file"], d["signer"]); bad += 1
n = 0
for line in open(os.path.join(HERE, "questions.jsonl"), encoding="utf-8"):
    q = json.loads(line); n += 1
    t = texts.get(q["file"]); ev = norm(q["evidence"])
    ok = t is not None and (ev in t or (q["file"].endswith(".pdf") and ev.replace(" | ", " ") in t))
    if not ok: print("EVIDENCE MISSING", q["id"], q["evidence"][:90]); bad += 1
    for k in ("id", "file", "ordinal", "question", "type", "answer", "must_contain", "evidence"):
        if k not in q: print("missing field", k, q.get("id")); bad += 1
print(f"{len(texts)} files, {len(exp)} expected entries, {n} questions, {bad} problems")
sys.exit(1 if bad else 0)
