#!/usr/bin/env python3
"""Checks gold.jsonl / alignment.jsonl against the source text (stdlib only).

1. every quote occurs verbatim in the source after collapsing whitespace runs to one space;
2. stronger: it occurs inside section II of the right document (57 or 67, not the guidance that
   restates 67's targets) and inside the sub-heading named by its year / section;
3. number (and number_max) appear in the quote as written (30.0 -> "30", 0.7 -> "0,7");
4. field values are well-formed; alignment rows point to gold records.
"""
import json, re, sys, os

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "004_3669f94fafab6ebe.txt")

def collapse(s):
    return re.sub(r"\s+", " ", s).strip()

text = collapse(open(SRC, encoding="utf-8").read())

def find_once(hay, needle, start=0, end=None):
    i = hay.find(needle, start, end if end is not None else len(hay))
    if i < 0:
        raise SystemExit("boundary marker not found: %r" % needle)
    return i

# document boundaries
d57 = find_once(text, "NGHỊ QUYẾT CỦA BỘ CHÍNH TRỊ")
d67 = find_once(text, "CHƯƠNG TRÌNH CỦA BAN THƯỜNG VỤ TỈNH ỦY", d57)
docs = {"57-NQ/TW": (d57, d67), "67-CTr/TU": (d67, len(text))}

def sec2(doc):
    s, e = docs[doc]
    a = find_once(text, "II- MỤC TIÊU", s, e)
    b = find_once(text, "III- NHIỆM VỤ, GIẢI PHÁP", a, e)
    return a, b

spans = {}
a, b = sec2("57-NQ/TW")
h30 = find_once(text, "1. Đến năm 2030", a, b); h45 = find_once(text, "2. Tầm nhìn đến năm 2045", h30, b)
spans[("57-NQ/TW", "II- MỤC TIÊU › 1. Đến năm 2030")] = (h30, h45)
spans[("57-NQ/TW", "II- MỤC TIÊU › 2. Tầm nhìn đến năm 2045")] = (h45, b)
a, b = sec2("67-CTr/TU")
h30 = find_once(text, "2. Mục tiêu cụ thể đến năm 2030", a, b); h45 = find_once(text, "3. Tầm nhìn đến năm 2045", h30, b)
items = [find_once(text, "(%d) " % k, h30, h45) for k in range(1, 6)] + [h45]
for k in range(5):
    spans[("67-CTr/TU", "II- MỤC TIÊU › 2. Mục tiêu cụ thể đến năm 2030 › (%d)" % (k + 1))] = (items[k], items[k + 1])
spans[("67-CTr/TU", "II- MỤC TIÊU › 3. Tầm nhìn đến năm 2045")] = (h45, b)

def num_forms(x):
    if x == int(x):
        return [str(int(x))]
    s = repr(x)
    return [s.replace(".", ","), s]

def num_in(quote, x):
    for f in num_forms(x):
        if re.search(r"(?<![\d,.])" + re.escape(f) + r"(?![\d])", quote):
            return True
    return False

COMP = {">=", ">", "=", "<=", "<", "range", "approx", "rank"}
errors = []
gold = [json.loads(l) for l in open(os.path.join(HERE, "gold.jsonl"), encoding="utf-8") if l.strip()]
for n, g in enumerate(gold, 1):
    tag = "gold line %d (%s %s %s)" % (n, g.get("document"), g.get("year"), g.get("indicator"))
    q = collapse(g["quote"])
    if q != g["quote"]:
        errors.append(tag + ": quote has uncollapsed whitespace")
    if q not in text:
        errors.append(tag + ": quote not found in source")
    sp = spans.get((g["document"], g["section"]))
    if sp is None:
        errors.append(tag + ": unknown section %r" % g["section"])
    elif text.find(q, sp[0], sp[1]) < 0:
        errors.append(tag + ": quote not inside its document/section span")
    if str(g["year"]) not in g["section"]:
        errors.append(tag + ": year not in section heading")
    if not num_in(q, g["number"]):
        errors.append(tag + ": number %r not in quote" % g["number"])
    if g["number_max"] is not None and not num_in(q, g["number_max"]):
        errors.append(tag + ": number_max %r not in quote" % g["number_max"])
    if (g["comparator"] == "range") != (g["number_max"] is not None):
        errors.append(tag + ": number_max must be set exactly for ranges")
    if g["comparator"] not in COMP:
        errors.append(tag + ": bad comparator")
    if not num_in(g["value"], g["number"]):
        errors.append(tag + ": number not in value")
    lvl = {"57-NQ/TW": ("quốc gia", None), "67-CTr/TU": ("tỉnh", "Sóc Trăng")}[g["document"]]
    if (g["level"], g["province"]) != lvl:
        errors.append(tag + ": level/province mismatch")
    if g["document"] == "57-NQ/TW" and "GRDP" in g["unit"] or g["document"] == "67-CTr/TU" and re.search(r"\bGDP\b", g["unit"]):
        errors.append(tag + ": GDP/GRDP unit in wrong document")
    if g["year"] not in (2025, 2030, 2045):
        errors.append(tag + ": bad year")

keys = {(g["document"], g["year"], g["indicator"]) for g in gold}
vals = {(g["document"], g["year"], g["indicator"], g["value"]) for g in gold}
VERD = {"higher", "equal", "lower", "only_national", "only_provincial", "not_comparable"}
covered = set()
for n, r in enumerate(json.loads(l) for l in open(os.path.join(HERE, "alignment.jsonl"), encoding="utf-8") if l.strip()):
    tag = "alignment line %d" % (n + 1)
    if r["verdict"] not in VERD:
        errors.append(tag + ": bad verdict")
    for doc, ik, vk in (("57-NQ/TW", "indicator_57", "value_57"), ("67-CTr/TU", "indicator_67", "value_67")):
        if r[ik] is None:
            if r[vk] is not None:
                errors.append(tag + ": value without indicator")
            continue
        if (doc, r["year"], r[ik], r[vk]) not in vals:
            errors.append(tag + ": %s not in gold" % ik)
        covered.add((doc, r["year"], r[ik], r[vk]))
    if r["verdict"] == "only_national" and not (r["indicator_57"] and not r["indicator_67"]):
        errors.append(tag + ": only_national shape")
    if r["verdict"] == "only_provincial" and not (r["indicator_67"] and not r["indicator_57"]):
        errors.append(tag + ": only_provincial shape")
missing = vals - covered
for m in sorted(missing, key=str):
    errors.append("gold record not in alignment: %r" % (m,))

if errors:
    print("\n".join(errors))
    print("FAIL: %d problem(s)" % len(errors))
    sys.exit(1)
print("OK: %d gold records, all quotes verbatim in the right section; alignment covers every record" % len(gold))
