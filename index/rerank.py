"""Re-rank rules: small named functions of (query, ranked rows) that configuration can switch off
(``[retrieval] disabled_rules``), so the evaluation can measure what each one is worth.

Two shapes:
- a *boost* adds to a row's factor (score × (1 + Σ boosts)): prefer figures for a target question, the
  document the question is about, and so on;
- an *injection* brings rows in or moves them up: outlines for a list question, document cards for a
  who/when question.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Callable

from nghiquyet.core.lexicon import (
    TARGET_FIGURE,
    cites_kind,
    compact_code,
    effect_provision,
    is_attachment_named,
    row_rank,
    states_count_of,
)
from nghiquyet.core.models import Chunk, Document
from nghiquyet.core.tables import (
    cell_number,
    is_ordinal_header,
    is_total_row,
    named_label,
    names_row,
    row_cells,
    row_counts,
    rows_with_named_value,
    table_headers,
    words_of,
)
from nghiquyet.core.textnorm import years_in
from nghiquyet.index.corpus import Corpus
from nghiquyet.index.query import Query
from nghiquyet.index.tokenizer import tokenize

Ranked = list[tuple[int, float]]  # (row, score), best first

FIGURE_BOOST = 0.15
OUTLINE_BOOST = 0.3
CODE_MATCH_BOOST = 1.0
YEAR_MATCH_BOOST = 0.2
YEAR_MISMATCH_PENALTY = 0.15
SUBJECT_DOC_BOOST = 0.5
PROVINCE_BOOST = 0.25
OWN_EFFECT_BOOST = 1.0
OTHER_EFFECT_PENALTY = 0.5
CITED_KIND_BOOST = 0.5
NAMED_ROW_BOOST = 0.3
NAMED_ATTACHMENT_ROWS = 2  # of an attachment the question names, how many of its best-ranked clauses come first
OUTLINE_HEADING_OVERLAP = 0.6
MAX_CARDS_WITHOUT_SUBJECT = 3
EXTREME_LOOKUP = 10  # a table that answers a superlative is looked for among this many best rows
MAX_TIED_EXTREMES = 3  # rows tied for the largest or smallest number, at most this many come first
MAX_GROUP_ROWS = 12  # a row group a list question names comes whole when it has at most this many rows


def question_words(query: Query) -> frozenset[str]:
    """The words of the question as asked (and of its Vietnamese terms, for an English one), lower-cased."""
    return _words(f"{query.text} {query.translated}")


@functools.lru_cache(maxsize=64)
def _words(text: str) -> frozenset[str]:  # read once per question, not once per ranked row
    return frozenset(words_of(text))


# -- boosts: (query, chunk, document) -> how much to add to the row's factor ------------------------------
def figure_boost(query: Query, chunk: Chunk, document: Document) -> float:
    """A target or quantity question prefers clauses that state a figure: a number of what it counts when it
    says ("bao nhiêu điểm": "Đạt từ 90 điểm", not "20%"), else a percentage or a count of people or bodies."""
    if not query.wants_figure or chunk.kind != "clause":
        return 0.0
    if not query.counted:
        states = bool(TARGET_FIGURE.search(chunk.text))
    else:
        states = states_count_of(chunk.text, query.counted) or bool(
            chunk.table and row_counts(chunk.text, chunk.table, query.counted))
    return FIGURE_BOOST if states else 0.0


def named_row_boost(query: Query, chunk: Chunk, document: Document) -> float:
    """A table row whose label the question writes whole ("ngưỡng tồn trữ đối với khí dễ cháy cấp 1, cấp 2":
    the row "Khí dễ cháy cấp 1, cấp 2 | 10.000") is the row asked about: the rows beside it whose longer labels
    hold the same words ("Sol khí dễ cháy cấp 1 và cấp 2, …") share as many words with the question."""
    if not chunk.table or chunk.kind != "clause":
        return 0.0
    return NAMED_ROW_BOOST if names_row(chunk.text, chunk.table, question_words(query)) else 0.0


def list_outline_boost(query: Query, chunk: Chunk, document: Document) -> float:
    """A list question prefers outlines (a heading with its items)."""
    return OUTLINE_BOOST if query.wants_list and chunk.kind == "outline" else 0.0


def code_boost(query: Query, chunk: Chunk, document: Document) -> float:
    """A clause that quotes a document code the question writes ("03/NQ-CP")."""
    return CODE_MATCH_BOOST if query.codes and any(code in compact_code(chunk.text) for code in query.codes) else 0.0


def year_boost(query: Query, chunk: Chunk, document: Document) -> float:
    """Sections about the year asked about up, sections about another year down."""
    if not query.years:
        return 0.0
    section_years = years_in(chunk.section)
    if section_years & query.years:
        return YEAR_MATCH_BOOST
    return -YEAR_MISMATCH_PENALTY if section_years else 0.0


def subject_document_boost(query: Query, chunk: Chunk, document: Document) -> float:
    """The document the question is about."""
    return SUBJECT_DOC_BOOST if document.doc_id in query.subject_documents else 0.0


def province_boost(query: Query, chunk: Chunk, document: Document) -> float:
    """Documents of a province the question names."""
    return PROVINCE_BOOST if document.province in query.provinces else 0.0


def own_effect_boost(query: Query, chunk: Chunk, document: Document) -> float:
    """A question about when a document takes effect prefers that document's own provision ("Thông tư này có
    hiệu lực thi hành từ ngày …") to the forms in its appendices, which speak of other documents or leave the
    date blank."""
    if not query.asks_effect or chunk.kind != "clause":  # the provision itself, not an outline listing it
        return 0.0
    whose = effect_provision(chunk.text, document.kind)
    if whose == "own" and query.subject_documents and document.doc_id not in query.subject_documents:
        return 0.0  # another document's own provision: the question names the one it is about
    return OWN_EFFECT_BOOST if whose == "own" else -OTHER_EFFECT_PENALTY if whose == "other" else 0.0


def cited_kind_boost(query: Query, chunk: Chunk, document: Document) -> float:
    """A question asking which document of a kind ("theo đề nghị tại tờ trình nào?", "thay thế nghị quyết nào?")
    prefers the clauses that name a document of that kind by its number, in the document asked about when the
    question names one ("Theo đề nghị của … tại Tờ trình số 95/TTr-HĐTĐ …"): they share no more of the
    question's words than the clauses about its subject."""
    if not query.document_kind or chunk.kind != "clause":
        return 0.0
    if query.subject_documents and document.doc_id not in query.subject_documents:
        return 0.0
    return CITED_KIND_BOOST if cites_kind(chunk.text, query.document_kind, document.number) else 0.0


Boost = Callable[[Query, Chunk, Document], float]
BOOSTS: dict[str, Boost] = {"figure": figure_boost, "named_row": named_row_boost,
                            "list_outline": list_outline_boost, "code": code_boost, "year": year_boost,
                            "subject_document": subject_document_boost,
                            "province": province_boost, "own_effect": own_effect_boost,
                            "cited_kind": cited_kind_boost}


RowPicker = Callable[[list[tuple[int, Chunk, str]]], list[int]]  # of one table's rows (id, chunk, text), some


@dataclass(frozen=True)
class RuleContext:
    """What an injection may look at besides the ranking."""

    corpus: Corpus
    filtered: bool  # the search is restricted by filters (cards of other documents must not come in)


# -- injections: (ranked, query, context) -> ranked -------------------------------------------------------
def _strip_marker(label: str) -> str:
    return re.sub(r"^(\(?[0-9IVXa-z.]+\)?[.\-–)]?\s+)", "", label)


def list_outlines(ranked: Ranked, query: Query, context: RuleContext) -> Ranked:
    """For list questions, bring in the outlines whose heading the question names."""
    if not query.wants_list:
        return ranked
    words = {t for t in tokenize(query.text) if "__" not in t}
    named = query.mentioned_documents
    top = ranked[0][1] if ranked else 1.0
    picked: Ranked = []
    for row, chunk in enumerate(context.corpus.chunks):
        if chunk.kind != "outline" or (named and chunk.doc_id not in named):
            continue
        heading = {t for t in tokenize(_strip_marker(chunk.heading_path[-1])) if "__" not in t}
        overlap = len(heading & words) / len(heading) if heading else 0.0
        if overlap >= OUTLINE_HEADING_OVERLAP:
            picked.append((row, top * (1.0 + OUTLINE_BOOST * overlap)))
    if not picked:
        return ranked
    rows = {row for row, _ in picked}
    return sorted(picked + [(r, s) for r, s in ranked if r not in rows], key=lambda item: item[1], reverse=True)


def meta_cards(ranked: Ranked, query: Query, context: RuleContext) -> Ranked:
    """For who/when/which-number questions, put the cards of the document asked about first. When the question
    names a kind that many loaded documents share, without a number or enough of a title to tell which ("Quyết
    định công bố Chỉ số … của các sở và xã …: ai ký?" among four decisions), the one asked about is the one whose
    clauses the search ranked highest."""
    if not query.wants_meta or context.filtered:
        return ranked
    named = query.subject_documents
    top = ranked[0][1] if ranked else 1.0
    cards = [row for row, chunk in enumerate(context.corpus.chunks)
             if chunk.kind == "card" and (not named or chunk.doc_id in named)]
    if len(cards) > MAX_CARDS_WITHOUT_SUBJECT and named:
        chunks = context.corpus.chunks
        lead = next((chunks[row].doc_id for row, _ in ranked if chunks[row].doc_id in named), None)
        cards = [row for row in cards if chunks[row].doc_id == lead]
    if len(cards) > MAX_CARDS_WITHOUT_SUBJECT or not cards:
        return ranked  # no document named among many: let the cards compete on their own scores
    card_rows = set(cards)
    return [(row, top * 2) for row in cards] + [(r, s) for r, s in ranked if r not in card_rows]


def own_effect_provisions(ranked: Ranked, query: Query, context: RuleContext) -> Ranked:
    """For "có hiệu lực từ ngày nào?", the provision by which the document asked about takes effect ("1. Nghị
    quyết này có hiệu lực thi hành từ ngày …"), first: it shares few words with a question that names the
    document by its subject, so in a long document the clauses about that subject outrank it. The document is
    the one the question names, else the one of the first-ranked clause."""
    if not query.asks_effect_date or context.filtered or not ranked:
        return ranked
    chunks, documents = context.corpus.chunks, context.corpus.documents
    named = query.subject_documents
    asked = set(named) if named and len(named) <= MAX_CARDS_WITHOUT_SUBJECT else {chunks[ranked[0][0]].doc_id}
    # The documents in the order their clauses rank (a set's order changes from one run to the next: two
    # documents' provisions, tied, swapped places between runs of the same question).
    first_place: dict[str, int] = {}
    for place, (row, _) in enumerate(ranked):
        first_place.setdefault(chunks[row].doc_id, place)
    ordered = sorted(asked, key=lambda doc_id: (first_place.get(doc_id, len(ranked)), doc_id))
    provisions = [row for doc_id in ordered for row in context.corpus.rows_by_doc.get(doc_id, []).tolist()
                  if chunks[row].kind == "clause"
                  and effect_provision(chunks[row].text, documents[doc_id].kind) == "own"]
    if not provisions:
        return ranked
    top, brought = ranked[0][1], set(provisions)
    return [(row, top * 3) for row in provisions] + [(r, s) for r, s in ranked if r not in brought]


def extreme_rows(rows: list[tuple[int, str]], top: bool, bottom: bool) -> list[int]:
    """Of ``rows`` (id, text) of one table, the ids of the first-ranked (``top``) and last-ranked (``bottom``) by
    the table's rank column."""
    ranks = sorted((rank, row) for row, text in rows if (rank := row_rank(text)) is not None)
    if not ranks:
        return []
    return [row for wanted, (_, row) in ((top, ranks[0]), (bottom, ranks[-1])) if wanted]


def _group_label(chunk: Chunk) -> str:
    """The row group a table row is under ("I. CHỈ HUY NỔ MÌN (11 người)"), or its table's section."""
    return chunk.heading_path[-2] if len(chunk.heading_path) >= 2 else ""


def named_column_extremes(query: Query, rows: list[tuple[int, Chunk, str]], min_numbers: int = 2) -> list[int]:
    """Of one table's ``rows`` (id, chunk, text), those holding the largest or the smallest number
    (``query.extreme``) in the column the question names ("điểm thi thấp nhất": "Điểm thi"), among the rows of the
    group it names when the table has groups ("nhóm chỉ huy nổ mìn": "I. CHỈ HUY NỔ MÌN (11 người)"); ties all
    come, up to ``MAX_TIED_EXTREMES``. None when the question names no column, or the column is not one of
    numbers (at least ``min_numbers``, in at least half the rows: fewer when ``rows`` are only those retrieved,
    which the search has already narrowed to the extreme)."""
    if query.extreme is None or not rows:
        return []
    table = rows[0][1].table or ""
    words = question_words(query)
    column = named_label([h for h in table_headers(table) if not is_ordinal_header(h)], words)
    if column is None:
        return []
    if in_group := set(named_group(query, rows)):
        rows = [item for item in rows if item[0] in in_group]
    values = []
    for row, _, text in rows:
        if is_total_row(text, table):
            continue
        cell = next((cell for header, cell in row_cells(text, table) if header == column), None)
        if cell is not None and (value := cell_number(cell)) is not None:
            values.append((value, row))
    if len(values) < min_numbers or 2 * len(values) < len(rows):
        return []
    best = (max if query.extreme == "max" else min)(value for value, _ in values)
    return [row for value, row in values if value == best][:MAX_TIED_EXTREMES]


def superlative_rows(query: Query, rows: list[tuple[int, Chunk, str]], min_numbers: int = 2) -> list[int]:
    """Of one table's ``rows`` (id, chunk, text), the ones a superlative question asks for: by the column of
    numbers it names (``named_column_extremes``), else, for "which one ranks first / last?", by the table's rank
    column ("Thứ hạng: 14 | …")."""
    picked = named_column_extremes(query, rows, min_numbers)
    if picked or not (query.asks_top or query.asks_bottom):
        return picked
    return extreme_rows([(row, text) for row, _, text in rows], query.asks_top, query.asks_bottom)


def rows_of_first_table(ranked: Ranked, context: RuleContext, pick: RowPicker) -> Ranked:
    """The rows ``pick`` chooses, first, of the first table among the best-ranked rows (``EXTREME_LOOKUP``) of which
    it chooses any; ``ranked`` as it is when it chooses none."""
    chunks = context.corpus.chunks
    tables = dict.fromkeys(chunks[row].table_id for row, _ in ranked[:EXTREME_LOOKUP] if chunks[row].kind == "clause")
    for table in tables:
        if table is None:
            continue
        picked = pick([(row, chunks[row], chunks[row].text) for row in context.corpus.table_rows.get(table, [])])
        if picked:
            top, chosen = ranked[0][1], set(picked)
            return [(row, top * 2) for row in picked] + [(r, s) for r, s in ranked if r not in chosen]
    return ranked


def table_extremes(ranked: Ranked, query: Query, context: RuleContext) -> Ranked:
    """For "which one ranks first / last?" ("sở nào xếp cuối?", "xã nào dẫn đầu?") and "which has the largest /
    smallest …?" ("cụm nào có diện tích nhỏ nhất?"), the rows that answer it (``superlative_rows``): a row ranked
    14th, or the one with the smallest area, shares no more words with the question than the other rows."""
    if not (query.asks_top or query.asks_bottom or query.extreme):
        return ranked
    return rows_of_first_table(ranked, context, lambda rows: superlative_rows(query, rows))


def named_group(query: Query, rows: list[tuple[int, Chunk, str]]) -> list[int]:
    """Of one table's ``rows`` (id, chunk, text), those of the row group the question names ("nhóm thủ kho": "III.
    THỦ KHO (03 người)"), in the table's order; none when the table has no groups or the question names none."""
    groups = list(dict.fromkeys(_group_label(chunk) for _, chunk, _ in rows))
    group = named_label(groups, question_words(query)) if len(groups) > 1 else None
    return [row for row, chunk, _ in rows if group is not None and _group_label(chunk) == group]


def asks_for_group(query: Query) -> bool:
    """A question asking for several things, none of them a largest, smallest, first or last one."""
    return query.asks_several and not (query.extreme or query.asks_top or query.asks_bottom)


def group_rows(ranked: Ranked, query: Query, context: RuleContext) -> Ranked:
    """For a question asking for several things of a table's row group it names ("Nhóm thủ kho … gồm những
    ai?"), the group's rows first, in the table's order, when they are few enough to quote
    (``MAX_GROUP_ROWS``): the search brings some of them, and the list is the answer."""
    if not asks_for_group(query):
        return ranked
    return rows_of_first_table(ranked, context, lambda rows: picked if len(
        picked := named_group(query, rows)) <= MAX_GROUP_ROWS else [])


def value_rows(query: Query, rows: list[tuple[int, Chunk, str]], whole_table: bool = True) -> list[int]:
    """Of one table's ``rows`` (id, chunk, text), those holding the value the question gives a column it names
    ("đơn vị nào được phân loại II?": ``rows_with_named_value``), when they are few enough to quote
    (``MAX_GROUP_ROWS``) and, of a ``whole_table``, fewer than half its rows (a value most rows hold sets none
    apart); none else."""
    if not rows:
        return []
    picked = rows_with_named_value(query.text, [(row, text) for row, _, text in rows], rows[0][1].table)
    return picked if len(picked) <= MAX_GROUP_ROWS and (not whole_table or 2 * len(picked) < len(rows)) else []


def named_value_rows(ranked: Ranked, query: Query, context: RuleContext) -> Ranked:
    """For a question that gives a column's value ("đơn vị nào được phân loại II?"), the rows holding it first:
    they share no more words with the question than the table's other rows."""
    return rows_of_first_table(ranked, context, lambda rows: value_rows(query, rows))


def named_attachments(ranked: Ranked, query: Query, context: RuleContext) -> Ranked:
    """The attachment the question names ("Phụ lục II", "Phụ lục 2", "Mẫu số 02"), read against the labels of the
    loaded documents' parts ("Phụ lục II: ĐỀ CƯƠNG BÁO CÁO …"): its best-ranked clauses come first. Its name is
    in every clause of every attachment alike, so another appendix's rows, sharing the question's other words
    ("đơn vị được kiểm tra"), ranked above all of it. The document is the one asked about, else the one the
    search ranked first: "gửi báo cáo theo Phụ lục I" names an appendix of a document the question does not name,
    and another document's "PHỤ LỤC I" is not it."""
    if not query.attachments or not ranked:
        return ranked
    chunks, documents = context.corpus.chunks, context.corpus.documents
    named = query.subject_documents or {chunks[ranked[0][0]].doc_id}
    picked: list[int] = []
    part: tuple[str, str] | None = None
    for row, _ in ranked:
        chunk = chunks[row]
        if chunk.kind == "card" or not chunk.heading_path or chunk.doc_id not in named:
            continue
        label = chunk.heading_path[0]
        if label not in documents[chunk.doc_id].parts or not is_attachment_named(query.attachments, label):
            continue
        if part is None:
            part = (chunk.doc_id, label)
        if part == (chunk.doc_id, label):
            picked.append(row)
            if len(picked) == NAMED_ATTACHMENT_ROWS:
                break
    if not picked:
        return ranked
    top = ranked[0][1]
    return [(row, top * 2) for row in picked] + [(r, s) for r, s in ranked if r not in picked]


Injection = Callable[[Ranked, Query, RuleContext], Ranked]
INJECTIONS: dict[str, Injection] = {"list_outlines": list_outlines, "meta_cards": meta_cards,
                                    "own_effect_provisions": own_effect_provisions,
                                    "table_extremes": table_extremes, "group_rows": group_rows,
                                    "named_value_rows": named_value_rows,
                                    "named_attachments": named_attachments}
RULES = tuple(BOOSTS) + tuple(INJECTIONS)


def apply_boosts(ranked: Ranked, query: Query, corpus: Corpus, boosts: list[Boost]) -> Ranked:
    """Each row's score times (1 + the sum of its boosts), re-sorted."""
    if not boosts:
        return ranked
    boosted = []
    for row, score in ranked:
        chunk = corpus.chunks[row]
        document = corpus.documents[chunk.doc_id]
        factor = 1.0
        for boost in boosts:
            factor += boost(query, chunk, document)
        boosted.append((row, score * factor))
    return sorted(boosted, key=lambda item: item[1], reverse=True)


@dataclass(frozen=True)
class Reranker:
    """The rules in force (all but the disabled ones), applied boosts first, then injections in order."""

    boosts: tuple[Boost, ...]
    injections: tuple[Injection, ...]

    @classmethod
    def without(cls, disabled: set[str]) -> "Reranker":
        return cls(tuple(rule for name, rule in BOOSTS.items() if name not in disabled),
                   tuple(rule for name, rule in INJECTIONS.items() if name not in disabled))

    def __call__(self, ranked: Ranked, query: Query, context: RuleContext) -> Ranked:
        ranked = apply_boosts(ranked, query, context.corpus, list(self.boosts))
        for injection in self.injections:
            ranked = injection(ranked, query, context)
        return ranked
