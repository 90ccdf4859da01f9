"""Constrained answers: the model returns JSON the code enforces (llama.cpp's JSON-schema grammar, or an
OpenAI-compatible server's ``response_format``): the ids of the evidence sentences it relies on, a short
answer (the span a reader needs) and one or two sentences. The code then checks every word of the short
answer and every figure, name and date of the answer against the cited sentences, and that the words
attached to a figure are the clause's own ("quy mô kinh tế số", not "tăng trưởng kinh tế số"); it renders
the citations itself."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from nghiquyet.chat.checks import check_answer, checked_question
from nghiquyet.chat.evidence import EvidenceSentence, NumberedEvidence
from nghiquyet.chat.generator import TokenCallback
from nghiquyet.chat.prompts import SAFETY_RULE
from nghiquyet.core.lexicon import figures, reply_words
from nghiquyet.core.textnorm import UPPER, fold, is_year
from nghiquyet.index.query import Query

MAX_CITED_SENTENCES = 4
SHORT_ANSWER_MAX_CHARS = 200
ANSWER_MAX_CHARS = 600
INDICATOR_WINDOW = 6  # syllables before a figure that name what it measures

SYSTEM_PROMPT = (
    "Bạn là trợ lý tra cứu văn bản của Đảng và Nhà nước. Mỗi câu trong phần trích dẫn có số [1], [2]…; "
    "dòng bắt đầu bằng ## cho biết văn bản và mục chứa các câu ngay dưới nó. "
    "Trả lời bằng JSON: \"sentences\" là số của các câu chứa câu trả lời (tối đa 4); \"short_answer\" là "
    "phần trả lời ngắn, tối đa 12 từ, chép nguyên văn từ các câu đó (một con số kèm đơn vị và từ định lượng, một "
    "tên, một ngày, hoặc một danh sách ngắn); \"answer\" là một hoặc hai câu trả lời đầy đủ, dùng đúng từ ngữ của câu được dẫn "
    "(GRDP là của tỉnh, GDP là của cả nước), không ghi số câu. "
    "Nếu không câu nào chứa câu trả lời: \"sentences\" là [] và hai trường còn lại để trống. " + SAFETY_RULE
)

# Syllables an answer may add around a figure without changing what it measures.
CONNECTIVES = frozenset(
    "là đạt của tỉnh đến năm vào mục tiêu chỉ tiêu phấn đấu có được và các với ở mức khoảng cả nước thì "
    "sẽ phải cần theo trong tại này đó nhằm để cho đề ra đặt nêu quy định the is of to by in a an and "
    "target goal reach at least".split())


@dataclass(frozen=True)
class Reply:
    """The model's structured answer."""

    sentence_ids: list[int]
    short_answer: str
    answer: str


def answer_schema(sentence_count: int) -> dict:
    """The JSON schema the model must follow (ids bounded by the evidence it was given)."""
    return {
        "type": "object",
        "properties": {
            "sentences": {"type": "array", "items": {"type": "integer", "minimum": 1,
                                                     "maximum": max(1, sentence_count)},
                          "maxItems": MAX_CITED_SENTENCES},
            # No maxLength: llama.cpp turns it into one grammar rule per character, which slowed decoding about
            # threefold here; max_tokens bounds the reply and parse_reply cuts the fields.
            "short_answer": {"type": "string"},
            "answer": {"type": "string"},
        },
        "required": ["sentences", "short_answer", "answer"],
        "additionalProperties": False,
    }


def build_messages(question: str, evidence: NumberedEvidence, language: str) -> list[dict[str, str]]:
    lang = "tiếng Việt" if language == "vi" else "English (the question is in English)"
    user = f"Trích dẫn:\n{evidence.render()}\n\nCâu hỏi: {question}\n\nViết \"answer\" bằng {lang}."
    return [{"role": "system", "content": SYSTEM_PROMPT}, {"role": "user", "content": user}]


def parse_reply(text: str) -> Reply | None:
    """The reply as JSON, or None when it is not the shape asked for (a server that ignored the schema)."""
    match = re.search(r"\{.*\}", text, re.DOTALL)
    try:
        data = json.loads(match.group(0) if match else text)
    except json.JSONDecodeError:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("sentences", []), list):
        return None
    ids = [int(i) for i in data.get("sentences", []) if isinstance(i, int) or (isinstance(i, str) and i.isdigit())]
    short, answer = data.get("short_answer", ""), data.get("answer", "")
    if not isinstance(short, str) or not isinstance(answer, str):
        return None
    return Reply(ids, " ".join(short.split())[:SHORT_ANSWER_MAX_CHARS], " ".join(answer.split())[:ANSWER_MAX_CHARS])


def _syllables(text: str) -> list[str]:
    return [word.lower() for word in reply_words(text)]


def _context(evidence: NumberedEvidence, cited: list[EvidenceSentence]) -> list[str]:
    """Each cited sentence as a block: its header line (document, section), then the sentence."""
    return [f"{evidence.header(s)}\n{s.text}" for s in cited]


def words_not_in(short_answer: str, cited: list[str]) -> list[str]:
    """Words of the short answer that none of the cited sentences (with their headers) holds."""
    known = set(_syllables(" ".join(cited)))
    return list(dict.fromkeys(w for w in _syllables(short_answer) if w not in known))


def foreign_indicator_words(answer: str, cited: list[str], question: str) -> list[str]:
    """Words just before a figure that name what it measures, taken from neither the cited sentences nor
    as a proper name of the question: "tăng trưởng kinh tế số đạt 30% GRDP" from a clause that says "quy mô"."""
    known = set(_syllables(" ".join(cited)))
    names = {fold(w) for w in re.findall(rf"\b[{UPPER}]\w*", question)}  # Sóc Trăng, Việt Nam, GRDP…
    problems: list[str] = []
    for figure in figures(answer):
        if is_year(figure.value):
            continue
        at = answer.find(figure.text)
        before = re.split(r"[,;:.()\[\]\n]", answer[:max(at, 0)])[-1]
        window = _syllables(before)[-INDICATOR_WINDOW:]
        foreign = [w for w in window if w not in known and w not in CONNECTIVES and w not in names
                   and not w.isdigit()]
        if foreign:
            problems.append(f"“{' '.join(foreign)}” gắn với “{figure.text}” không phải lời của câu được dẫn")
    return problems


def unrelated_document(query: Query, evidence: NumberedEvidence, cited: list[EvidenceSentence]) -> list[str]:
    """A question about named documents answered only from others."""
    if not query.subject_documents:
        return []
    cited_docs = {evidence.hits[s.clause - 1].document.doc_id for s in cited}
    return [] if cited_docs & query.subject_documents else ["các câu được dẫn không thuộc văn bản được hỏi"]


def locate(short_answer: str, evidence: NumberedEvidence, question: str, limit: int = 2) -> list[EvidenceSentence]:
    """The sentences that hold every word of the short answer (a copy cut with "…" counts up to the cut),
    first ones first; none for an echo of the question. The code, not the model, then decides what is cited."""
    words = set(_syllables(short_answer.rstrip(" .…")))
    if len(words) < 1 or words <= set(_syllables(question)):
        return []
    return [s for s in evidence.sentences if words <= set(_syllables(s.text))][:limit]


def check_reply(reply: Reply, evidence: NumberedEvidence, query: Query) -> tuple[list[EvidenceSentence], list[str]]:
    """The sentences the reply rests on, and what is wrong with it (empty when it may be shown).

    The sentences are the ones the model picked, unless its short answer is not in them but is, word for word,
    in others: then those (small models point at [1, 2, 3, 4] out of habit, or at nothing while copying the
    right span)."""
    cited = evidence.by_id(reply.sentence_ids)[:MAX_CITED_SENTENCES]
    if reply.short_answer and (not cited or words_not_in(reply.short_answer, [s.text for s in cited])):
        cited = locate(reply.short_answer, evidence, query.text) or cited
    if not cited:
        return [], []
    blocks = _context(evidence, cited)
    problems: list[str] = []
    if not reply.answer:
        problems.append("mô hình không viết câu trả lời")
    if missing := words_not_in(reply.short_answer, [s.text for s in cited]):
        problems.append("câu trả lời ngắn có từ không có trong câu được dẫn: " + ", ".join(missing[:5]))
    both = f"{reply.short_answer}. {reply.answer}"  # a full stop, so no name runs from one into the other
    problems += check_answer(both, blocks, checked_question(query)).problems
    problems += foreign_indicator_words(reply.answer, blocks, query.text)
    problems += foreign_indicator_words(reply.short_answer, blocks, query.text)
    problems += unrelated_document(query, evidence, cited)
    return cited, list(dict.fromkeys(problems))


class AnswerFieldStream:
    """Passes on, as it arrives, only the text of the JSON reply's "answer" field (decoded), so a user sees
    the answer being written and never the JSON around it."""

    _START = re.compile(r'"answer"\s*:\s*"')

    def __init__(self, on_token: TokenCallback | None) -> None:
        self.on_token = on_token
        self.raw = ""
        self.sent = 0

    def __call__(self, piece: str) -> None:
        self.raw += piece
        start = self._START.search(self.raw)
        if not start or not self.on_token:
            return
        body = self.raw[start.end():]
        end = re.search(r'(?<!\\)(?:\\\\)*"', body)
        body = body[:end.start() + len(end.group(0)) - 1] if end else re.sub(r"\\(u[0-9a-fA-F]{0,3})?$", "", body)
        try:
            text = json.loads(f'"{body}"')
        except json.JSONDecodeError:
            return
        if len(text) > self.sent:
            self.on_token(text[self.sent:])
            self.sent = len(text)
