#!/usr/bin/env python3
"""Checks heldout2.jsonl against the corpus (stdlib only). Exit code 0 = pass.

Checks:
  * every line is JSON with the required fields; ids unique; type and method from the allowed lists;
  * answerable items: evidence present, each " || " piece 30-300 chars and found verbatim in a corpus
    file after collapsing every whitespace run (including newlines) to one space;
  * answerable items: every must_contain string occurs in the evidence (case-insensitive, whitespace-collapsed);
    must_contain non-empty;
  * unanswerable items: must_contain == [] and no evidence;
  * doc: a news file name, or one of the three documents in 004; at least one evidence piece lies
    inside that document (004 is split at its document boundaries);
  * sampled / sampled-rephrase items: source_line is a line of sampled.txt and at least one evidence
    piece shares a >= 25-char stretch with that sampled line (or the sampled line is inside the piece).
"""
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = str(__import__("pathlib").Path(__file__).resolve().parents[3] / "data")  # copy of ../shared/corpus
TYPES = {"figure", "list", "fact", "who_when", "comparison", "multi_step", "english", "unanswerable"}
METHODS = {"sampled", "sampled-rephrase", "handwritten"}
REQ = ["id", "question", "type", "answer", "must_contain", "doc", "source_line", "method"]
F004 = "004_3669f94fafab6ebe.txt"


def norm(s):
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", s)).strip()


def load_corpus():
    texts = {}
    for fn in sorted(os.listdir(CORPUS)):
        if fn.endswith(".txt"):
            with open(os.path.join(CORPUS, fn), encoding="utf-8") as fh:
                texts[fn] = norm(fh.read())
    t = texts[F004]
    i57 = t.index("NGHỊ QUYẾT CỦA BỘ CHÍNH TRỊ")
    i67 = t.index("CHƯƠNG TRÌNH CỦA BAN THƯỜNG VỤ TỈNH ỦY")
    assert i57 < i67
    segs = {"hướng dẫn": t[:i57], "57-NQ/TW": t[i57:i67], "67-CTr/TU": t[i67:]}
    return texts, segs


def seg_of_line(lineno):
    """Which 004 document a raw line number belongs to (boundaries: the two document title blocks)."""
    with open(os.path.join(CORPUS, F004), encoding="utf-8") as fh:
        raw = fh.read().split("\n")
    b57 = next(i for i in range(len(raw) - 1) if raw[i].strip() == "NGHỊ QUYẾT" and raw[i + 1].strip() == "CỦA BỘ CHÍNH TRỊ") + 1
    b67 = next(i for i in range(len(raw) - 2) if raw[i].strip() == "CHƯƠNG TRÌNH" and "CỦA BAN THƯỜNG VỤ" in raw[i + 2]) + 1
    return "hướng dẫn" if lineno < b57 else ("57-NQ/TW" if lineno < b67 else "67-CTr/TU")


def common_run(a, b, n):
    """True if a and b share a substring of length >= n."""
    if len(a) < n or len(b) < n:
        return a in b or b in a
    grams = {a[i:i + n] for i in range(len(a) - n + 1)}
    return any(b[j:j + n] in grams for j in range(len(b) - n + 1))


def main():
    texts, segs = load_corpus()
    with open(os.path.join(HERE, "sampled.txt"), encoding="utf-8") as fh:
        sampled = [ln.rstrip("\n") for ln in fh]
    errors, ids, counts = [], set(), {}
    path = os.path.join(HERE, "..", "heldout2.jsonl")
    with open(path, encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip()]
    for n, ln in enumerate(lines, start=1):
        try:
            r = json.loads(ln)
        except Exception as e:
            errors.append("line %d: bad JSON (%s)" % (n, e)); continue
        rid = r.get("id", "line%d" % n)
        def err(msg):
            errors.append("%s: %s" % (rid, msg))
        for f in REQ:
            if f not in r:
                err("missing field %s" % f)
        if rid in ids:
            err("duplicate id")
        ids.add(rid)
        typ = r.get("type")
        if typ not in TYPES:
            err("bad type %r" % typ)
        counts[typ] = counts.get(typ, 0) + 1
        if r.get("method") not in METHODS:
            err("bad method %r" % r.get("method"))
        must = r.get("must_contain")
        if not isinstance(must, list):
            err("must_contain not a list"); must = []
        doc = r.get("doc")
        if doc not in segs and doc not in texts:
            err("bad doc %r" % doc)
        if typ == "unanswerable":
            if must:
                err("unanswerable with must_contain")
            if "evidence" in r:
                err("unanswerable with evidence")
            if r.get("method") != "handwritten":
                err("unanswerable should be handwritten")
            continue
        ev = r.get("evidence")
        if not ev:
            err("answerable without evidence"); continue
        if not must:
            err("answerable with empty must_contain")
        pieces = [norm(p) for p in ev.split(" || ")]
        for p in pieces:
            if not (30 <= len(p) <= 300):
                err("evidence piece length %d outside 30-300: %.60s" % (len(p), p))
            if not any(p in t for t in texts.values()):
                err("evidence piece not found verbatim: %.80s" % p)
        if typ in ("comparison",) and len(pieces) < 2:
            err("comparison needs one evidence piece per side")
        if typ == "multi_step" and len(pieces) < 2:
            err("multi_step needs one evidence piece per step")
        evl = norm(" ".join(pieces)).lower()
        for m in must:
            if norm(m).lower() not in evl:
                err("must_contain %r not in evidence" % m)
        seg = segs.get(doc) or texts.get(doc)
        if seg is not None and not any(p in seg for p in pieces):
            err("no evidence piece inside doc %r" % doc)
        sl = r.get("source_line")
        if r.get("method") in ("sampled", "sampled-rephrase"):
            if not isinstance(sl, int) or not (1 <= sl <= len(sampled)):
                err("bad source_line %r" % sl)
            else:
                stext = norm(sampled[sl - 1].split("\t", 2)[2])
                sfile = sampled[sl - 1].split("\t")[1].split(":")[0]
                if sfile != F004 and sfile != doc:
                    err("doc %r differs from sampled file %r" % (doc, sfile))
                if sfile == F004:
                    sno = int(sampled[sl - 1].split("\t")[1].split(":")[1])
                    if seg_of_line(sno) != doc:
                        err("sampled 004 line %d is in %r, not doc %r" % (sno, seg_of_line(sno), doc))
                if not any(common_run(p, stext, 25) for p in pieces):
                    err("no evidence piece overlaps sampled line S%02d" % sl)
        elif sl is not None:
            err("handwritten item with source_line")
    for e in errors:
        print("ERROR", e)
    print("items: %d" % len(lines))
    for k in sorted(counts, key=str):
        print("  %-13s %d" % (k, counts[k]))
    by_m = {}
    for ln in lines:
        m = json.loads(ln).get("method"); by_m[m] = by_m.get(m, 0) + 1
    print("methods:", ", ".join("%s=%d" % kv for kv in sorted(by_m.items())))
    print("PASS" if not errors else "FAIL (%d errors)" % len(errors))
    return 0 if not errors else 1


if __name__ == "__main__":
    sys.exit(main())
