"""Follow-up questions in a conversation ("Còn đến năm 2045?") made standalone from the previous one."""

from __future__ import annotations

import re

from nghiquyet.core.textnorm import YEAR

FOLLOWUP = re.compile(r"^(còn|thế còn|vậy còn|vậy|và|còn về|what about|how about|and)\b|"
                      r"\b(văn bản này|nghị quyết này|chương trình này|chỉ tiêu đó|mục tiêu đó|con số đó|"
                      r"nó|it|that one|this one)\b", re.I)
SHORT_QUESTION_WORDS = 4


def rewrite_followup(question: str, history: list[str]) -> str:
    """Make a follow-up standalone by carrying over the previous question (with the new year, if any)."""
    if not history or not (FOLLOWUP.search(question.strip()) or len(question.split()) <= SHORT_QUESTION_WORDS):
        return question
    previous = history[-1]
    years = [m.group(0) for m in YEAR.finditer(question)]
    if years:
        previous = YEAR.sub(years[0], previous)
    return f"{previous} {question}"
