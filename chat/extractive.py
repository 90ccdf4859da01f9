"""Extractive answers: the sentences that best answer a question, quoted verbatim with their sources. Used
without a model, and in place of a generated answer that failed a check.

The quote answers the question's intent, not just its words: a person's name for "ai …?", a date or period for
"khi nào …?" (from a document's card as readily as from a clause), and the items of a section for "những … nào?".
"""

from __future__ import annotations

import dataclasses
import re

from nghiquyet.core.lexicon import (
    ADDRESSED,
    PROPOSAL,
    announced_count,
    body_names,
    cites_document,
    compact_code,
    effect_provision,
    figures,
    holds_role,
    holds_time,
    is_attachment_line,
    only_deputy_of,
    person_names,
    states_count_in_words,
)
from nghiquyet.core.models import OUTLINE_LEAD, Citation, Hit
from nghiquyet.core.textnorm import fold, is_item_label, is_lead_in, is_year, sentences
from nghiquyet.index.query import Query
from nghiquyet.index.rerank import RowPicker, asks_for_group, named_group, superlative_rows, value_rows
from nghiquyet.index.sentences import (
    QUESTION_WORDS,
    content_words,
    gives_figure_asked,
    weighted_relevance,
)
from nghiquyet.index.tokenizer import tokenize

QUOTE_MAX_CHARS = 400
SECOND_QUOTE_RATIO = 0.6  # a second clause is quoted only when it scores this close to the first
COVERAGE_FOR_QUOTE = 0.5
OUTLINE_ITEM = "• "  # how an outline lists a child clause's first sentence
ITEMS_MAX_CHARS = 700  # of the items a quoted lead-in announces, how much its quote brings along
ITEMS_MAX = 10


def citation(number: int, hit: Hit) -> Citation:
    """A numbered source; the quote is cut at a word boundary."""
    quote = hit.text if len(hit.text) <= QUOTE_MAX_CHARS else hit.text[:QUOTE_MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return Citation(number, hit.document.title, hit.document.number, hit.chunk.section, hit.chunk.chunk_id, quote,
                    sorted(set(hit.chunk.pages)))


QUOTE_FRAME = {"vi": "Theo {source} ({locator}): “{sentence}” [{number}]",
               "en": "According to {source} ({locator}): “{sentence}” [{number}]"}
ITEM_FRAME = "• “{sentence}” [{number}]"  # an item under the quoted lead-in that announces it
LIST_FRAME = {"vi": "Theo {source} ({locator}), mục này gồm:\n{items} [1]",
              "en": "According to {source} ({locator}), this section lists:\n{items} [1]"}


def quote_line(sentence: str, hit: Hit, number: int, language: str = "vi") -> str:
    """One sentence quoted verbatim with its document, section and citation number, framed in the question's
    language (the quote itself stays in the document's)."""
    return QUOTE_FRAME[language].format(source=hit.document.display_name(), locator=hit.chunk.locator,
                                        sentence=sentence, number=number)


def question_words_text(query: Query) -> str:
    """The text whose words a quoted sentence should share: the question, or for an English question what BM25
    searched (its terms in the documents' Vietnamese words, its numbers, codes, acronyms and names)."""
    return query.sparse_text or query.text


def asked_kinds(query: Query) -> tuple[str, ...]:
    """The kinds of thing a question asks for, in the order an answer gives them: "number" (which number a
    document carries), "document" (which document, named by its number), "when", "who", "agency" (which body),
    "recipients" (whom a letter is addressed to), "proposal" (on whose proposal it was issued). "Ban hành ngày
    nào và do ai ký?" asks two."""
    return tuple(kind for kind, asked in (("number", query.asks_number), ("document", query.asks_document),
                                          ("proposal", query.asks_proposal),
                                          ("when", query.asks_when), ("who", query.asks_who),
                                          ("agency", query.asks_agency),
                                          ("recipients", query.asks_recipients)) if asked)


def kinds_held(query: Query, sentence: str, hit: Hit) -> frozenset[str]:
    """The asked kinds that ``sentence`` holds: a person (or its document's signer, whatever the name's shape;
    not the card's line with the signer's role alone, nor only the deputy of the role asked about), a time (a
    day when the question asks "ngày nào"), the number of the sentence's own document, an address line with
    its addressees."""
    held = set()
    signer = hit.document.signer
    for kind in asked_kinds(query):
        if kind == "who" and (person_names(sentence) or (signer and signer in sentence)) \
                and not only_deputy_of(query.text, sentence) \
                and (not query.asks_role or holds_role(sentence, query.asks_role)) \
                and (not query.asks_signer or (signer and signer in sentence) or _SIGNS.search(sentence)):
            # "ai làm Trưởng ban?": the person with that title, not any member listed; "ai ký?": the signer
            held.add(kind)
        elif kind == "agency" and any(fold(body) not in fold(query.text) for body in body_names(sentence)):
            held.add(kind)  # a body other than those the question names ("Trung tâm IOC" is what is asked about)
        elif kind == "when" and holds_time(sentence, day=query.asks_day):
            held.add(kind)
        elif kind == "number" and hit.document.number and compact_code(hit.document.number) in compact_code(sentence):
            held.add(kind)
        elif kind == "recipients" and (match := ADDRESSED.match(sentence)) and match.group(1).strip():
            held.add(kind)
        elif kind == "document" and cites_document(sentence, hit.document.number):
            held.add(kind)
        elif kind == "proposal" and PROPOSAL.search(sentence):
            held.add(kind)
    return frozenset(held)


# A sentence saying who signs ("người ký: …", "… ký ngày …"); a secretary ("Thư ký") signs nothing.
_SIGNS = re.compile(r"(?<!thư )\b(ký|signed)\b", re.I)

Scored = tuple[tuple[int, float, int], str, Hit]


def _answered(query: Query, topic: set[str], sentence: str, hit: Hit) -> frozenset[str]:
    """The asked kinds ``sentence`` holds, counted only when it is about the question: from the document asked
    about, or sharing a word with its topic (``topic``: the question's content words)."""
    if hit.document.doc_id in query.subject_documents or topic & set(tokenize(sentence)):
        return kinds_held(query, sentence, hit)
    return frozenset()


def _scorer(query: Query, by_intent: bool):
    """How a sentence of a clause is scored: (answers the asked kinds: 0, 2 per kind held, +1 from the document
    asked about; words shared, each weighted by its rarity in the index; words shared, counted). Sentences are
    ranked by the first two; whether a second quote is nearly as much about the question reads the count, as
    before weighting (a rare word decides which sentence is best, not how many are quoted)."""
    words = set(tokenize(question_words_text(query)))
    topic = content_words(query.expanded)
    typed = by_intent and bool(asked_kinds(query))

    def score(sentence: str, hit: Hit) -> tuple[int, float, int]:
        if is_attachment_line(sentence) and not query.asks_document:
            return 0, 0, 0  # it answers only "kèm theo văn bản nào?"
        subject = hit.document.doc_id in query.subject_documents
        held = _answered(query, topic, sentence, hit) if typed else frozenset()
        if echoes(query, sentence):
            said, count = 0.0, 0
        else:
            said, count = weighted_relevance(query, f"{_own_heading(hit)} {sentence}", words - naming_words(query, hit))
        provides = query.asks_effect_date and effect_provision(sentence, hit.document.kind) == "own"
        return (2 * (len(held) + provides) + (bool(held) and subject)), said, count
    return score


def _own_heading(hit: Hit) -> str:
    """The title of the section a clause is in ("2. Đối tượng" for its "đoạn 1"): a sentence is about what its
    heading says ("Tuyên truyền sâu rộng đến toàn thể cán bộ, đảng viên…" under "Đối tượng"). Labels that only
    number a paragraph or an item ("đoạn 1", "a)", "(2)") are passed over, and so is an appendix's "(Kèm theo
    Nghị định số …" line read as a heading: it says which document the appendix belongs to, not its topic."""
    for heading in reversed(hit.chunk.heading_path):
        title = heading.strip()
        if title and not is_item_label(title) and not is_attachment_line(title):
            return title
    return ""


def _only_names_its_document(query: Query, sentence: str, hit: Hit) -> bool:
    """Whether the only content words ``sentence`` shares with a question that names its document are the words
    naming it ("(Kèm theo Thông tư số 14/2024/TT-BCT ngày …)" for "Mẫu số 02 … của Thông tư 14/2024/TT-BCT …?")."""
    naming = naming_words(query, hit)
    return bool(naming) and not (content_words(question_words_text(query)) & content_words(sentence)) - naming


def naming_words(query: Query, hit: Hit) -> set[str]:
    """The words by which the question names the clause's own document ("Thông tư 14/2024/TT-BCT" for a clause
    of that circular, or its kind and title): they chose the document, and say nothing about which of its
    sentences answers."""
    named = set(tokenize(hit.document.display_name())) if hit.document.doc_id in query.mentioned_documents else set()
    if hit.document.doc_id in query.titled_documents:
        named |= set(tokenize(f"{hit.document.kind} {hit.document.title}"))
    return named


def echoes(query: Query, sentence: str) -> bool:
    """Whether ``sentence`` only repeats the question's words ("Mẫu số 02" for "Mẫu số 02 … là mẫu văn bản
    gì?", a heading "PHỤ LỤC 3" for "Theo Phụ lục 3, …"): quoted, it would tell the reader nothing."""
    said = _syllables(sentence) - QUESTION_WORDS
    return bool(said) and said <= _syllables(question_words_text(query))


def _syllables(text: str) -> set[str]:
    """Syllables, numbers and codes, folded: word segmentation differs with case ("PHỤ LỤC II", "Phụ lục II")."""
    return set(re.findall(r"[\w/.-]*\w", fold(text)))


def _clauses(query: Query, hits: list[Hit], by_intent: bool, outlines: bool = False) -> list[Hit]:
    """The clauses a quote may come from: document cards too when a kind of thing is asked, and with
    ``outlines`` the sections' outlines (each item the first sentence of a clause that was not retrieved)."""
    kinds = ("clause", "card") if by_intent and asked_kinds(query) else ("clause",)
    kinds += ("outline",) if outlines else ()
    return [h for h in hits if h.chunk.kind in kinds] or hits


def _leads(hit: Hit) -> list[tuple[str, str]]:
    """The sentences of a clause, each with the lead-in it completes ("" for none): a sentence ending in ":"
    is quoted with the first item it announces, and scored as the better of the two readings, so that the
    words it brings along neither hide a lead-in about the question nor stand in for it. A letter's address,
    whatever its lines, is one sentence; an outline's units are its items without their bullets."""
    if hit.chunk.kind == "outline":
        return [(line.removeprefix(OUTLINE_ITEM), "") for line in hit.text.splitlines()
                if line.startswith(OUTLINE_ITEM) and line != OUTLINE_ITEM + "…"]
    if ADDRESSED.match(hit.text.split("\n", 1)[0]):
        return [(" ".join(hit.text.split()), "")]
    units: list[tuple[str, str]] = []
    for sentence in sentences(hit.text) or [hit.text]:
        if units and not units[-1][1] and is_lead_in(units[-1][0]):
            lead = units[-1][0].rstrip()
            units[-1] = (f"{lead} {sentence}", lead)
        else:
            units.append((sentence, ""))
    return units


def _units(hit: Hit) -> list[str]:
    """What a quote from ``hit`` may be (see ``_leads``)."""
    return [unit for unit, _ in _leads(hit)]


def _ranked(query: Query, hits: list[Hit], by_intent: bool, outlines: bool = False) -> list[Scored]:
    """The best sentence of each clause with its score, best first."""
    score = _scorer(query, by_intent)
    picked: list[Scored] = []
    for hit in _clauses(query, hits, by_intent, outlines):
        units = _leads(hit)
        if not units:
            continue
        scored = [(max(score(sentence, hit), score(lead, hit)) if lead else score(sentence, hit), sentence)
                  for sentence, lead in units]
        value, best = max(scored, key=lambda item: item[0])  # the first of equals, as before
        picked.append((value, best, hit))
    picked.sort(key=lambda item: (-item[0][0], -item[0][1]))
    return picked


def _missing_kinds(query: Query, hits: list[Hit], chosen: list[tuple[str, Hit]]) -> list[tuple[str, Hit]]:
    """For a question that asks several kinds ("ngày nào và ai ký?"), the best sentence for each kind the
    chosen quotes leave unanswered, from the same clauses (a card's date and its signer are two sentences)."""
    held = set().union(*(kinds_held(query, sentence, hit) for sentence, hit in chosen))
    score = _scorer(query, by_intent=True)
    topic = content_words(query.expanded)
    added: list[tuple[str, Hit]] = []
    for kind in asked_kinds(query):
        if kind in held:
            continue
        candidates = [(score(sentence, hit), sentence, hit) for hit in _clauses(query, hits, True)
                      for sentence in _units(hit) if kind in _answered(query, topic, sentence, hit)]
        if candidates:
            _, sentence, hit = max(candidates, key=lambda item: item[0])
            added.append((sentence, hit))
            held |= kinds_held(query, sentence, hit)
    return added


def best_sentences(query: Query, hits: list[Hit], limit: int = 2, by_intent: bool = True) -> list[tuple[str, Hit]]:
    """The best sentence of the best clauses (outlines and cards only when nothing else was found); a
    sentence with a figure counts double for a question about a target or quantity. A second clause is
    quoted only when it is nearly as much about the question as the first.

    ``by_intent``: for "ai"/"khi nào"/"số nào" questions, sentences that hold what is asked (cards included)
    come before those that do not, as long as they share a word with the question or come from the document it
    is about; among those, the document the question is about comes first. A question that asks several kinds
    gets a quote for each."""
    picked = _ranked(query, hits, by_intent)
    if by_intent and asked_kinds(query) and not (picked and picked[0][0][0] >= 2):
        # Nothing retrieved holds what is asked: an outline may, listing a clause that was not retrieved whole.
        # Only one about the question nearly as much as the best clause: a dated item that merely shares the
        # topic is not a better answer than a clause that says "within 07 working days".
        with_outlines = _ranked(query, hits, by_intent, outlines=True)
        best_words = max((value[1] for value, _, _ in picked), default=0)
        if (with_outlines and with_outlines[0][0][0] >= 2
                and with_outlines[0][0][1] >= SECOND_QUOTE_RATIO * best_words):
            picked = with_outlines
    elif picked and _only_names_its_document(query, picked[0][1], picked[0][2]):
        # The best clause shares no content word with the question beyond those naming its document: an
        # outline's item may ("Mẫu số 02 | Quyết định thành lập …" listed under the appendix that was retrieved).
        picked = _ranked(query, hits, by_intent, outlines=True)
    elif by_intent and asked_kinds(query) and picked:
        # A clause the context gives only inside its section's outline (the outline ranked first, and a clause
        # is not given twice) answers as well as a retrieved one, when it holds what is asked and is clearly
        # more about the question ("4. Bộ trưởng Bộ Công an …, Phó Trưởng Ban Thường trực Ban Chỉ đạo." for "ai
        # là Phó Trưởng Ban Thường trực?", against another member of the same list).
        with_outlines = _ranked(query, hits, by_intent, outlines=True)
        (kinds, words, _), (best_kinds, best_words, _) = with_outlines[0][0], picked[0][0]
        if kinds >= best_kinds and words * SECOND_QUOTE_RATIO >= best_words and words > best_words:
            picked = with_outlines
    top = picked[0][0] if picked else (0, 0, 0)
    chosen: list[tuple[str, Hit]] = []
    for value, sentence, hit in picked[:limit]:
        if chosen and (value[0] < top[0] - 1 or value[2] < SECOND_QUOTE_RATIO * top[2]):
            break
        chosen.append((sentence, hit))
    if by_intent and len(asked_kinds(query)) > 1 and chosen:
        chosen += [pair for pair in _missing_kinds(query, hits, chosen) if pair not in chosen]
    return _with_announced_items(chosen, hits)


def _announced(hit: Hit, hits: list[Hit]) -> Hit | None:
    """The retrieved clause that comes right after ``hit`` in its document (a lead-in's first item)."""
    last = hit.chunk.ordinal - hit.chunk.part + hit.chunk.parts - 1
    return next((h for h in hits if h.chunk.kind == "clause" and h.document.doc_id == hit.document.doc_id
                 and h.chunk.ordinal - h.chunk.part == last + 1), None)


def _closes_with_lead_in(sentence: str, hit: Hit) -> bool:
    """Whether the quote ``sentence`` is a lead-in ending in ":" that ends its clause (its items are not in it)."""
    if not is_lead_in(sentence):
        return False
    units = _units(hit)
    return bool(units) and units[-1] == sentence


def _with_announced_items(chosen: list[tuple[str, Hit]], hits: list[Hit]) -> list[tuple[str, Hit]]:
    """A quote that ends its clause with ":" ("… tính đến ngày 26/11/2024 có:", "… theo các hình thức sau:") says
    nothing by itself: it is followed by the items it announces, each the first sentence of its clause and cited
    as itself. Those the context had no room for (kept aside by the packing): all of them after the answer's first
    quote, the first one after a further quote (as many as it says, when it says how many). Otherwise the first
    sentence of the next clause, when that clause was retrieved on its own (a clause kept by itself is not given
    twice). An item quoted this way is not quoted again."""
    result: list[tuple[str, Hit]] = []
    quoted = {hit.chunk.clause_id for _, hit in chosen}
    listed: set[str] = set()
    for sentence, hit in chosen:
        if hit.chunk.clause_id in listed:
            continue
        result.append((sentence, hit))
        if not _closes_with_lead_in(sentence, hit):
            continue
        if hit.announced:
            items = announced_items(hit)
            if len(result) > 1:  # a further quote (nearly as much about the question): its first item only, or as
                items = items[:announced_count(sentence) or 1]  # many as it says follow ("hai trường hợp sau:")
            for item, first in items:
                result.append((first, item))
                listed.add(item.chunk.clause_id)
            continue
        item = _announced(hit, hits)
        if item is not None and item.chunk.clause_id not in quoted and (item_units := _units(item)):
            result.append((item_units[0], item))
            quoted.add(item.chunk.clause_id)
    return result


def announced_items(hit: Hit) -> list[tuple[Hit, str]]:
    """The items a lead-in announces, kept aside by the packing: one per clause, each with its first sentence, up to
    ``ITEMS_MAX_CHARS`` of them (the first always), as long as they stand side by side in one section (a paragraph
    "… theo từng lĩnh vực sau:" is followed by sections of items: the first section's items are its items, and a
    later section's "a)" without its heading would be read as one of them)."""
    items: list[tuple[Hit, str]] = []
    used = 0
    for chunk in hit.announced:
        if items and chunk.heading_path[:-1] != items[0][0].chunk.heading_path[:-1]:
            break
        if chunk.part:
            continue  # a long clause's later parts: its first sentence is in its first part
        first = next(iter(sentences(chunk.text)), chunk.text.strip())
        if items and (used + len(first) > ITEMS_MAX_CHARS or len(items) >= ITEMS_MAX):
            break
        items.append((Hit(chunk, hit.document, hit.score), first))
        used += len(first)
    return items


# Kinds a model writes in its own words (not the addressees: it names them with no "Kính gửi:").
WRITTEN_KINDS = ("number", "document", "when", "who", "agency")


def unanswered_kinds(query: Query, answer: str, hits: list[Hit]) -> list[str]:
    """The asked kinds a written answer leaves out although a retrieved sentence about the question holds them:
    "ban hành ngày nào và do ai ký?" answered with a date and an office but no person. The quotes give them."""
    topic = content_words(query.expanded)
    given = set().union(*(kinds_held(query, answer, hit) for hit in hits)) if hits else set()
    return [kind for kind in asked_kinds(query) if kind in WRITTEN_KINDS and kind not in given
            and any(kind in _answered(query, topic, sentence, hit)
                    for hit in _clauses(query, hits, by_intent=True) for sentence in _units(hit))]


def listed_section(query: Query, hits: list[Hit]) -> Hit | None:
    """For "những … nào?", the outline of a section whose heading shares a word with the question: its items
    are the list asked for."""
    if not query.wants_list or asked_kinds(query):
        return None
    topic = content_words(query.expanded)
    for hit in hits:
        if hit.chunk.kind == "outline" and topic & set(tokenize(hit.chunk.heading_path[-1] if hit.chunk.heading_path
                                                               else "")):
            return hit
    return None


def rows_of_first_table(hits: list[Hit], pick: RowPicker) -> list[Hit]:
    """The retrieved rows ``pick`` chooses of the first retrieved table of which it chooses any (the rows offered in
    the table's order)."""
    for table in dict.fromkeys(hit.chunk.table_id for hit in hits if hit.chunk.kind == "clause"):
        if table is None:
            continue
        rows = sorted((hit for hit in hits if hit.chunk.kind == "clause" and hit.chunk.table_id == table),
                      key=lambda hit: hit.chunk.ordinal)
        picked = pick([(n, row.chunk, row.text) for n, row in enumerate(rows)])
        if picked:
            return [rows[n] for n in picked]
    return []


def ranked_rows(query: Query, hits: list[Hit]) -> list[Hit]:
    """For "which one ranks first / last?" or "which has the largest / smallest …?", the retrieved rows that
    answer it (``superlative_rows``; the search has brought the table's own extremes); none for other questions."""
    if not (query.asks_top or query.asks_bottom or query.extreme):
        return []
    return rows_of_first_table(hits, lambda rows: superlative_rows(query, rows, min_numbers=1))


def group_listed(query: Query, hits: list[Hit]) -> list[Hit]:
    """For a question asking for several things of a table's row group it names ("Nhóm thủ kho … gồm những ai?"),
    the retrieved rows of that group, in the table's order (at least two); none for other questions."""
    if not asks_for_group(query):
        return []
    return rows_of_first_table(hits, lambda rows: picked if len(picked := named_group(query, rows)) > 1 else [])


def valued_rows(query: Query, hits: list[Hit]) -> list[Hit]:
    """For a question that gives a column's value ("đơn vị nào được phân loại II?"), the retrieved rows holding it
    (``value_rows``; the search has set them apart from the table's other rows), in the table's order."""
    return rows_of_first_table(hits, lambda rows: value_rows(query, rows, whole_table=False))


def list_answer(query: Query, hits: list[Hit]) -> tuple[str, list[Citation]] | None:
    """For a question asking several things ("những hình thức nào?", "liệt kê …"), the document's own list when
    one is retrieved: the outline of a section about the question, or a lead-in ("… theo các hình thức sau:")
    quoted with the items it announces. None when no such list is retrieved, or when the question also asks who,
    when or which number ("những văn bản nào, ban hành ngày nào?"): the quotes for those kinds answer it."""
    if not query.asks_several or asked_kinds(query):
        return None
    if listed_section(query, hits) is not None:
        return extractive_answer(query, hits)
    chosen = best_sentences(query, hits)
    if len(chosen) > 1 and _closes_with_lead_in(*chosen[0]) and _is_item_of(chosen[0][1], chosen[1][1], hits):
        return extractive_answer(query, hits)
    return None


def extractive_answer(query: Query, hits: list[Hit], limit: int = 2) -> tuple[str, list[Citation]]:
    """The best sentences quoted verbatim, each with its source; for a list question, a section's items, or the
    rows of the table's group it names; for "which one ranks first / last?" or "which is the largest?", the rows
    that answer it."""
    extremes = ranked_rows(query, hits) or group_listed(query, hits) or valued_rows(query, hits)
    if extremes:
        lines = [quote_line(hit.text, hit, number, query.language) for number, hit in enumerate(extremes, start=1)]
        return "\n".join(lines), [citation(number, hit) for number, hit in enumerate(extremes, start=1)]
    outline = listed_section(query, hits)
    if outline is not None:
        items = outline.text.removeprefix(OUTLINE_LEAD).strip()
        return (LIST_FRAME[query.language].format(source=outline.document.display_name(),
                                                  locator=outline.chunk.locator, items=items), [citation(1, outline)])
    parts, citations = [], []
    lead: Hit | None = None  # the last quoted lead-in: the items it announces are listed under it
    for number, (sentence, hit) in enumerate(best_sentences(query, hits, limit), start=1):
        source = hit.source_of(sentence)  # a clause a lead-in brought along is cited as itself
        if lead is not None and _is_item_of(lead, hit, hits):
            parts.append(ITEM_FRAME.format(sentence=sentence, number=number))
        else:
            parts.append(quote_line(sentence, source, number, query.language))
            lead = hit if _closes_with_lead_in(sentence, hit) else None
        citations.append(citation(number, source))
    return "\n".join(parts), citations


def _is_item_of(lead: Hit, hit: Hit, hits: list[Hit]) -> bool:
    """Whether ``hit`` is an item the quoted lead-in ``lead`` announces (see ``_with_announced_items``)."""
    if lead.announced:
        return any(chunk.clause_id == hit.chunk.clause_id for chunk in lead.announced)
    announced = _announced(lead, hits)
    return announced is not None and announced.chunk.clause_id == hit.chunk.clause_id


def coverage(query: Query, sentence: str, hit: Hit) -> float:
    """The share of the question's words that ``sentence`` (with its section heading) holds. Words the clause's
    origin answers do not count against it ("Chương trình 67" for a clause of that programme), and an
    abbreviation is held when one of its long forms is ("KHCN" by "khoa học, công nghệ"). The province of the
    clause's document is not taken as given: on dev that made "… khởi nghiệp … năm 2024?" look answered by a
    sentence about innovative firms in general."""
    words = content_words(question_words_text(query))
    given = naming_words(query, hit)
    seen = set(tokenize(f"{hit.chunk.section} {sentence}"))
    for short, forms in query.abbreviations:
        long_words = [content_words(form) for form in forms]
        if any(w and w <= given for w in long_words):
            given |= set(tokenize(short))
        elif any(w and w <= seen for w in long_words):
            seen |= set(tokenize(short))
    words = words - given or words
    return len(words & seen) / len(words) if words else 0.0


def covers(query: Query, hits: list[Hit]) -> bool:
    """Whether the best quoted sentence holds most of the question's words (and a figure when a figure is
    asked for). A question with a bridge step ("Người ký Chương trình 67 …" read as the signer's name) is
    covered when any of its readings is."""
    for reading in (query, *(dataclasses.replace(query, text=text, translated="") for text in query.bridges)):
        best = best_sentences(reading, hits, limit=1, by_intent=False)
        if not best:
            continue
        sentence, hit = best[0]
        if coverage(reading, sentence, hit) >= COVERAGE_FOR_QUOTE and (
                not query.asks_quantity or gives_figure_asked(query, sentence)):
            return True
    return False


def supported(query: Query, hits: list[Hit]) -> bool:
    """Whether a retrieved sentence plainly answers the question, whatever a model said: it holds most of the
    question's words, or it holds what is asked (a person, a time) and is about the question, or the question asks
    which one ranks first or last and a ranked table was retrieved (its first and last rows answer it). A model's
    "not found" is overruled (the sentence is quoted) when this holds."""
    if covers(query, hits) or ranked_rows(query, hits):
        return True
    ranked = _ranked(query, hits, by_intent=True)
    return bool(ranked and ranked[0][0][0] >= 2)


# A heading's own label ("II-", "2.", "(4)", "a)"), which is no figure of the clause; case matters, as in
# textnorm's labels. What an answer quotes is what its frames (QUOTE_FRAME, ITEM_FRAME) put between "): “" or "• “"
# and "” [n]": a sentence may hold quotation marks of its own ("phong trào “Bình dân học vụ số” …"), and a
# document's name before the locator may too.
_HEADING_LABEL = re.compile(r"^\s*\(?(?:[IVXLC]+|\d+(?:\.\d+)*|[a-zđA-Z])[.)\-]+\s*")
_QUOTED = re.compile(r"(?:\): |• )“(.*?)” \[\d+\]")


def _headings(cited: Citation) -> str:
    """A quote's heading path as a reader sees it, without the headings' labels and the locator ("đoạn 2")."""
    parts = [_HEADING_LABEL.sub("", part.strip()) for part in cited.section.split("›")]
    return " ".join(part for part in parts if part and not is_item_label(part))


def quotes_miss_asked(query: Query, body: str, citations: list[Citation]) -> str | None:
    """The kind of answer a question asks for that none of the quoted sentences of ``body`` (with their headings)
    holds: "figure" for "bao nhiêu …?" (a figure other than a year, or a count in words: "ba tâm chấn"), "time"
    for "khi nào …?" (a time, any figure or a count in words: "mười năm"). Such quotes are near the question's
    words but not its answer: the answer is a refusal that shows the closest passages, as when a model invents a
    figure. None when the quotes hold it, or when the body quotes no sentence (a section's list)."""
    if query.sides or not (query.asks_quantity or query.asks_when):
        return None  # most questions: no quote or heading is read
    quoted = _QUOTED.findall(body)
    if not quoted:
        return None
    texts = [*quoted, *(_headings(cited) for cited in citations)]
    if query.asks_quantity and not any(
            any(not is_year(f.value) for f in figures(text)) or states_count_in_words(text)
            or (query.counted and gives_figure_asked(query, text))
            for text in texts):
        return "figure"
    if query.asks_when and not any(holds_time(text) or figures(text) or states_count_in_words(text)
                                    for text in texts):
        return "time"  # any figure will do: "bao lâu?" is answered by "02 năm" or "mười năm", no point in time
    return None
