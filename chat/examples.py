"""Worked examples for the answer prompts (few-shot, ``[generation] few_shot``): an invented document, and for
each example a question, its evidence rendered exactly as real evidence is, and the reply the rules ask for.
They sit between the system prompt and the real question, so a loaded model reuses them from its prompt cache.
Three per mode: a figure copied with its own indicator words, a signer and date from a document card, and a
question the evidence does not answer. The document is made up ("tỉnh Mẫu", "Kế hoạch số 01/KH-VD"), so a fact
copied from an example never passes the checks against the real evidence."""

from __future__ import annotations

import json
from dataclasses import dataclass

from nghiquyet.chat import constrained, prompts
from nghiquyet.chat.evidence import number_sentences
from nghiquyet.chat.prompts import NOT_FOUND_MARK
from nghiquyet.core.models import Chunk, Document, Hit

SAMPLE = Document("vi-du", "vi-du.docx", 0, "Kế hoạch chuyển đổi số tỉnh Mẫu (văn bản mẫu)", "kế hoạch",
                  "01/KH-VD", level="tỉnh", province="Mẫu")


@dataclass(frozen=True)
class Example:
    """One worked example: the evidence (its heading path, its text), the question and both replies."""

    path: tuple[str, ...]
    text: str
    question: str
    reply: dict  # the constrained reply: sentence ids, short answer, answer
    prose: str  # the free reply

    def hits(self) -> list[Hit]:
        chunk = Chunk(f"vi-du#{len(self.path)}", SAMPLE.doc_id, "clause", list(self.path), self.text, self.text, 0,
                      "vi-du-c1")
        return [Hit(chunk, SAMPLE, 1.0)]


EXAMPLES = (
    Example(("II. Mục tiêu", "1. Đến năm 2030"),
            "Tỷ lệ hộ gia đình có kết nối Internet cáp quang đạt trên 95%. "
            "Quy mô kinh tế số chiếm tối thiểu 25% GRDP của tỉnh.",
            "Mục tiêu kinh tế số của tỉnh Mẫu đến năm 2030 là gì?",
            {"sentences": [2], "short_answer": "tối thiểu 25% GRDP",
             "answer": "Đến năm 2030, quy mô kinh tế số của tỉnh Mẫu chiếm tối thiểu 25% GRDP."},
            "Đến năm 2030, quy mô kinh tế số của tỉnh Mẫu chiếm tối thiểu 25% GRDP [1]."),
    Example(("Thông tin văn bản",),
            "Kế hoạch số 01/KH-VD do Ủy ban nhân dân tỉnh Mẫu ban hành ngày 12/3/2024; người ký: Trần Văn Mẫu "
            "(Phó Chủ tịch).",
            "Ai ký Kế hoạch số 01/KH-VD và ký ngày nào?",
            {"sentences": [1, 2], "short_answer": "Trần Văn Mẫu (Phó Chủ tịch), ngày 12/3/2024",
             "answer": "Kế hoạch số 01/KH-VD do Trần Văn Mẫu (Phó Chủ tịch) ký ngày 12/3/2024."},
            "Kế hoạch số 01/KH-VD do Trần Văn Mẫu (Phó Chủ tịch) ký ngày 12/3/2024 [1]."),
    Example(("III. Nhiệm vụ", "2. Hạ tầng số"),
            "Phủ sóng di động 5G tại các khu công nghiệp trước năm 2027.",
            "Kinh phí thực hiện Kế hoạch số 01/KH-VD là bao nhiêu?",
            {"sentences": [], "short_answer": "", "answer": ""},
            NOT_FOUND_MARK),
)


def constrained_examples() -> list[dict[str, str]]:
    """User and assistant turns for the constrained (JSON) prompt, built as a real question's turn is."""
    turns: list[dict[str, str]] = []
    for example in EXAMPLES:
        turns.append(constrained.user_turn(example.question, number_sentences(example.hits()), "vi"))
        turns.append({"role": "assistant", "content": json.dumps(example.reply, ensure_ascii=False)})
    return turns


def free_examples() -> list[dict[str, str]]:
    """User and assistant turns for the free (prose with [n]) prompt, built as a real question's turn is."""
    turns: list[dict[str, str]] = []
    for example in EXAMPLES:
        turns.append(prompts.user_turn(example.question, example.hits()))
        turns.append({"role": "assistant", "content": example.prose})
    return turns
