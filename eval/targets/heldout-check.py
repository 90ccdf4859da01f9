#!/usr/bin/env python3
"""Checks heldout-gold.jsonl against the source documents (stdlib only).

For every record:
  1. quote is verbatim in its file after collapsing whitespace runs to one space
     ("plain"); for a markdown file, failing that, after also deleting every "|"
     and collapsing again ("md-nopipe"). The check passed is printed per record.
  2. value (whitespace-collapsed) occurs in the quote, and the numbers written in
     value parse to number (and number_max for ranges), Vietnamese style
     ("0,7" -> 0.7, "1.000" -> 1000).
  3. field set, comparator, year type, level/province and number_max sanity.
Prints OK at the end when everything passes; exits 1 otherwise.
"""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
DIRS = [os.path.join(ROOT, 'shared', 'real-documents', 'files'),
        os.path.join(ROOT, 'shared', 'real-documents-heldout', 'files')]
FIELDS = ["document", "file", "level", "province", "year", "indicator", "value", "comparator",
          "number", "number_max", "unit", "section", "quote"]
COMPARATORS = {">=", ">", "=", "<=", "<", "range", "approx", "rank"}
DOC_META = {  # document number -> (file, level, province)
    "104-CTr/TU": ("ctr-104-ctr-tu-laocai-2026.txt", "tỉnh", "Lào Cai"),
    "03/NQ-CP": ("nq-03-nq-cp-2025.md", "quốc gia", None),
    "617/KH-UBND": ("dongthap_ubnd_kh617_chuyendoiso.md", "tỉnh", "Đồng Tháp"),
}

def collapse(s):
    return re.sub(r'\s+', ' ', s).strip()

def vn_number(tok):
    # "1.000" thousands, "0,7" decimal; "01" -> 1
    if ',' in tok:
        ip, dp = tok.split(',', 1)
        return float(ip.replace('.', '') + '.' + dp)
    if re.fullmatch(r'\d{1,3}(\.\d{3})+', tok):
        return float(tok.replace('.', ''))
    return float(tok)

texts = {}
def load(fname):
    if fname not in texts:
        for d in DIRS:
            p = os.path.join(d, fname)
            if os.path.exists(p):
                raw = open(p, encoding='utf-8').read()
                plain = ' ' + collapse(raw) + ' '
                nopipe = ' ' + collapse(raw.replace('|', ' ')) + ' '
                texts[fname] = (plain, nopipe)
                break
        else:
            raise SystemExit(f'missing source file {fname}')
    return texts[fname]

errors = []
passed = Counter()
path = os.path.join(HERE, 'heldout-gold.jsonl')
with open(path, encoding='utf-8') as f:
    recs = [json.loads(l) for l in f if l.strip()]

for i, r in enumerate(recs, 1):
    tag = f'#{i} {r.get("document")} {r.get("year")} {r.get("value")!r}'
    if list(r.keys()) != FIELDS:
        errors.append(f'{tag}: fields {list(r.keys())}')
        continue
    meta = DOC_META.get(r['document'])
    if meta is None or meta[0] != r['file'] or meta[1] != r['level'] or meta[2] != r['province']:
        errors.append(f'{tag}: document/file/level/province mismatch')
    if r['comparator'] not in COMPARATORS:
        errors.append(f'{tag}: bad comparator {r["comparator"]}')
    if not isinstance(r['year'], int) or not 2024 <= r['year'] <= 2100:
        errors.append(f'{tag}: bad year')
    if not isinstance(r['number'], float):
        errors.append(f'{tag}: number not float')
    if (r['comparator'] == 'range') != (r['number_max'] is not None):
        errors.append(f'{tag}: number_max must be set exactly for ranges')
    # 1. verbatim quote
    plain, nopipe = load(r['file'])
    q = collapse(r['quote'])
    if q != r['quote']:
        errors.append(f'{tag}: quote not whitespace-normalised')
    if q in plain:
        how = 'plain'
    elif r['file'].endswith('.md') and q in nopipe:
        how = 'md-nopipe'
    else:
        how = None
        errors.append(f'{tag}: quote not found in {r["file"]}: {q[:80]!r}')
    # 2. number as written is in the quote
    v = collapse(r['value'])
    if v not in q:
        errors.append(f'{tag}: value {v!r} not in quote')
    toks = re.findall(r'\d+(?:[.,]\d+)*', v)
    nums = [vn_number(t) for t in toks]
    if not nums or nums[0] != r['number']:
        errors.append(f'{tag}: number {r["number"]} != first number written in value {toks}')
    if r['number_max'] is not None and (len(nums) < 2 or nums[1] != r['number_max']):
        errors.append(f'{tag}: number_max {r["number_max"]} != second number in value {toks}')
    if toks and not re.search(r'(?<![\d.,])' + re.escape(toks[0]) + r'(?![\d])', q):
        errors.append(f'{tag}: number token {toks[0]!r} not in quote')
    if how:
        passed[how] += 1
        print(f'{i:3d} {how:9s} {r["document"]:12s} {r["year"]} {r["comparator"]:5s} {v}')

by = Counter((r['document'], r['year']) for r in recs)
print('\ncounts (document, year):')
for k in sorted(by):
    print(f'  {k[0]:12s} {k[1]}  {by[k]}')
print(f'  total {len(recs)}; checks passed: {dict(passed)}')
if errors:
    print('\nERRORS:')
    for e in errors:
        print('  ' + e)
    sys.exit(1)
print('OK')
