"""The targets table scored against a hand-written gold table: recall and precision of the extraction, the
fields of the matched records, and the verdicts of the national–provincial alignment.

A predicted record matches a gold one when the document, the year and the figure(s) agree and the two quotes
overlap (one holds the other, or they share a stretch of 30 characters). Precision counts only predictions in
the gold's scope: the documents it covers, under the top-level sections it covers (a gold table for section II
says nothing about section III)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from nghiquyet.core.errors import NghiQuyetError
from nghiquyet.core.textnorm import fold
from nghiquyet.index.targets import Alignment, TargetRecord, unit_key

QUOTE_OVERLAP = 30


@dataclass
class TargetScore:
    gold: int
    predicted_in_scope: int
    matched: int
    fields_right: dict[str, int] = field(default_factory=dict)
    missed: list[dict[str, Any]] = field(default_factory=list)
    extra: list[TargetRecord] = field(default_factory=list)
    verdicts_right: int = 0
    verdicts: int = 0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def precision(self) -> float:
        return self.matched / self.predicted_in_scope if self.predicted_in_scope else 0.0

    def report(self) -> str:
        lines = [f"Chỉ tiêu trong bảng chuẩn: {self.gold}; trích được trong phạm vi: {self.predicted_in_scope}; "
                 f"khớp: {self.matched}",
                 f"recall {self.recall:.1%}, precision {self.precision:.1%}"]
        if self.matched:
            lines.append("Trường đúng trên các bản ghi khớp: " + ", ".join(
                f"{name} {right}/{self.matched}" for name, right in self.fields_right.items()))
        if self.verdicts:
            lines.append(f"Kết luận so sánh đúng: {self.verdicts_right}/{self.verdicts}")
        lines += [f"  thiếu: {g['document']} {g['year']} {g['value']} — {g['indicator']}" for g in self.missed]
        lines += [f"  thừa: {r.document} {r.year} {r.value} — {r.indicator}" for r in self.extra]
        return "\n".join(lines)


def load_gold(path: Path) -> list[dict[str, Any]]:
    try:
        return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except (OSError, json.JSONDecodeError) as exc:
        raise NghiQuyetError(f"Không đọc được bảng chỉ tiêu chuẩn {path}: {exc}") from exc


def _quotes_overlap(a: str, b: str) -> bool:
    """Whether two quotes are of the same passage: one holds the other, or they share a long stretch (table
    rows are compared without their cell separators)."""
    a, b = (" ".join(fold(x).replace("|", " ").split()) for x in (a, b))
    if a in b or b in a:
        return True
    match = SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return match.size >= min(QUOTE_OVERLAP, 0.6 * min(len(a), len(b)))


def _document_key(record: TargetRecord, gold: dict[str, Any]) -> str:
    """A gold table over files names each record's file; one over a corpus names the document."""
    return fold(record.source) if gold.get("file") else fold(record.document)


def _matches(record: TargetRecord, gold: dict[str, Any]) -> bool:
    return (_document_key(record, gold) == fold(gold.get("file") or gold["document"]) and record.year == gold["year"]
            and record.number == gold["number"] and record.number_max == gold.get("number_max")
            and _quotes_overlap(record.quote, gold["quote"]))


def _top_section(section: str) -> str:
    return fold(section.split(" › ")[0])


def score_targets(records: list[TargetRecord], gold: list[dict[str, Any]],
                  alignments: list[Alignment] | None = None,
                  gold_alignment: list[dict[str, Any]] | None = None) -> TargetScore:
    by_file = any(g.get("file") for g in gold)
    if by_file:  # a gold table over whole files: every record of those files is in scope
        files = {fold(g["file"]) for g in gold}
        in_scope = [r for r in records if r.quotes is None and fold(r.source) in files]
    else:
        scope = {(fold(g["document"]), _top_section(g.get("section") or "")) for g in gold}
        in_scope = [r for r in records if r.quotes is None and (fold(r.document), _top_section(r.section)) in scope]
    score = TargetScore(gold=len(gold), predicted_in_scope=len(in_scope), matched=0,
                        fields_right={"comparator": 0, "unit": 0, "year": 0})
    used: set[int] = set()
    matched_gold: dict[int, TargetRecord] = {}
    for index, expected in enumerate(gold):
        found = next((i for i, r in enumerate(in_scope) if i not in used and _matches(r, expected)), None)
        if found is None:
            score.missed.append(expected)
            continue
        used.add(found)
        record = in_scope[found]
        matched_gold[index] = record
        score.matched += 1
        score.fields_right["comparator"] += record.comparator == expected["comparator"]
        score.fields_right["unit"] += unit_key(record.unit) == unit_key(expected["unit"])
        score.fields_right["year"] += record.year == expected["year"]
    score.extra = [r for i, r in enumerate(in_scope) if i not in used]
    if alignments is not None and gold_alignment:
        _score_verdicts(score, alignments, gold_alignment, gold, matched_gold)
    return score


def _score_verdicts(score: TargetScore, alignments: list[Alignment], gold_alignment: list[dict[str, Any]],
                    gold: list[dict[str, Any]], matched: dict[int, TargetRecord]) -> None:
    """A gold alignment row is right when our alignment pairs the same two matched records (or leaves the same
    side alone) with the same verdict."""
    def record_for(indicator: str | None, year: int, national: bool) -> TargetRecord | None:
        if indicator is None:
            return None
        for index, expected in enumerate(gold):
            is_national = expected.get("level") == "quốc gia"
            if expected["indicator"] == indicator and expected["year"] == year and is_national == national:
                return matched.get(index)
        return None

    by_pair = {(id(a.national) if a.national else None, id(a.provincial) if a.provincial else None): a.verdict
               for a in alignments}
    by_national = {id(a.national): a for a in alignments if a.national is not None}
    for row in gold_alignment:
        score.verdicts += 1
        national = record_for(row.get("indicator_57"), row["year"], True)
        provincial = record_for(row.get("indicator_67"), row["year"], False)
        if national is not None and provincial is not None:
            score.verdicts_right += by_pair.get((id(national), id(provincial))) == row["verdict"]
        elif national is not None and row.get("indicator_67") is None:
            found = by_national.get(id(national))
            score.verdicts_right += bool(found and found.provincial is None and found.verdict == row["verdict"])
