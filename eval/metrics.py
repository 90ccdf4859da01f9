"""Metrics, each a small pure function over normalised text (see eval/normalize.py)."""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from typing import Callable

from nghiquyet.core.lexicon import without_citation_marks
from nghiquyet.core.textnorm import LEADING_ZEROS, contains, fold, normalize

# A number as written: "1.311,4", "30%", a date "9/1/2025", a ratio "193.457/195.197" (whole on both sides).
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*(?:/\d+(?:[.,]\d+)*(?:/\d+)?)?%?")


@dataclass
class Retrieved:
    """One retrieved passage as the metrics see it: its text and the names of its document."""

    text: str
    doc_keys: frozenset[str]
    section: str = ""


CELL = "|"  # gold evidence for a table row is written as its cells joined by " | "


def holds_evidence(text: str, piece: str) -> bool:
    """Whether ``text`` holds the evidence ``piece``: verbatim (normalised), or for a table row written as cells
    ("1. | Tiêu đề … | In hoa | 15") a line of ``text`` holding every cell, which is how an indexed row reads
    with its column headers ("TT: 1. | Thành phần thể thức: Tiêu đề … | Loại chữ: In hoa | …")."""
    if contains(text, piece):
        return True
    cells = [cell.strip() for cell in piece.split(CELL) if cell.strip()]
    return len(cells) >= 2 and any(all(contains(line, cell) for cell in cells) for line in text.splitlines())


def doc_matches(item: Retrieved, doc: str | None) -> bool:
    return bool(doc) and normalize(doc) in {normalize(k) for k in item.doc_keys if k}


def first_evidence_rank(items: list[Retrieved], evidence: list[str]) -> int | None:
    """1-based rank of the first passage holding any evidence piece."""
    for rank, item in enumerate(items, start=1):
        if any(holds_evidence(item.text, piece) for piece in evidence):
            return rank
    return None


def evidence_recall(items: list[Retrieved], evidence: list[str]) -> float:
    """Share of evidence pieces found in the passages (the context handed to the model)."""
    if not evidence:
        return float("nan")
    context = "\n".join(item.text for item in items)
    return sum(holds_evidence(context, piece) for piece in evidence) / len(evidence)


def hit_at(rank: int | None, k: int) -> bool:
    return rank is not None and rank <= k


def reciprocal_rank(rank: int | None) -> float:
    return 0.0 if rank is None else 1.0 / rank


def answer_correct(answer: str, must_contain: list[str]) -> bool:
    return bool(must_contain) and all(holds_piece(answer, piece) for piece in must_contain)


# A figure at a piece's edge counts only as a whole number: not preceded or followed by a digit, nor by a decimal or
# thousands separator before a digit ("13" is not in "113 đối tượng", "19" not in "2.019" nor "1,9"); a date's or a
# ratio's slash is an edge ("2021" is in "16/3/2021", "32" in "32/100").
_BEFORE_NUMBER = r"(?<!\d)(?<!\d[.,])"
_AFTER_NUMBER = r"(?!\d)(?![.,]\d)"


def holds_piece(answer: str, piece: str) -> bool:
    """Whether ``answer`` holds the gold ``piece`` (see ``contains``), a figure at the piece's start or end read as a
    whole number: a bare "13" was "found" in the "113" and "319.317.000" of a longer quote."""
    if not contains(answer, piece):
        return False
    written = piece.strip()
    before = _BEFORE_NUMBER if written[:1].isdigit() else ""
    after = _AFTER_NUMBER if written[-1:].isdigit() else ""
    if not (before or after):
        return True
    if any(re.search(before + re.escape(form(written)) + after, form(answer)) for form in (normalize, fold)):
        return True
    # "03" read as the count 3 ("3 Tổ công tác"): ``contains`` reads it as a whole number already.
    return written.isdigit() and not (normalize(written) in normalize(answer) or fold(written) in fold(answer))


def citation_correct(cited: list[Retrieved], evidence: list[str], doc: str | None) -> bool:
    """A citation is right when a cited clause holds the evidence, or its document is the gold one."""
    return any(any(holds_evidence(item.text, piece) for piece in evidence) or doc_matches(item, doc)
               for item in cited)


def unsupported_figures(answer: str, sources: list[str]) -> list[str]:
    """Numbers in ``answer`` that occur in none of ``sources`` as a whole number ("3" is not held by "2023" nor
    by "3,5": read as a substring, any small invented number passed), leading zeros aside ("03" = "3")."""
    context = LEADING_ZEROS.sub("", normalize(" ".join(sources)))
    answer = without_citation_marks(answer)  # citation markers are not figures
    numbers = [LEADING_ZEROS.sub("", n) for n in _NUMBER.findall(normalize(answer))]
    return [n for n in numbers if not re.search(_BEFORE_NUMBER + re.escape(n) + _AFTER_NUMBER, context)]


def refusal_scores(pairs: list[tuple[bool, bool]]) -> tuple[float, float]:
    """(precision, recall) of refusals from (refused, should_refuse) pairs; NaN when undefined."""
    refused = [should for did, should in pairs if did]
    should = [did for did, must in pairs if must]
    precision = sum(refused) / len(refused) if refused else float("nan")
    recall = sum(should) / len(should) if should else float("nan")
    return precision, recall


def _squad_tokens(text: str, canonical: Callable[[str], str] = normalize) -> list[str]:
    return re.sub(r"[^\w\s]", " ", canonical(text)).split()


def gold_inside(prediction: str, answers: list[str]) -> bool:
    """Whether one gold answer occurs in the prediction, as SQuAD normalises text (case, punctuation), with dates
    in one form or as written (as ``contains`` reads them): "năm 1943" is inside "ngày 7 tháng 1 năm 1943", whose
    normal form is "7/1/1943"."""
    for canonical in (normalize, fold):
        said = " " + " ".join(_squad_tokens(prediction, canonical)) + " "
        if any(gold and f" {' '.join(gold)} " in said for gold in (_squad_tokens(a, canonical) for a in answers)):
            return True
    return False


def squad_exact_match(prediction: str, answers: list[str]) -> float:
    return float(any(_squad_tokens(prediction) == _squad_tokens(a) for a in answers))


def squad_f1(prediction: str, answers: list[str]) -> float:
    """Token F1 as SQuAD computes it (best over the gold answers)."""
    best = 0.0
    predicted = _squad_tokens(prediction)
    for answer in answers:
        gold = _squad_tokens(answer)
        common = sum((Counter(predicted) & Counter(gold)).values())
        if common == 0:
            continue
        precision, recall = common / len(predicted), common / len(gold)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
