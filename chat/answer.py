"""Answer a question from the loaded documents, one stage after another: understand the question ->
retrieve -> gate (can the documents answer?) -> prompt and generate -> check -> fall back or refuse.

The code, not the model, decides the facts that matter: which sources are cited (numbers the model
invents are dropped), whether every figure is in the cited clauses with the same qualifier and base
(GRDP vs GDP), and whether the documents hold an answer at all. An answer that fails a check is replaced
by the best clauses quoted verbatim with their sources, and says so.
"""

from __future__ import annotations

import dataclasses
import re
import time
from dataclasses import dataclass, field
from typing import Callable, Literal

import numpy as np
from nghiquyet.chat import constrained
from nghiquyet.chat.checks import CheckResult, check_answer, checked_question, missing_asked_figure
from nghiquyet.chat.constrained import AnswerFieldStream
from nghiquyet.chat.evidence import number_sentences
from nghiquyet.chat.extractive import (
    citation,
    extractive_answer,
    list_answer,
    quote_line,
    quotes_miss_asked,
    supported,
    unanswered_kinds,
)
from nghiquyet.chat.followup import rewrite_followup
from nghiquyet.chat.gate import (
    NO_ANSWER,
    GateThresholds,
    national_note,
    other_provinces_left_out,
    refusal_reason,
)
from nghiquyet.chat.generator import (
    Generation,
    Generator,
    TokenCallback,
    create_generator,
    supports_schema,
)
from nghiquyet.chat.junk import junk_reason
from nghiquyet.chat.prompts import NOT_FOUND_MARK, build_messages, evidence_block, evidence_headers
from nghiquyet.chat.stream import CheckedStream
from nghiquyet.chat.target_answer import target_answer
from nghiquyet.core.config import Settings
from nghiquyet.core.errors import QuestionError
from nghiquyet.core.lexicon import figures, keep_citations, without_citation_marks
from nghiquyet.core.models import Answer, Citation, Hit, SearchFilters
from nghiquyet.core.textnorm import fold, is_vietnamese, is_year
from nghiquyet.index.query import Query
from nghiquyet.index.retriever import HybridRetriever
from nghiquyet.index.sentences import content_words
from nghiquyet.index.tokenizer import tokenize

GeneratorSource = Generator | Callable[[str | None], Generator]
ORDERS_NOTE = "Câu hỏi có yêu cầu thay đổi cách trợ lý làm việc; phần đó bị bỏ qua."
NO_FIGURE = {"vi": "Các văn bản đã nạp không nêu con số này.", "en": "The loaded documents do not give this figure."}
NO_TIME = {"vi": "Các văn bản đã nạp không nêu thời gian này.", "en": "The loaded documents do not give this time."}
QUOTES_MISS = {("figure", "vi"): "Các câu gần nhất với câu hỏi không nêu con số được hỏi.",
               ("time", "vi"): "Các câu gần nhất với câu hỏi không nêu thời gian được hỏi.",
               ("figure", "en"): "The sentences closest to the question give no figure of the kind asked.",
               ("time", "en"): "The sentences closest to the question give no time."}
TABLE_NOTE = {"vi": "Con số và tên chỉ tiêu lấy nguyên văn từ bảng chỉ tiêu của văn bản (không qua mô hình).",
              "en": "The figure and the indicator are quoted from the document's targets table (no model)."}
LIST_NOTE = {"vi": "Danh sách lấy nguyên văn từ văn bản (không qua mô hình): mô hình chỉ dẫn được một vài mục.",
             "en": "The list is quoted from the document (no model): the model cites only a few of its items."}
REPLACED_BY_QUOTES = "Câu trả lời của mô hình đã được thay bằng trích dẫn nguyên văn vì: "
KIND_NAMES = {"number": "số hiệu văn bản", "document": "văn bản được nhắc tới (số hiệu)", "when": "thời gian",
              "who": "tên người", "agency": "cơ quan, đơn vị"}
UNSURE_QUOTES = {"vi": "Không câu nào tìm được chứa phần lớn nội dung câu hỏi hay điều câu hỏi cần (tên người, thời "
                        "gian): các đoạn dưới đây có thể không trả lời đúng điều được hỏi.",
                 "en": "No sentence found holds most of the question or what it asks for (a name, a time): the "
                       "passages below may not answer it."}
NO_ANSWER_SHORT = {"vi": NO_ANSWER["vi"], "en": "The loaded documents do not contain the answer."}


@dataclass
class Verdict:
    """How a question ends: a generated answer that passed the checks, quotes, or a refusal."""

    mode: Literal["generated", "extractive", "refused"]
    text: str = ""  # the generated text, or a refusal's reason
    citations: list[Citation] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    short_answer: str = ""
    sentences: list[dict] = field(default_factory=list)
    # Why the model's reply gave way to these quotes or this refusal, as the eval counts it ("" when it did not):
    # "junk" (it restates the question, loops, copies a header or the card), "checks" (a figure, date, name or
    # citation its sources do not hold), "figure" (a number asked for that it made up), "kinds" (asked who/when/which,
    # it named none), "not_found" (it said the documents do not answer), "format" (its constrained reply was not the
    # JSON asked for), "sides" (a comparison answer citing one side only), "fragment" (a phrase copied from a sentence,
    # shown as that sentence quoted).
    replaced: str = ""


@dataclass
class Prepared:
    """A question after its first half (understood, retrieved, gated): what the sources panel shows at
    once, and what ``complete`` needs to write the answer. ``verdict`` is set when the answer is already
    decided (a refusal before any model runs)."""

    started: float
    timings: dict[str, float | None]
    notes: list[str] = field(default_factory=list)
    hits: list[Hit] = field(default_factory=list)
    asked: Query | None = None  # the question as typed
    query: Query | None = None  # standalone (a follow-up carries the previous question)
    verdict: Verdict | None = None
    model: str | None = None
    reply: str = ""  # what the model wrote, as it wrote it (kept when it is set aside, for the eval to show)
    mode: str = "constrained"  # the answer mode asked for ([generation] answer_mode, or the caller's)
    filters: SearchFilters | None = None  # what the user restricted the search to


class AnswerService:
    """Answers questions over one index with one generator (loaded once, shared)."""

    def __init__(self, retriever: HybridRetriever, settings: Settings, generator: GeneratorSource | None = None,
                 gate: GateThresholds | None = None) -> None:
        self.retriever = retriever
        self.settings = settings
        self._generator = generator
        self.gate = gate or GateThresholds()

    def generator(self, profile: str | None) -> Generator:
        if self._generator is None:
            return create_generator(self.settings, profile)
        if callable(self._generator) and not hasattr(self._generator, "chat"):
            return self._generator(profile)
        return self._generator  # type: ignore[return-value]

    def ask(self, question: str, history: list[str] | None = None, filters: SearchFilters | None = None,
            profile: str | None = None, on_token: TokenCallback | None = None,
            on_evidence: Callable[[list[Hit]], None] | None = None, use_model: bool = True,
            mode: str | None = None) -> Answer:
        """``mode``: "constrained", "free" or "extractive" (default: ``[generation] answer_mode``)."""
        prepared = self.prepare(question, history, filters)
        prepared.mode = mode or self.settings.generation.answer_mode
        if on_evidence:
            on_evidence(prepared.hits)
        return self.complete(prepared, profile, on_token, use_model)

    # -- first half: no model, fast (the sources panel waits on this only) -------------------------
    def prepare(self, question: str, history: list[str] | None = None,
                filters: SearchFilters | None = None) -> Prepared:
        """Understand the question, retrieve its evidence and decide whether the documents can answer."""
        prepared = Prepared(time.perf_counter(), {"retrieve_ms": None, "first_token_ms": None, "total_ms": None},
                            mode=self.settings.generation.answer_mode, filters=filters)
        try:
            prepared.asked = asked = self.retriever.analyse(question)
            if asked.gives_orders:
                prepared.notes.append(ORDERS_NOTE)
            standalone = rewrite_followup(asked.text, history or [])
            if standalone != asked.text:
                prepared.notes.append(f"Câu hỏi được hiểu là: {standalone}")
            prepared.query = query = self.retriever.analyse(standalone)
        except QuestionError as exc:
            prepared.verdict = Verdict("refused", str(exc))
            return prepared
        hits = self.retriever.search(query, budget_chars=self.settings.generation.answer_budget_chars,
                                     filters=filters)
        prepared.hits, left_out = other_provinces_left_out(query, hits)
        if left_out:
            prepared.notes.append(left_out)
        prepared.timings["retrieve_ms"] = (time.perf_counter() - prepared.started) * 1000
        reason = refusal_reason(query, prepared.hits, self.retriever.corpus, self.gate)
        if reason:
            prepared.verdict = Verdict("refused", reason)
            return prepared
        note = national_note(query, prepared.hits)
        if note:
            prepared.notes.append(note)
        return prepared

    # -- second half: the model, checked -------------------------------------------------------------
    def complete(self, prepared: Prepared, profile: str | None = None, on_token: TokenCallback | None = None,
                 use_model: bool = True, busy_note: str | None = None) -> Answer:
        """The answer: generated and checked, quoted, or refused. Without a model (``use_model`` off, or the
        model busy: ``busy_note`` says why) the best sentences are quoted."""
        if prepared.verdict is None:
            if not use_model or busy_note or prepared.mode == "extractive":
                prepared.verdict = verdict = self._quotes(prepared, [busy_note] if busy_note else [])
                query = prepared.query
                if (verdict.mode == "extractive" and query is not None and not query.sides
                        and not supported(query, prepared.hits)):
                    # Not refused: refusing these lost answers on held-out 2 (eval/reports/answer-intents).
                    verdict.notes.append(UNSURE_QUOTES[query.language])
            else:
                prepared.verdict = self._write(prepared, profile, on_token)
        return self._compose(prepared, prepared.verdict)

    def _write(self, prepared: Prepared, profile: str | None, on_token: TokenCallback | None) -> Verdict:
        asked, query, hits = prepared.asked, prepared.query, prepared.hits
        assert asked is not None and query is not None
        if (self.settings.generation.table_answers and asked.asks_target
                and (table := self._table_answer(query, prepared))):
            # The document's own figure and words, from the targets table: no model needed, nothing to check.
            return Verdict("extractive", table[0], table[1], [TABLE_NOTE[asked.language]])
        if self.settings.generation.list_answers and (listed := list_answer(asked, hits)):
            # "Những hình thức nào?" with the document's list retrieved: quoted whole (a model names one item or
            # repeats the lead-in, and cites at most a few sentences).
            return Verdict("extractive", listed[0], listed[1], [LIST_NOTE[asked.language]])
        generator = self.generator(profile)
        prepared.model = generator.name
        if prepared.mode == "constrained" and supports_schema(generator):
            return self._write_constrained(prepared, generator, on_token)
        generation, check = self._generate(prepared, generator, asked, query, on_token)
        said_nothing = says_nothing(generation.text, asked.text)
        if said_nothing:
            prepared.notes.append("Mô hình không đưa ra nội dung trả lời.")

        if NOT_FOUND_MARK in generation.text.upper() or said_nothing:
            if query.sides or supported(asked, hits):
                # Small models say "not found" too readily: when a retrieved sentence plainly answers the
                # question, quote it instead of refusing.
                return self._quotes(prepared, ["Mô hình không tìm ra câu trả lời; dưới đây là đoạn văn "
                                                  "bản sát nhất với câu hỏi."], "not_found")
            return Verdict("refused", NO_ANSWER_SHORT[asked.language],
                           notes=["Mô hình xác nhận không tìm thấy câu trả lời."], replaced="not_found")
        if check.dropped:
            dropped = ", ".join(f"[{n}]" for n in check.dropped)
            prepared.notes.append(f"Bỏ các trích dẫn không có trong đoạn trích: {dropped}.")
        if check.ok and (missing := missing_asked_figure(generation.text, [h.text for h in hits],
                                                         asked.asks_quantity or asked.asks_target)):
            check = dataclasses.replace(check, ok=False, problems=missing)
        if not check.ok:
            problems = "; ".join(dict.fromkeys(check.problems))
            if asked.asks_quantity and check.invented:
                return self._invented_figure(prepared, problems)
            return self._quotes(prepared, [REPLACED_BY_QUOTES + problems], "checks")
        # Nothing wrong with its figures, yet not an answer.
        if junk := junk_reason(generation.text, evidence_headers(hits), asked.text):
            return self._quotes(prepared, [REPLACED_BY_QUOTES + junk], "junk")
        if missing := unanswered_kinds(asked, generation.text, hits):  # asked "ai ký?", named no one
            return self._quotes(prepared, [REPLACED_BY_QUOTES + missed_kinds_reason(missing)], "kinds")
        cited = check.cited or infer_citations(generation.text, hits)
        claimed = check.cited or infer_citations(generation.text, hits, asked.text)
        if left := sides_left_out(query, hits, claimed):  # "Quảng Trị và Sóc Trăng …": one province's number for both
            return self._quotes(prepared, [REPLACED_BY_QUOTES + SIDE_LEFT_OUT + ", ".join(left)], "sides")
        if held := fragment_source(generation.text, hits, cited):
            # "[1] giai đoạn 2021-2025": a phrase cut from a sentence ("…, định hướng đến năm 2030"). The sentence is
            # the answer, quoted whole, with the phrase as its short answer.
            fragment, clause, sentence = held
            return Verdict("extractive", quote_line(sentence, hits[clause - 1], 1, asked.language),
                           [citation(1, hits[clause - 1])], [FRAGMENT_NOTE], short_answer=fragment,
                           sentences=[{"id": 1, "clause": 1, "text": sentence}], replaced="fragment")
        body = keep_citations(generation.text, set(range(1, len(hits) + 1)))
        return Verdict("generated", body, [citation(n, hits[n - 1]) for n in cited])

    def _write_constrained(self, prepared: Prepared, generator: Generator, on_token: TokenCallback | None) -> Verdict:
        """The model picks evidence sentences and writes a short answer and one or two sentences, as JSON the
        decoder enforces; the code checks them against the sentences picked. An answer that fails is replaced by
        the sentences the model picked, quoted (the model chooses better than it writes)."""
        asked, query, hits = prepared.asked, prepared.query, prepared.hits
        assert asked is not None and query is not None
        evidence = number_sentences(hits)
        blocks = [evidence_block(n, h) for n, h in enumerate(hits, start=1)]
        checked = CheckedStream(blocks, on_token, checked_question(query)) if on_token else None
        generation = generator.chat(constrained.build_messages(asked.text, evidence, asked.language),
                                    self.settings.generation.max_answer_tokens, AnswerFieldStream(checked),
                                    schema=constrained.answer_schema(len(evidence.sentences)))
        if checked:
            checked.close()
        prepared.timings["first_token_ms"] = ((prepared.timings["retrieve_ms"] or 0)
                                              + (generation.first_token_ms or generation.total_ms))
        prepared.reply = generation.text
        reply = constrained.parse_reply(generation.text)
        if reply is None:
            return self._quotes(prepared, ["Mô hình không trả lời đúng khuôn dạng; dưới đây là đoạn văn bản "
                                              "sát nhất với câu hỏi."], "format")
        cited, problems = constrained.check_reply(reply, evidence, query)
        if not cited:
            # Not found only when the model picks no sentence and no sentence plainly covers the question.
            if query.sides or supported(asked, hits):
                return self._quotes(prepared, ["Mô hình không tìm ra câu trả lời; dưới đây là đoạn văn bản "
                                                  "sát nhất với câu hỏi."], "not_found")
            return Verdict("refused", NO_ANSWER_SHORT[asked.language],
                           notes=["Mô hình không chọn câu nào trong văn bản làm căn cứ."], replaced="not_found")
        why = "checks"
        if not problems and (junk := junk_reason(reply.answer, evidence_headers(hits), asked.text)
                             or ("mô hình nhắc lại câu hỏi" if says_nothing(reply.answer, asked.text) else None)):
            problems, why = [junk], "junk"
        if not problems and (missing := unanswered_kinds(asked, f"{reply.short_answer}. {reply.answer}", hits)):
            # The sentences it picked lack what was asked too (else it would have written it): the best quotes.
            return self._quotes(prepared, [REPLACED_BY_QUOTES + missed_kinds_reason(missing)], "kinds")
        numbers = {clause: n for n, clause in enumerate(dict.fromkeys(s.clause for s in cited), start=1)}
        citations = [citation(n, hits[clause - 1]) for clause, n in numbers.items()]
        sentences = [{**s.to_json(), "clause": numbers[s.clause]} for s in cited]
        if problems and asked.asks_quantity and check_answer(f"{reply.short_answer}. {reply.answer}", blocks,
                                                             checked_question(query)).invented:
            return self._invented_figure(prepared, "; ".join(problems))
        if problems:
            words = content_words(asked.text)
            if not any(words & set(tokenize(s.text)) for s in cited):  # it pointed at nothing about the question
                return self._quotes(prepared, [REPLACED_BY_QUOTES + "; ".join(problems)], why)
            quoted = "\n".join(quote_line(s.text, hits[s.clause - 1], numbers[s.clause], asked.language) for s in cited)
            if missing := unanswered_kinds(asked, quoted, hits):
                # "Ai ký … và chậm nhất ngày nào?": the sentences it picked give the signer only; the quotes give both.
                return self._quotes(prepared, [REPLACED_BY_QUOTES + "; ".join([*problems,
                                                                                  missed_kinds_reason(missing)])], why)
            return Verdict("extractive", quoted, citations,
                           ["Câu trả lời của mô hình đã được thay bằng các câu nó dẫn, nguyên văn, vì: "
                            + "; ".join(problems)], sentences=sentences, replaced=why)
        markers = "".join(f"[{n}]" for n in numbers.values())
        return Verdict("generated", f"{reply.answer} {markers}", citations, short_answer=reply.short_answer,
                       sentences=sentences)

    def _generate(self, turn: Prepared, generator: Generator, asked: Query, query: Query,
                  on_token: TokenCallback | None) -> tuple[Generation, CheckResult]:
        """The model's answer, streamed sentence by sentence through the checks, and the check of the whole."""
        blocks = [evidence_block(n, h) for n, h in enumerate(turn.hits, start=1)]
        stream = CheckedStream(blocks, on_token, checked_question(query))
        generation = generator.chat(build_messages(asked.text, turn.hits), self.settings.generation.max_answer_tokens,
                                    stream)
        stream.close()
        turn.reply = generation.text
        turn.timings["first_token_ms"] = ((turn.timings["retrieve_ms"] or 0)
                                          + (generation.first_token_ms or generation.total_ms))
        return generation, check_answer(generation.text, blocks, checked_question(query))

    def _invented_figure(self, prepared: Prepared, problems: str) -> Verdict:
        """Asked for a number, the model made one up that no clause holds. The documents don't say, unless a
        retrieved sentence plainly gives the figure asked (``supported``): then that sentence is quoted, as when
        the model says "not found": a number the model got wrong is no sign that the documents lack it."""
        asked, query, hits = prepared.asked, prepared.query, prepared.hits
        assert asked is not None and query is not None
        note = "Mô hình đưa ra con số không có trong văn bản: " + problems
        if query.sides or supported(asked, hits):
            return self._quotes(prepared, [note + "; dưới đây là câu văn bản nêu con số được hỏi."], "figure")
        return Verdict("refused", NO_FIGURE[asked.language], notes=[note], replaced="figure")

    def _quotes(self, prepared: Prepared, notes: list[str] | None = None, replaced: str = "") -> Verdict:
        asked, hits = prepared.asked, prepared.hits
        assert asked is not None
        table = self._table_answer(asked, prepared) if self.settings.generation.table_answers else None
        body, citations = table or extractive_answer(asked, hits)
        if not table and (missing := quotes_miss_asked(asked, body, citations)):
            # Near the question's words, not its answer: a figure or a time asked for that no quote holds.
            refusal = NO_FIGURE if missing == "figure" else NO_TIME
            return Verdict("refused", refusal[asked.language],
                           notes=[*(notes or []), QUOTES_MISS[missing, asked.language]], replaced=replaced)
        return Verdict("extractive", body, citations, notes or [], replaced=replaced)

    def _table_answer(self, query: Query, prepared: Prepared) -> tuple[str, list[Citation]] | None:
        """The answer from the targets table; other documents' records of the same target are looked for among
        every clause the question's filters allow, not only the retrieved ones."""
        corpus = self.retriever.corpus

        def pool() -> list[Hit]:  # built only when a record answers: most questions never need it
            allowed = corpus.allowed_rows(prepared.filters)
            rows = corpus.target_rows if allowed is None else np.intersect1d(corpus.target_rows, allowed)
            return [Hit(corpus.chunks[row], corpus.document_of(corpus.chunks[row]), 0.0) for row in rows.tolist()]

        return target_answer(query, prepared.hits, pool)

    # -- the one exit ----------------------------------------------------------------------------
    @staticmethod
    def _compose(turn: Prepared, verdict: Verdict) -> Answer:
        notes = turn.notes + verdict.notes
        turn.timings["total_ms"] = (time.perf_counter() - turn.started) * 1000
        if verdict.mode != "refused":
            return Answer(verdict.text, False, verdict.mode, verdict.citations, with_cited_items(turn.hits,
                          verdict.citations), turn.timings, turn.model, notes, verdict.short_answer, verdict.sentences,
                          replaced=verdict.replaced, model_reply=turn.reply)
        closest = ""
        if turn.hits:
            label = "Các đoạn gần nhất" if is_vietnamese(verdict.text) else "Closest passages"
            closest = f"\n{label}:\n" + "\n".join(
                f"- {h.document.display_name()} — {h.chunk.section}: {h.text[:160]}…" for h in turn.hits[:3])
        return Answer(verdict.text + closest, True, "refused", [], turn.hits[:3], turn.timings, None, notes,
                      replaced=verdict.replaced, model_reply=turn.reply)


SIDE_LEFT_OUT = "câu hỏi so sánh nhưng câu trả lời không dẫn nguồn nào của: "


def _side_label(side: SearchFilters, hits: list[Hit]) -> str:
    """How a note names one side of a comparison: its document, province or level."""
    if side.docs:
        return next((h.document.display_name() for h in hits if side.matches(h.document)), ", ".join(side.docs))
    if side.provinces and not side.levels:
        return "tỉnh " + ", ".join(side.provinces)
    return ", ".join(side.levels + side.provinces)


def sides_left_out(query: Query, hits: list[Hit], cited: list[int]) -> list[str]:
    """The sides of a comparison that the evidence holds but the answer cites none of (an answer with one side's
    figure, or one side's number given for both)."""
    if len(query.sides) < 2:
        return []
    cited_documents = [hits[n - 1].document for n in cited if 0 < n <= len(hits)]
    return [_side_label(side, hits) for side in query.sides
            if any(side.matches(h.document) for h in hits) and not any(side.matches(d) for d in cited_documents)]


FRAGMENT_MAX_WORDS = 6
FRAGMENT_NOTE = "Mô hình trả lời bằng một cụm từ; dưới đây là câu văn bản chứa cụm từ đó, nguyên văn."
_LEADING_MARKS = re.compile(r"^[\s.,:;\-–•*]*(?:\(?\d{1,2}[.)]\s+(?=\S))?")


def fragment_source(reply: str, hits: list[Hit], cited: list[int]) -> tuple[str, int, str] | None:
    """A reply that is only a phrase copied from one evidence sentence ("[1]. 6 tháng", "[1] giai đoạn 2021-2025"):
    (the phrase, the clause, the sentence), the cited clauses' sentences first; None for a reply that says more, or
    whose words no sentence holds as written."""
    phrase = _LEADING_MARKS.sub("", without_citation_marks(reply)).strip().rstrip(" .;,")
    if not phrase or len(phrase.split()) > FRAGMENT_MAX_WORDS or "\n" in phrase:
        return None
    folded = fold(phrase)
    sentences = number_sentences(hits).sentences
    for sentence in sorted(sentences, key=lambda s: s.clause not in cited):
        if folded in fold(sentence.text) and fold(sentence.text) != folded:
            return phrase, sentence.clause, sentence.text
    return None


def with_cited_items(hits: list[Hit], citations: list[Citation]) -> list[Hit]:
    """The evidence, and after it each cited item that a lead-in brought along or announced (its own clause, not a
    retrieved hit): every citation of an answer has its source among the evidence (the sources panel, the eval)."""
    given = {hit.chunk.chunk_id for hit in hits}
    cited = {c.chunk_id for c in citations}
    items = []
    for hit in hits:
        for chunk in [*hit.following, *hit.announced]:
            if chunk.chunk_id in cited and chunk.chunk_id not in given:
                items.append(Hit(chunk, hit.document, hit.score))
                given.add(chunk.chunk_id)
    return hits + items


def missed_kinds_reason(kinds: list[str]) -> str:
    """Why an answer that leaves out what was asked is replaced (for the note shown with the quotes)."""
    return "câu hỏi hỏi " + ", ".join(KIND_NAMES[k] for k in kinds) + " nhưng câu trả lời không nêu"


POINTING = re.compile(r"\[\d+\]|\b(?:xem\s+)?(?:các\s+)?đoạn trích\b|\b(?:see\s+)?(?:the\s+)?(?:passages?|excerpts?)\b",
                      re.IGNORECASE)


def says_nothing(answer: str, question: str) -> bool:
    """An empty reply, bare citation markers, a reply that only points at the evidence ("Đoạn trích [1] và
    [2]."), or the question echoed back."""
    words = set(tokenize(POINTING.sub(" ", answer)))
    if len(words) < 2:
        return True
    return words <= set(tokenize(question)) | {"1", "2", "3"}


def infer_citations(answer: str, hits: list[Hit], question: str = "") -> list[int]:
    """An answer that cites nothing is attributed to the clauses holding its figures, years and the question's own
    numbers ("Nghị quyết 57") aside (else to the first clause)."""
    asked = {f.value for f in figures(question)}
    wanted = {(f.value, f.base) for f in figures(answer) if not is_year(f.value) and f.value not in asked}
    found = [n for n, hit in enumerate(hits, start=1) if wanted & {(f.value, f.base) for f in figures(hit.text)}]
    return found or [1]
