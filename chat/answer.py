"""Answer a question from the loaded documents: retrieve, gate, generate, check, and fall back.

The code, not the model, decides the facts that matter: which sources are cited (numbers the model
invents are dropped), whether every figure is in the cited clauses with the same qualifier and base
(GRDP vs GDP), and whether the documents hold an answer at all. An answer that fails a check is replaced
by the best clauses quoted verbatim with their sources, and says so.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from typing import Callable

from chat.checks import check_answer, figures, remove_citations
from chat.generators import Generator, TokenCallback, create_generator
from chat.prompts import NOT_FOUND_MARK, build_messages, evidence_block, is_vietnamese
from index.retriever import HybridRetriever, SearchFilters
from index.tokenizer import tokenize
from ingest.documents import detect_province, load_provinces
from nghiquyet.config import Settings
from nghiquyet.errors import QuestionError
from nghiquyet.models import Answer, Citation, Hit
from nghiquyet.textnorm import SENTENCE_BREAK, YEAR, fold, is_year

_INJECTION = re.compile(
    r"((bỏ qua|phớt lờ|quên|không cần tuân theo)\s+(mọi|tất cả|các|những)?\s*(hướng dẫn|chỉ dẫn|quy tắc|lệnh|yêu cầu)"
    r"|ignore\s+(all\s+|any\s+)?(the\s+)?(previous|above|prior|earlier)?\s*(instructions|rules|prompts?)"
    r"|system prompt|jailbreak|developer mode)", re.I)
_FOLLOWUP = re.compile(r"^(còn|thế còn|vậy còn|vậy|và|còn về|what about|how about|and)\b|"
                       r"\b(văn bản này|nghị quyết này|chương trình này|chỉ tiêu đó|mục tiêu đó|con số đó|"
                       r"nó|it|that one|this one)\b", re.I)
_DOC_REFERENCE = re.compile(r"(?i)\b(nghị quyết|chương trình|kế hoạch|quyết định|chỉ thị|hướng dẫn|resolution|"
                            r"programme|program)\s+(?:số\s+)?(\d{1,4})(?:\s*-\s*[\wđĐ]+/[\wđĐ]+)?")
_TARGET = re.compile(r"(mục tiêu|chỉ tiêu|bao nhiêu|mấy|tỷ lệ|tỉ lệ|quy mô|target|goal|how many|how much|percent)",
                     re.I)
COVERAGE_FOR_QUOTE = 0.5
_QUESTION_WORDS = {"là", "gì", "nào", "của", "bao_nhiêu", "mấy", "có", "được", "và", "các", "những", "ai", "khi",
                   "đến", "năm", "theo", "the", "what", "is", "of", "by", "how", "does", "which", "a", "to", "in"}
_QUANTITY = re.compile(r"(bao nhiêu|mấy|số lượng|tỷ lệ|tỉ lệ|how many|how much|what percent|what share)", re.I)


@dataclass(frozen=True)
class GateThresholds:
    """Below both scores, retrieval is taken to have found nothing relevant. Calibrated on the dev and
    held-out sets: no answerable question falls below both (the lowest: e5 0.814 with BM25 2.84), while
    off-topic ones do (football 0.800/2.1, population 0.824/0, chairman 0.796/0). Near-topic questions
    score like answerable ones, so the gate is only the first of the checks."""

    dense: float = 0.83
    sparse: float = 2.5


class CheckedStream:
    """Passes the model's text on sentence by sentence, each only after its figures are found in the
    evidence; after the first sentence that fails, nothing more is passed on."""

    _END = re.compile(r"[.!?;:\n]\s")

    def __init__(self, evidence: list[str], on_token: TokenCallback | None, question: str | None = None) -> None:
        self.evidence = evidence
        self.question = question
        self.on_token = on_token
        self.buffer = ""
        self.failed = False
        self.first_emit: float | None = None

    def _emit(self, text: str) -> None:
        if self.failed or not text:
            return
        if check_answer(text, self.evidence, self.question).problems:
            self.failed = True
            return
        self.first_emit = self.first_emit or time.perf_counter()
        if self.on_token:
            self.on_token(text)

    def __call__(self, piece: str) -> None:
        self.buffer += piece
        while (match := self._END.search(self.buffer)):
            sentence, self.buffer = self.buffer[: match.end()], self.buffer[match.end():]
            self._emit(sentence)

    def close(self) -> None:
        self._emit(self.buffer)
        self.buffer = ""


def rewrite_followup(question: str, history: list[str]) -> str:
    """Make a follow-up ("Còn đến năm 2045?") standalone by carrying over the previous question."""
    if not history or not (_FOLLOWUP.search(question.strip()) or len(question.split()) <= 4):
        return question
    previous = history[-1]
    years = [m.group(0) for m in YEAR.finditer(question)]
    if years:
        previous = YEAR.sub(years[0], previous)
    return f"{previous} {question}"


class AnswerService:
    """Answers questions over one index with one generator (loaded once, shared)."""

    def __init__(self, retriever: HybridRetriever, settings: Settings,
                 generator: Generator | Callable[[str | None], Generator] | None = None,
                 gate: GateThresholds = GateThresholds()) -> None:
        self.retriever = retriever
        self.settings = settings
        self._generator = generator
        self.gate = gate
        self.provinces = load_provinces(settings.provinces_file)

    def generator(self, profile: str | None) -> Generator:
        if self._generator is None:
            return create_generator(self.settings, profile)
        if callable(self._generator) and not hasattr(self._generator, "chat"):
            return self._generator(profile)
        return self._generator  # type: ignore[return-value]

    # -- gate -----------------------------------------------------------------------------------
    def not_found_reason(self, question: str, hits: list[Hit]) -> str | None:
        vietnamese = is_vietnamese(question)
        if not hits:
            return ("Các văn bản đã nạp không có nội dung liên quan tới câu hỏi này." if vietnamese else
                    "The loaded documents contain nothing related to this question.")
        corpus_provinces = {fold(d.province) for d in self.retriever.data.documents.values() if d.province}
        named = detect_province(question, self.provinces)
        if named and fold(named) not in corpus_provinces:
            return (f"Các văn bản đã nạp không có văn bản nào của tỉnh/thành {named}." if vietnamese else
                    f"The loaded documents hold nothing from {named}.")
        for match in _DOC_REFERENCE.finditer(question):
            number = match.group(2)
            known = any(fold(d.number or "").split("-")[0].split("/")[0] == number
                        for d in self.retriever.data.documents.values())
            quoted = any(re.search(rf"(?<!\d){number}(?:\s*-|/)", c.text) for c in self.retriever.data.chunks)
            if not known and not quoted:
                return (f"Các văn bản đã nạp không có {match.group(1).lower()} số {number}." if vietnamese else
                        f"The loaded documents do not include {match.group(1).lower()} {number}.")
        dense = max((h.dense_score for h in hits if h.dense_score is not None), default=0.0)
        sparse = max((h.sparse_score for h in hits if h.sparse_score is not None), default=0.0)
        if dense < self.gate.dense and sparse < self.gate.sparse:
            return ("Các văn bản đã nạp không chứa thông tin để trả lời câu hỏi này." if vietnamese else
                    "The loaded documents do not contain the answer to this question.")
        return None

    # -- answers --------------------------------------------------------------------------------
    @staticmethod
    def _citation(number: int, hit: Hit) -> Citation:
        return Citation(number, hit.document.title, hit.document.number, hit.chunk.section, hit.chunk.chunk_id,
                        hit.text if len(hit.text) <= 400 else hit.text[:400].rsplit(" ", 1)[0] + " …")

    @staticmethod
    def best_sentences(question: str, hits: list[Hit], limit: int = 2) -> list[tuple[str, Hit]]:
        """The best sentence of the best clauses (outlines and cards only when nothing else was found);
        a sentence with a figure counts double for a question about a target or quantity. A second
        clause is quoted only when it is nearly as much about the question as the first."""
        words = set(tokenize(question))
        wants_figure = bool(_TARGET.search(question))
        clauses = [h for h in hits if h.chunk.kind == "clause"] or hits

        def score(sentence: str) -> int:
            overlap = len(words & set(tokenize(sentence)))
            has_figure = any(not is_year(f.value) for f in figures(sentence))
            return overlap * (2 if wants_figure and has_figure else 1)

        picked: list[tuple[int, str, Hit]] = []
        for hit in clauses:
            sentences = [s.strip() for s in SENTENCE_BREAK.split(hit.text) if s.strip()]
            best = max(sentences, key=score, default=hit.text)
            picked.append((score(best), best, hit))
        picked.sort(key=lambda item: -item[0])
        top = picked[0][0] if picked else 0
        chosen: list[tuple[str, Hit]] = []
        for value, sentence, hit in picked[:limit]:
            if chosen and value < 0.6 * top:
                break
            chosen.append((sentence, hit))
        return chosen

    def extractive(self, question: str, hits: list[Hit], limit: int = 2) -> tuple[str, list[Citation]]:
        """The best sentences quoted verbatim, each with its source."""
        parts, citations = [], []
        for number, (sentence, hit) in enumerate(self.best_sentences(question, hits, limit), start=1):
            parts.append(f"Theo {hit.document.display_name()} ({hit.chunk.section}): “{sentence}” [{number}]")
            citations.append(self._citation(number, hit))
        return "\n".join(parts), citations

    def _refusal(self, reason: str, hits: list[Hit], started: float, timings: dict, notes: list[str]) -> Answer:
        closest = ""
        if hits:
            label = "Các đoạn gần nhất" if is_vietnamese(reason) else "Closest passages"
            closest = f"\n{label}:\n" + "\n".join(
                f"- {h.document.display_name()} — {h.chunk.section}: {h.text[:160]}…" for h in hits[:3])
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        return Answer(reason + closest, True, "refused", [], hits[:3], timings, None, notes)

    def ask(self, question: str, history: list[str] | None = None, filters: SearchFilters | None = None,
            profile: str | None = None, on_token: TokenCallback | None = None,
            on_evidence: Callable[[list[Hit]], None] | None = None, use_model: bool = True) -> Answer:
        started = time.perf_counter()
        timings: dict[str, float | None] = {"retrieve_ms": None, "first_token_ms": None, "total_ms": None}
        notes: list[str] = []
        text = " ".join((question or "").split())
        if not text:
            return self._refusal("Câu hỏi đang trống. Hãy nhập câu hỏi, ví dụ: “Mục tiêu kinh tế số của Sóc Trăng "
                                 "đến năm 2030 là gì?”", [], started, timings, notes)
        if len(text) > self.settings.max_question_chars:
            return self._refusal(f"Câu hỏi dài {len(text)} ký tự, vượt giới hạn {self.settings.max_question_chars}. "
                                 "Hãy rút gọn hoặc tách thành nhiều câu hỏi.", [], started, timings, notes)
        if _INJECTION.search(text):
            notes.append("Câu hỏi có yêu cầu thay đổi cách trợ lý làm việc; phần đó bị bỏ qua.")
        standalone = rewrite_followup(text, history or [])
        if standalone != text:
            notes.append(f"Câu hỏi được hiểu là: {standalone}")
        try:
            hits = self.retriever.search(standalone, budget_chars=self.settings.answer_budget_chars, filters=filters)
        except QuestionError as exc:
            return self._refusal(str(exc), [], started, timings, notes)
        timings["retrieve_ms"] = (time.perf_counter() - started) * 1000
        if on_evidence:
            on_evidence(hits)
        reason = self.not_found_reason(standalone, hits)
        if reason:
            return self._refusal(reason, hits, started, timings, notes)
        self._national_note(standalone, hits, notes)
        if not use_model:
            body, citations = self.extractive(text, hits)
            timings["total_ms"] = (time.perf_counter() - started) * 1000
            return Answer(body, False, "extractive", citations, hits, timings, None, notes)

        generator = self.generator(profile)
        blocks = [evidence_block(n, h) for n, h in enumerate(hits, start=1)]
        stream = CheckedStream(blocks, on_token, standalone)
        generation = generator.chat(build_messages(text, hits), self.settings.max_answer_tokens, stream)
        stream.close()
        timings["first_token_ms"] = (timings["retrieve_ms"] or 0) + (generation.first_token_ms or generation.total_ms)
        said_nothing = self._says_nothing(generation.text, text)
        if said_nothing:
            notes.append("Mô hình không đưa ra nội dung trả lời.")
        comparison = bool(self.retriever.comparison_sides(standalone))
        if (NOT_FOUND_MARK in generation.text.upper() or said_nothing) and (comparison or self._covers(text, hits)):
            # Small models say "not found" too readily: when one clause plainly covers the question,
            # quote it instead of refusing.
            body, citations = self.extractive(text, hits)
            notes.append("Mô hình không tìm ra câu trả lời; dưới đây là đoạn văn bản sát nhất với câu hỏi.")
            timings["total_ms"] = (time.perf_counter() - started) * 1000
            return Answer(body, False, "extractive", citations, hits, timings, generator.name, notes)
        if NOT_FOUND_MARK in generation.text.upper() or said_nothing:
            return self._refusal("Các văn bản đã nạp không chứa thông tin để trả lời câu hỏi này."
                                 if is_vietnamese(text) else "The loaded documents do not contain the answer.",
                                 hits, started, timings, notes + ["Mô hình xác nhận không tìm thấy câu trả lời."])
        check = check_answer(generation.text, blocks, standalone)
        if check.dropped:
            notes.append(f"Bỏ các trích dẫn không có trong đoạn trích: {', '.join(f'[{n}]' for n in check.dropped)}.")
        if not check.ok:
            body, citations = self.extractive(text, hits)
            if _QUANTITY.search(text) and check.invented:
                # Asked for a number, the model made one up that no clause holds: the documents don't say.
                return self._refusal("Các văn bản đã nạp không nêu con số này." if is_vietnamese(text) else
                                     "The loaded documents do not give this figure.", hits, started, timings,
                                     notes + ["Mô hình đưa ra con số không có trong văn bản: "
                                                               + "; ".join(dict.fromkeys(check.problems))])
            notes.append("Câu trả lời của mô hình đã được thay bằng trích dẫn nguyên văn vì: "
                         + "; ".join(dict.fromkeys(check.problems)))
            timings["total_ms"] = (time.perf_counter() - started) * 1000
            return Answer(body, False, "extractive", citations, hits, timings, generator.name, notes)
        cited = check.cited or self._infer_citations(generation.text, hits)
        body = remove_citations(generation.text, set(range(1, len(hits) + 1)))
        timings["total_ms"] = (time.perf_counter() - started) * 1000
        return Answer(body, False, "generated", [self._citation(n, hits[n - 1]) for n in cited], hits, timings,
                      generator.name, notes)

    @staticmethod
    def _says_nothing(answer: str, question: str) -> bool:
        """An empty reply, bare citation markers, or the question echoed back."""
        words = set(tokenize(re.sub(r"\[\d+\]", " ", answer)))
        if len(words) < 2:
            return True
        return words <= set(tokenize(question)) | {"1", "2", "3"}

    def _covers(self, question: str, hits: list[Hit]) -> bool:
        """Whether the best quoted sentence holds most of the question's words (and a figure when a
        figure is asked for)."""
        words = {t for t in tokenize(question) if "__" not in t and t not in _QUESTION_WORDS}
        best = self.best_sentences(question, hits, limit=1)
        if not words or not best:
            return False
        sentence, hit = best[0]
        covered = len(words & set(tokenize(f"{hit.chunk.section} {sentence}"))) / len(words)
        needs_figure = bool(_QUANTITY.search(question))
        has_figure = any(not is_year(f.value) for f in figures(sentence))
        return covered >= COVERAGE_FOR_QUOTE and (has_figure or not needs_figure)

    @staticmethod
    def _infer_citations(answer: str, hits: list[Hit]) -> list[int]:
        """An answer that cites nothing is attributed to the clauses holding its figures, years aside
        (else to the first clause)."""
        wanted = {(f.value, f.base) for f in figures(answer) if not is_year(f.value)}
        found = [n for n, hit in enumerate(hits, start=1)
                 if wanted & {(f.value, f.base) for f in figures(hit.text)}]
        return found or [1]

    def _national_note(self, question: str, hits: list[Hit], notes: list[str]) -> None:
        named = detect_province(question, self.provinces)
        if named and not any(fold(h.document.province or "") == fold(named) for h in hits):
            notes.append(f"Không có chỉ tiêu riêng của tỉnh {named} trong các đoạn tìm được; "
                         "các con số dưới đây là của văn bản cấp quốc gia.")
