#!/usr/bin/env python3
"""Sample corpus lines for the held-out question set (stdlib only).

Qualifying line: a line (stripped of surrounding whitespace) of >= 60 characters
in one of the corpus text files (README.md excluded). Sampling is uniform over
all qualifying lines of all files, so file 004 is weighted by its length.
Output: one sampled line per output line, so line N of sampled.txt is sample N:
    S<NN>\t<file>:<line number in file>\t<text>
"""
import os
import random
import sys

CORPUS = str(__import__("pathlib").Path(__file__).resolve().parents[3] / "data")  # copy of ../shared/corpus
SEED = 20261125
N = 45
MIN_LEN = 60


def main():
    random.seed(SEED)
    files = sorted(f for f in os.listdir(CORPUS) if f.endswith(".txt"))
    pool = []
    for fn in files:
        with open(os.path.join(CORPUS, fn), encoding="utf-8") as fh:
            for i, line in enumerate(fh, start=1):
                text = line.strip()
                if len(text) >= MIN_LEN:
                    pool.append((fn, i, text))
    picks = random.sample(pool, N)
    out = sys.stdout
    for k, (fn, i, text) in enumerate(picks, start=1):
        out.write("S%02d\t%s:%d\t%s\n" % (k, fn, i, text))
    sys.stderr.write("pool=%d sampled=%d\n" % (len(pool), N))


if __name__ == "__main__":
    main()
