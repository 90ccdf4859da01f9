"""Answers that hold no figure to check can still be junk: a fragment repeated over and over, a document's
card copied out instead of an answer, or the question restated. Such a reply is never shown as a generated
answer; the caller quotes the clauses instead. The checks look at the shape of the reply, not at any document's
wording."""

from __future__ import annotations

from collections import Counter

from nghiquyet.chat.prompts import HEADER_SEPARATOR
from nghiquyet.core.lexicon import asking_positions, reply_words, without_citation_marks
from nghiquyet.core.textnorm import fold, sentences

REPEATS = 3  # the same sentence (or a line of at least MIN_WORDS words) this many times is a loop
MIN_WORDS = 4
CARD_LABELS = ("văn bản:", "loại:", "số hiệu:", "ngày ban hành:", "cơ quan ban hành:", "người ký:", "cấp:",
               "tỉnh:", "tác giả:")
CARD_FIELDS = 3  # this many card labels in one reply: a card copied out
ECHO_RUN = 5  # this many syllables of the question in a row, one of them asking, in a reply: the question restated


def repeated_fragment(answer: str) -> str | None:
    """The sentence a reply repeats REPEATS times or more (a generation loop), or None."""
    pieces = [" ".join(fold(without_citation_marks(p)).split()).strip(" .;")
              for p in sentences(answer)]
    counts = Counter(p for p in pieces if len(p.split()) >= MIN_WORDS)
    fragment, times = counts.most_common(1)[0] if counts else ("", 0)
    if times >= REPEATS:
        return fragment
    words = fold(without_citation_marks(answer)).split()  # one phrase looping inside a single long sentence
    for size in (4, 6, 8):
        grams = Counter(tuple(words[i:i + size]) for i in range(0, max(0, len(words) - size + 1)))
        if grams and grams.most_common(1)[0][1] >= REPEATS + 1:
            return " ".join(grams.most_common(1)[0][0])
    return None


def copied_card(answer: str) -> bool:
    """Whether a reply is a document card copied out (several of its field labels)."""
    text = fold(answer)
    return sum(label in text for label in CARD_LABELS) >= CARD_FIELDS


def copied_header(answer: str, headers: list[str]) -> bool:
    """Whether a reply copies an evidence header, the prompt's own "document — section" label, into its prose
    ("Kế hoạch số 3260-KH/ĐĐQH15, cấp quốc gia — Thông tin văn bản [1] và …"): it strings labels together
    instead of reading the clauses."""
    for header in headers:
        document, _, section = header.partition(HEADER_SEPARATOR)
        document = document.split("] ", 1)[-1]  # without the evidence number
        if section and (document + HEADER_SEPARATOR in answer or HEADER_SEPARATOR + section[:40] in answer):
            return True
    return False


def restated_question(answer: str, question: str) -> str | None:
    """The stretch of the question a reply copies with an asking word ("… giao cho ai chủ trì, ai phối hợp và
    thời hạn là năm 2026", "… sở nào xếp cuối và bị xếp loại là Sở Tài chính"), or None: whatever slot it fills
    after it, such a reply restates the question rather than answers it, and what the question asks beside that
    slot goes unanswered."""
    said = [w.lower() for w in reply_words(answer)]
    written = reply_words(question)
    asked, asking = [w.lower() for w in written], asking_positions(written)
    longest = [0] * (len(asked) + 1)  # the longest run in common ending at each question word
    for word in said:
        previous = longest[:]
        for j, asked_word in enumerate(asked, start=1):
            longest[j] = previous[j - 1] + 1 if word == asked_word else 0
            start = j - longest[j]
            if longest[j] >= ECHO_RUN and asking & set(range(start, j)):
                return " ".join(written[start:j])
    return None


def junk_reason(answer: str, headers: list[str] | None = None, question: str = "") -> str | None:
    """Why a reply is not an answer (in Vietnamese, for the note shown with the quotes), or None. ``headers``:
    the evidence headers the model was shown; ``question``: what was asked."""
    if question and (restated := restated_question(answer, question)):
        return f"câu trả lời của mô hình nhắc lại câu hỏi (“{restated[:60]}…”) thay vì trả lời"
    if copied_header(answer, headers or []):
        return "câu trả lời của mô hình chép nhãn đoạn trích (văn bản — mục) thay vì trả lời"
    fragment = repeated_fragment(answer)
    if fragment:
        return f"câu trả lời của mô hình lặp đi lặp lại một đoạn (“{fragment[:60]}…”)"
    if copied_card(answer):
        return "câu trả lời của mô hình chỉ chép lại thông tin văn bản, không trả lời câu hỏi"
    return None
