"""The targets table: every quantified target the loaded documents state, with its source, and the national
and provincial targets for the same indicator side by side.

Records come from the chunks (extracted at ingest time, ``Chunk.targets``) joined with their document's
metadata. Alignment pairs a provincial document's targets with the national ones for the same year: the
embedder (when given) proposes candidates by meaning, a word-overlap rule decides, one national target per
provincial one. The verdict compares the figures only where the units agree (GDP and GRDP are the same measure
at two levels).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Any

import numpy as np
from nghiquyet.core.lexicon import NATIONAL, NEWS_KIND
from nghiquyet.core.models import Target
from nghiquyet.core.textnorm import fold
from nghiquyet.index.corpus import Corpus
from nghiquyet.index.embedders import Embedder

VERDICTS = ("higher", "equal", "lower", "only_national", "only_provincial", "not_comparable")
# Shown to users (Vietnamese first).
VERDICT_LABELS = {"higher": "cao hơn", "equal": "bằng", "lower": "thấp hơn", "only_national": "chỉ Trung ương",
                  "only_provincial": "chỉ tỉnh", "not_comparable": "không so được"}
COMPARATOR_SIGNS = {">=": "≥", ">": ">", "=": "=", "<=": "≤", "<": "<", "range": "khoảng", "approx": "≈",
                    "rank": "nhóm"}
MATCH_OVERLAP = 0.5  # share of indicator words two targets must share to be the same indicator
CANDIDATES = 3  # national targets the embedder proposes for each provincial one


@dataclass(frozen=True)
class TargetRecord:
    """One row of the targets table: the target, the document and clause it comes from."""

    document: str  # the document's number as written ("67-CTr/TU"), else its title
    doc_id: str
    kind: str
    level: str | None
    province: str | None
    source: str
    year: int
    indicator: str
    value: str
    comparator: str
    number: float
    number_max: float | None
    unit: str
    section: str
    quote: str
    chunk_id: str
    pages: list[int]
    quotes: str | None = None  # the document this one restates, when its text names it ("… Chương trình số 67")

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Alignment:
    """A national and a provincial target for the same indicator and year (either side may be missing)."""

    year: int
    provincial_document: str | None
    national: TargetRecord | None
    provincial: TargetRecord | None
    verdict: str
    similarity: float

    def to_json(self) -> dict[str, Any]:
        return {"year": self.year, "provincial_document": self.provincial_document, "verdict": self.verdict,
                "similarity": round(self.similarity, 3),
                "national": self.national.to_json() if self.national else None,
                "provincial": self.provincial.to_json() if self.provincial else None}


def target_records(corpus: Corpus) -> list[TargetRecord]:
    """Every target of every loaded document, in reading order, each once (overlapping pieces of a long clause
    state the same target twice), with the document it restates where its text says so."""
    records: list[TargetRecord] = []
    seen: set[tuple[str, str, str]] = set()
    for doc_id, chunks in corpus.chunks_by_doc.items():
        document = corpus.documents[doc_id]
        for chunk in chunks:
            for data in chunk.targets:
                target = Target.from_dict(data)
                key = (doc_id, target.quote, target.value)
                if key in seen:
                    continue
                seen.add(key)
                records.append(TargetRecord(
                    document=document.number or document.title, doc_id=doc_id, kind=document.kind,
                    level=document.level, province=document.province, source=document.source, year=target.year,
                    indicator=target.indicator, value=target.value, comparator=target.comparator,
                    number=target.number, number_max=target.number_max, unit=target.unit, section=chunk.section,
                    quote=target.quote, chunk_id=chunk.chunk_id, pages=sorted(set(chunk.pages))))
    return _link_restated(records, corpus)


def _same_figure(a: TargetRecord, b: TargetRecord) -> bool:
    return (a.year, a.number, a.number_max, unit_key(a.unit)) == (b.year, b.number, b.number_max, unit_key(b.unit))


def _link_restated(records: list[TargetRecord], corpus: Corpus) -> list[TargetRecord]:
    """A record restates another document's target when its section or its clause names that document's number
    and that document sets the same figure for the same year. (A title that names a resolution is not enough: a
    programme that implements it sets its own targets, often the same figures.)"""
    by_number: dict[str, list[TargetRecord]] = {}
    for record in records:
        number = corpus.documents[record.doc_id].number
        if number:
            by_number.setdefault(number, []).append(record)
    linked: list[TargetRecord] = []
    for record in records:
        where = fold(f"{record.section} {record.quote}")
        original = next((number for number, theirs in by_number.items()
                         if theirs[0].doc_id != record.doc_id and fold(number) in where
                         and any(_same_figure(record, other) for other in theirs)), None)
        linked.append(dataclasses.replace(record, quotes=original) if original else record)
    return linked


def filter_records(records: list[TargetRecord], document: str | None = None, level: str | None = None,
                   province: str | None = None, year: int | None = None) -> list[TargetRecord]:
    """Records of one document (its number or a part of its title), level, province and year."""
    def keep(record: TargetRecord) -> bool:
        return ((document is None or fold(document) in fold(record.document))
                and (level is None or fold(level) == fold(record.level or ""))
                and (province is None or fold(province) == fold(record.province or ""))
                and (year is None or record.year == year))
    return [record for record in records if keep(record)]


def unit_key(unit: str) -> str:
    """Units that measure the same thing at two levels compare equal: '% GDP' and '% GRDP'."""
    return re.sub(r"\s+", "", fold(unit).replace("grdp", "gdp"))


_LEVEL_WORDS = re.compile(r"\b(?:của tỉnh|toàn tỉnh|cả nước|toàn quốc|quốc gia|tỉnh|việt nam)\b")


def _words(indicator: str) -> set[str]:
    text = fold(indicator).replace("tỷ", "tỉ").replace("grdp", "gdp")
    text = _LEVEL_WORDS.sub(" ", re.sub(r"\([^)]*\)", lambda m: m.group(0)[1:-1], text))
    return {word for word in re.findall(r"\w+", text) if len(word) > 1 or word.isdigit()}


def indicator_overlap(a: str, b: str) -> float:
    """Dice overlap of two indicators' words, spelling variants and level words aside."""
    left, right = _words(a), _words(b)
    return 2 * len(left & right) / (len(left) + len(right)) if left and right else 0.0


def _strength(record: TargetRecord) -> tuple[float, int]:
    """How demanding a target is, for comparing two of the same unit: the (lower) figure, then '>' over '≥'/'='.
    Ranks and caps are more demanding when smaller."""
    sign = -1.0 if record.comparator in ("rank", "<=", "<") else 1.0
    return sign * record.number, 1 if record.comparator in (">", "<") else 0


def verdict(national: TargetRecord, provincial: TargetRecord) -> str:
    """The provincial target against the national one: higher, equal, lower, or not comparable."""
    if unit_key(national.unit) != unit_key(provincial.unit) or national.year != provincial.year:
        return "not_comparable"
    ours, theirs = _strength(provincial), _strength(national)
    if ours == theirs:
        return "equal" if national.number_max == provincial.number_max else "not_comparable"
    return "higher" if ours > theirs else "lower"


def _similarities(national: list[TargetRecord], provincial: list[TargetRecord],
                  embedder: Embedder | None) -> np.ndarray:
    if embedder is None or not national or not provincial:
        return np.zeros((len(provincial), len(national)), dtype=np.float32)
    left = _indicator_vectors([f"{r.indicator} ({r.unit})" for r in provincial], embedder)
    right = _indicator_vectors([f"{r.indicator} ({r.unit})" for r in national], embedder)
    return np.asarray(left @ right.T, dtype=np.float32)


# Indicator vectors already computed, by embedder and text: the table is rebuilt on every click in the UI and
# on every `targets` call, and its indicators rarely change (bounded: cleared when it grows past the limit).
_VECTORS: dict[tuple[str, str], np.ndarray] = {}
VECTOR_MEMO_LIMIT = 20_000


def _indicator_vectors(texts: list[str], embedder: Embedder) -> np.ndarray:
    missing = list(dict.fromkeys(t for t in texts if (embedder.name, t) not in _VECTORS))
    if missing:
        if len(_VECTORS) + len(missing) > VECTOR_MEMO_LIMIT:
            _VECTORS.clear()
        for text, vector in zip(missing, embedder.embed_passages(missing), strict=True):
            _VECTORS[(embedder.name, text)] = np.asarray(vector, dtype=np.float32)
    return np.stack([_VECTORS[(embedder.name, t)] for t in texts])


def align(records: list[TargetRecord], embedder: Embedder | None = None) -> list[Alignment]:
    """Each provincial document's targets against the national ones, year by year. Restated copies (records
    that quote another document) and news articles are left out: they set no target of their own."""
    originals = [r for r in records if r.quotes is None and r.kind != NEWS_KIND]
    national = [r for r in originals if r.level == NATIONAL]
    provincial_docs: dict[str, list[TargetRecord]] = {}
    for record in originals:
        if record.level != NATIONAL:
            provincial_docs.setdefault(record.document, []).append(record)
    rows: list[Alignment] = []
    for name, provincial in provincial_docs.items():
        rows.extend(_align_one(name, national, provincial, embedder))
    return rows


def _align_one(name: str, national: list[TargetRecord], provincial: list[TargetRecord],
               embedder: Embedder | None) -> list[Alignment]:
    meaning = _similarities(national, provincial, embedder)
    proposals: list[tuple[float, int, int]] = []
    for i, ours in enumerate(provincial):
        same_year = [j for j, theirs in enumerate(national) if theirs.year == ours.year]
        if embedder is not None:
            same_year = sorted(same_year, key=lambda j: -meaning[i, j])[:CANDIDATES]
        for j in same_year:
            overlap = indicator_overlap(ours.indicator, national[j].indicator)
            if overlap >= MATCH_OVERLAP:
                proposals.append((overlap + float(meaning[i, j]), i, j))
    used_national: set[int] = set()
    used_provincial: set[int] = set()
    rows: list[Alignment] = []
    for score, i, j in sorted(proposals, reverse=True):
        if i in used_provincial or j in used_national:
            continue
        used_provincial.add(i)
        used_national.add(j)
        rows.append(Alignment(provincial[i].year, name, national[j], provincial[i],
                              verdict(national[j], provincial[i]), indicator_overlap(
                                  provincial[i].indicator, national[j].indicator)))
    years = {r.year for r in provincial}
    rows += [Alignment(r.year, name, None, r, "only_provincial", 0.0)
             for i, r in enumerate(provincial) if i not in used_provincial]
    rows += [Alignment(r.year, name, r, None, "only_national", 0.0)
             for j, r in enumerate(national) if j not in used_national and r.year in years]
    order = {id(r): k for k, r in enumerate(national + provincial)}
    return sorted(rows, key=lambda a: (a.year, order[id(a.national or a.provincial)]))
