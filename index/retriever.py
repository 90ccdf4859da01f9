"""Hybrid retrieval: dense (e5 in FAISS) and sparse (BM25) candidates fused, filtered by document
metadata, de-duplicated, merged per clause and cut at a context budget in characters.

Comparisons ("NQ57 và CTr67 khác nhau thế nào", "Sóc Trăng so với Quảng Trị") retrieve for each side
separately and interleave the results, so each side gets room in the budget.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from index.abbreviations import AbbreviationExpander
from index.embedders import Embedder, create_embedder
from index.store import IndexData, load_index, versions
from index.tokenizer import tokenize
from nghiquyet.config import Settings
from nghiquyet.errors import ConfigError, QuestionError
from nghiquyet.models import Chunk, Document, Hit
from nghiquyet.textnorm import fold, years_in

log = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 2000
FUSION_MODES = ("rrf", "weighted")
RETRIEVAL_MODES = ("hybrid", "dense", "sparse")
_COMPARISON = re.compile(r"\b(so sánh|so với|khác nhau|khác gì|khác biệt|giống nhau|compare|comparison|versus|vs\.?|differ)\b",
                         re.I)
_META_INTENT = re.compile(
    r"(ai ký|người ký|ký ngày|ký khi nào|ký vào|ngày ban hành|ban hành ngày|ban hành khi nào|ban hành vào|"
    r"số hiệu|mang số|cơ quan nào ban hành|ai ban hành|do ai|who signed|signed by|signatory|"
    r"when was|date of|issued|issuing body|what number)", re.I)
_FIGURE_INTENT = re.compile(
    r"(bao nhiêu|mấy|tỷ lệ|tỉ lệ|chỉ tiêu|mục tiêu|quy mô|tối thiểu|phần trăm|how many|how much|percent|"
    r"target|goal|rate|share)", re.I)
_FIGURE = re.compile(r"\d+([.,]\d+)?\s*%|\d+\s*(người|doanh nghiệp|tổ chức|nước)")
FIGURE_BOOST = 0.15
_LIST_INTENT = re.compile(r"(gồm những|gồm các|những gì|(những|các)( nhóm)? (nhiệm vụ|giải pháp|mục tiêu|quan điểm|"
                          r"nội dung|chỉ tiêu)|liệt kê|kể tên|bao gồm|list|what are|which tasks|main tasks)", re.I)
_CODE = re.compile(r"\d+\s*[-/]\s*[A-Za-zĐđ]+(?:\s*[-/]\s*[A-Za-zĐđ]+)+")
CODE_MATCH_BOOST = 1.0
YEAR_MATCH_BOOST = 0.2
YEAR_MISMATCH_PENALTY = 0.15
_KIND_WORDS = re.compile(r"(nghị quyết|chương trình|hướng dẫn|kế hoạch|quyết định|chỉ thị|kết luận|đề án|"
                         r"resolution|programme|program|guidance|plan)", re.I)
_KIND_ALIASES = {"resolution": "nghị quyết", "programme": "chương trình", "program": "chương trình",
                 "guidance": "hướng dẫn", "plan": "kế hoạch"}
OUTLINE_BOOST = 0.3
_MENTION = re.compile(r"(?i)\b(nghị quyết|chương trình|hướng dẫn|kế hoạch|nq|ctr|ct)\s*(số\s*)?\d+(\s*-\s*[\wđĐ]+/[\wđĐ]+)?")
MENTIONED_DOC_BOOST = 0.5
PROVINCE_BOOST = 0.25
_DOC_NUMBER_MENTION = re.compile(r"(?<!\d)(\d{1,4})(?:\s*-\s*[A-Za-zĐđ]+/[A-Za-zĐđ]+)?(?!\d)")


@dataclass
class SearchFilters:
    """Restrict a search by document metadata. Empty lists mean no restriction."""

    docs: list[str] = field(default_factory=list)  # doc_id, number ("57-NQ/TW") or bare number ("57")
    kinds: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.docs or self.kinds or self.levels or self.provinces or self.years)

    def matches(self, document: Document) -> bool:
        if self.docs and not any(_names_document(ref, document) for ref in self.docs):
            return False
        if self.kinds and fold(document.kind) not in {fold(k) for k in self.kinds}:
            return False
        if self.levels and fold(document.level or "") not in {fold(v) for v in self.levels}:
            return False
        if self.provinces and fold(document.province or "") not in {fold(p) for p in self.provinces}:
            return False
        if self.years and (not document.date or date.fromisoformat(document.date).year not in self.years):
            return False
        return True


def _names_document(ref: str, document: Document) -> bool:
    ref_folded = fold(ref)
    if ref_folded in (fold(document.doc_id), fold(document.number or "")):
        return True
    number = fold(document.number or "")
    return bool(number) and ref_folded.isdigit() and number.split("-")[0].split("/")[0] == ref_folded


def validate_question(question: str) -> str:
    text = " ".join((question or "").split())
    if not text:
        raise QuestionError("Câu hỏi đang trống. Hãy nhập nội dung cần tìm, ví dụ: "
                            "“Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?”")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(f"Câu hỏi dài {len(text)} ký tự, vượt giới hạn {MAX_QUESTION_CHARS}. "
                            "Hãy rút gọn câu hỏi hoặc tách thành nhiều câu hỏi nhỏ.")
    return text


class HybridRetriever:
    """Search an index with BM25, dense vectors or both."""

    def __init__(self, data: IndexData, embedder: Embedder, settings: Settings,
                 abbreviations: AbbreviationExpander | None = None) -> None:
        self.data = data
        self.embedder = embedder
        self.settings = settings
        self.abbreviations = abbreviations or AbbreviationExpander({})
        if settings.fusion not in FUSION_MODES:
            raise ConfigError(f"Cách gộp kết quả '{settings.fusion}' không có; chọn {' hoặc '.join(FUSION_MODES)}.")
        self._doc_rows: dict[str, np.ndarray] = {}
        rows: dict[str, list[int]] = {}
        for row, chunk in enumerate(data.chunks):
            rows.setdefault(chunk.doc_id, []).append(row)
        self._doc_rows = {doc_id: np.asarray(r, dtype=np.int64) for doc_id, r in rows.items()}
        self._row_of = {chunk.chunk_id: row for row, chunk in enumerate(data.chunks)}

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder | None = None) -> "HybridRetriever":
        from ingest.pipeline import chunker_config

        embedder = embedder or create_embedder(settings)
        data = load_index(settings.index_dir, versions(embedder.name, embedder.dim, chunker_config(settings)))
        return cls(data, embedder, settings, AbbreviationExpander.load(settings.abbreviations_file))

    # -- candidate generation -------------------------------------------------------------------
    def _allowed_rows(self, filters: SearchFilters | None) -> np.ndarray | None:
        if filters is None or filters.is_empty():
            return None
        keep = [self._doc_rows[d.doc_id] for d in self.data.documents.values()
                if filters.matches(d) and d.doc_id in self._doc_rows]
        return np.concatenate(keep) if keep else np.zeros(0, dtype=np.int64)

    def _candidates(self, query: str, mode: str, allowed: np.ndarray | None) -> dict[int, dict[str, float]]:
        pool = self.settings.candidates
        found: dict[int, dict[str, float]] = {}
        if mode in ("hybrid", "dense"):
            scores, rows = self.data.vectors.search(self.embedder.embed_query(query), pool, allowed)
            for rank, (score, row) in enumerate(zip(scores, rows)):
                found.setdefault(int(row), {})
                found[int(row)].update(dense_rank=rank, dense_score=float(score))
        if mode in ("hybrid", "sparse"):
            scores, rows = self.data.bm25.search(query, pool, allowed)
            for rank, (score, row) in enumerate(zip(scores, rows)):
                found.setdefault(int(row), {})
                found[int(row)].update(sparse_rank=rank, sparse_score=float(score))
        return found

    def mentioned_documents(self, question: str) -> set[str]:
        """Documents the question names by number ("Nghị quyết 57", "NQ57", "67-CTr/TU")."""
        expanded = fold(self.abbreviations.expand(question))
        numbers = {m.group(1) for m in _DOC_NUMBER_MENTION.finditer(expanded)}
        named: set[str] = set()
        for document in self.data.documents.values():
            number = fold(document.number or "")
            head = number.split("-")[0].split("/")[0]
            if not head or head not in numbers:
                continue
            if number in expanded or fold(document.kind) in expanded:
                named.add(document.doc_id)
        return named

    def mentioned_provinces(self, question: str) -> set[str]:
        expanded = fold(self.abbreviations.expand(question))
        return {d.province for d in self.data.documents.values()
                if d.province and fold(d.province) in expanded}

    def _boost(self, ranked: list[tuple[int, float]], question: str) -> list[tuple[int, float]]:
        """Prefer the document the question is about, the documents of a province it names, clauses with figures
        when the question asks for a target or a quantity, sections about the year it names, and clauses
        that quote a document code it names ("03/NQ-CP")."""
        named = self.subject_documents(question)
        provinces = self.mentioned_provinces(question)
        wants_figure = bool(_FIGURE_INTENT.search(question))
        wants_list = bool(_LIST_INTENT.search(question))
        years = years_in(question)
        codes = {_compact(m.group(0)) for m in _CODE.finditer(question)}
        if not named and not provinces and not wants_figure and not wants_list and not years and not codes:
            return ranked
        boosted = []
        for row, score in ranked:
            chunk = self.data.chunks[row]
            document = self.data.documents[chunk.doc_id]
            factor = 1.0
            if wants_figure and chunk.kind == "clause" and _FIGURE.search(chunk.text):
                factor += FIGURE_BOOST
            if wants_list and chunk.kind == "outline":
                factor += OUTLINE_BOOST
            if codes and any(code in _compact(chunk.text) for code in codes):
                factor += CODE_MATCH_BOOST
            if years:
                section_years = years_in(chunk.section)
                if section_years & years:
                    factor += YEAR_MATCH_BOOST
                elif section_years:
                    factor -= YEAR_MISMATCH_PENALTY
            if document.doc_id in named:
                factor += MENTIONED_DOC_BOOST
            if document.province in provinces:
                factor += PROVINCE_BOOST
            boosted.append((row, score * factor))
        return sorted(boosted, key=lambda item: item[1], reverse=True)

    def subject_documents(self, question: str) -> set[str]:
        """The document a who/when question is about: the first document kind it names, with its number
        if one follows ("Ai ký Chương trình 67", "Hướng dẫn ... Nghị quyết 57 ... do ai ký" is the guidance)."""
        match = _KIND_WORDS.search(question)
        if not match:
            return self.mentioned_documents(question)
        kind = _KIND_ALIASES.get(match.group(1).lower(), fold(match.group(1)))
        following = question[match.end():match.end() + 24]
        number = re.match(r"\s*(?:số\s*)?(\d+)", following)
        chosen = set()
        for document in self.data.documents.values():
            if fold(document.kind) != kind:
                continue
            head = fold(document.number or "").split("-")[0].split("/")[0]
            if number is None or head == number.group(1):
                chosen.add(document.doc_id)
        return chosen or self.mentioned_documents(question)

    def _with_cards(self, ranked: list[tuple[int, float]], question: str) -> list[tuple[int, float]]:
        """For who/when/which-number questions, put the cards of the document asked about first."""
        if not _META_INTENT.search(question):
            return ranked
        named = self.subject_documents(question)
        top = ranked[0][1] if ranked else 1.0
        cards = [row for row, chunk in enumerate(self.data.chunks)
                 if chunk.kind == "card" and (not named or chunk.doc_id in named)]
        if len(cards) > 3:
            return ranked  # no document named among many: let the cards compete on their own scores
        card_rows = set(cards)
        return [(row, top * 2) for row in cards] + [(r, s) for r, s in ranked if r not in card_rows]

    def _with_outlines(self, ranked: list[tuple[int, float]], question: str) -> list[tuple[int, float]]:
        """For list questions, bring in the outlines whose heading the question names."""
        if not _LIST_INTENT.search(question):
            return ranked
        words = {t for t in tokenize(question) if "__" not in t}
        named = self.mentioned_documents(question)
        top = ranked[0][1] if ranked else 1.0
        picked: list[tuple[int, float]] = []
        for row, chunk in enumerate(self.data.chunks):
            if chunk.kind != "outline" or (named and chunk.doc_id not in named):
                continue
            heading = {t for t in tokenize(_strip_marker(chunk.heading_path[-1])) if "__" not in t}
            overlap = len(heading & words) / len(heading) if heading else 0.0
            if overlap >= 0.6:
                picked.append((row, top * (1.0 + OUTLINE_BOOST * overlap)))
        if not picked:
            return ranked
        rows = {row for row, _ in picked}
        return sorted(picked + [(r, s) for r, s in ranked if r not in rows], key=lambda item: item[1], reverse=True)

    def _fuse(self, found: dict[int, dict[str, float]], mode: str) -> list[tuple[int, float]]:
        if mode == "dense":
            ranked = [(row, v["dense_score"]) for row, v in found.items()]
        elif mode == "sparse":
            ranked = [(row, v["sparse_score"]) for row, v in found.items()]
        elif self.settings.fusion == "weighted":
            sparse_max = max((v.get("sparse_score", 0.0) for v in found.values()), default=0.0) or 1.0
            ranked = [(row, 0.5 * v.get("dense_score", 0.0) + 0.5 * v.get("sparse_score", 0.0) / sparse_max)
                      for row, v in found.items()]
        else:
            k = self.settings.rrf_k
            weights = {"dense_rank": self.settings.dense_weight, "sparse_rank": 1.0}
            ranked = [(row, sum(weights[name] / (k + 1 + v[name]) for name in weights if name in v))
                      for row, v in found.items()]
        return sorted(ranked, key=lambda item: item[1], reverse=True)

    # -- result shaping ---------------------------------------------------------------------------
    def _hits(self, ranked: list[tuple[int, float]], found: dict[int, dict[str, float]]) -> list[Hit]:
        """One hit per clause: parts of the same clause merge into one hit, in reading order."""
        by_clause: dict[str, Hit] = {}
        parts: dict[str, dict[int, str]] = {}
        ordered: list[Hit] = []
        for row, score in ranked:
            chunk: Chunk = self.data.chunks[row]
            info = found.get(row, {})
            parts.setdefault(chunk.clause_id, {})[chunk.part] = chunk.text
            if chunk.clause_id in by_clause:
                continue
            hit = Hit(chunk=chunk, document=self.data.documents[chunk.doc_id], score=score,
                      dense_rank=_opt_int(info.get("dense_rank")), sparse_rank=_opt_int(info.get("sparse_rank")),
                      dense_score=info.get("dense_score"), sparse_score=info.get("sparse_score"))
            by_clause[chunk.clause_id] = hit
            ordered.append(hit)
        for hit in ordered:
            pieces = parts[hit.chunk.clause_id]
            if len(pieces) > 1:
                hit.text = " ".join(pieces[p] for p in sorted(pieces))
        return ordered

    @staticmethod
    def _within_budget(hits: list[Hit], k: int, budget: int) -> list[Hit]:
        """Best hits first until ``k`` or the budget; text already given (the guidance quotes the
        programme word for word) is not given twice: the better-ranked copy is the one cited."""
        kept: list[Hit] = []
        seen: list[str] = []
        used = 0
        for hit in hits:
            if len(kept) >= k:
                break
            if kept and used + len(hit.text) > budget:
                continue  # a shorter hit further down may still fit
            key = dedupe_key(hit.text)
            if any(key in earlier for earlier in seen):
                continue
            kept.append(hit)
            seen.append(key)
            used += len(hit.text)
        return kept

    def comparison_sides(self, question: str) -> list[SearchFilters]:
        """The documents or provinces a comparison question sets side by side (empty if none)."""
        expanded = fold(self.abbreviations.expand(question))
        provinces = sorted({d.province for d in self.data.documents.values()
                            if d.province and fold(d.province) in expanded})
        if len(provinces) >= 2:  # "Quảng Trị và Sóc Trăng ...": one side per province
            return [SearchFilters(provinces=[p]) for p in provinces]
        if not _COMPARISON.search(question):
            return []
        sides: list[SearchFilters] = []
        numbers = {m.group(1) for m in _DOC_NUMBER_MENTION.finditer(expanded)}
        for document in self.data.documents.values():
            head = fold(document.number or "").split("-")[0]
            if head and head in numbers and not any(document.doc_id in s.docs for s in sides):
                sides.append(SearchFilters(docs=[document.doc_id]))
        return sides if len(sides) >= 2 else []

    def search(self, question: str, k: int | None = None, budget_chars: int | None = None,
               filters: SearchFilters | None = None, mode: str = "hybrid") -> list[Hit]:
        """The best clauses for ``question``, at most ``k`` and within ``budget_chars`` characters."""
        if mode not in RETRIEVAL_MODES:
            raise ValueError(f"mode must be one of {RETRIEVAL_MODES}")
        question = validate_question(question)
        k = k or self.settings.default_k
        budget = budget_chars or self.settings.context_budget_chars
        query = self.abbreviations.expand(question)
        sides = self.comparison_sides(question) if filters is None or filters.is_empty() else []
        if sides:
            # Each side is held by its filter, so the names of the sides leave the query.
            topic = _MENTION.sub(" ", question)
            for side in sides:
                for province in side.provinces:
                    topic = re.sub(re.escape(province), " ", topic, flags=re.I)
            side_query = self.abbreviations.expand(" ".join(topic.split())) if topic.strip() else query
            per_side = [self._search_one(question, side_query, mode, side) for side in sides]
            interleaved = [hit for group in _zip_longest(per_side) for hit in group]
            return self._within_budget(_unique(interleaved), k, budget)
        return self._within_budget(self._search_one(question, query, mode, filters), k, budget)

    def _search_one(self, question: str, query: str, mode: str, filters: SearchFilters | None) -> list[Hit]:
        allowed = self._allowed_rows(filters)
        found = self._candidates(query, mode, allowed)
        ranked = self._boost(self._fuse(found, mode), question)
        ranked = self._with_outlines(ranked, question)
        if allowed is None:
            ranked = self._with_cards(ranked, question)
        return self._hits(ranked, found)


def dedupe_key(text: str) -> str:
    """Two clauses with this same key say the same thing (a document quoting another)."""
    return re.sub(r"^[\W\d]*", "", fold(text))  # compare without the leading marker ("(2)", "-")


def _compact(text: str) -> str:
    """A document code without spaces, in folded case: "57- NQ/TW" -> "57-nq/tw"."""
    return re.sub(r"\s+", "", fold(text))


def _strip_marker(label: str) -> str:
    return re.sub(r"^(\(?[0-9IVXa-z.]+\)?[.\-–)]?\s+)", "", label)


def _opt_int(value: float | None) -> int | None:
    return None if value is None else int(value)


def _zip_longest(groups: list[list[Hit]]) -> list[list[Hit]]:
    longest = max((len(g) for g in groups), default=0)
    return [[g[i] for g in groups if i < len(g)] for i in range(longest)]


def _unique(hits: list[Hit]) -> list[Hit]:
    seen: set[str] = set()
    result: list[Hit] = []
    for hit in hits:
        if hit.chunk.clause_id not in seen:
            seen.add(hit.chunk.clause_id)
            result.append(hit)
    return result
