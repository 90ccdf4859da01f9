"""Question sets: our JSONL format, or SQuAD-format JSON (its paragraphs become a throwaway corpus)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from nghiquyet.core.errors import NghiQuyetError

EVIDENCE_SEPARATOR = " || "
UNANSWERABLE = "unanswerable"


class EvalFileError(NghiQuyetError):
    """The question file cannot be read."""


@dataclass
class EvalQuestion:
    id: str
    question: str
    answer: str | None = None
    must_contain: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    doc: str | None = None
    section: str | None = None
    type: str | None = None
    squad_answers: list[str] = field(default_factory=list)
    # ``"answerable": false`` on the row; the question's ``type`` then stays its kind ("table", "fact"…).
    marked_unanswerable: bool = False

    @property
    def answerable(self) -> bool:
        """False for ``type: "unanswerable"``, ``"answerable": false``, and a question with nothing to find (no
        ``must_contain``, no ``evidence``, no SQuAD answer): it cannot be graded as answered, and the sets
        written apart from the code mark the questions their documents cannot answer this way ("answer":
        "Không có trong tài liệu" beside the file it is near). Before, whatever was said to those was
        listed as right, and their sets had no refusal figures."""
        if self.type == UNANSWERABLE or self.marked_unanswerable:
            return False
        return bool(self.must_contain or self.evidence or self.squad_answers)


@dataclass
class EvalSet:
    questions: list[EvalQuestion]
    corpus: dict[str, str] | None = None  # file name -> text, for SQuAD sets


def _from_row(row: dict, where: str) -> EvalQuestion:
    if not isinstance(row, dict) or not row.get("id") or not row.get("question"):
        raise EvalFileError(f"{where}: mỗi dòng cần có 'id' và 'question'.")
    evidence = row.get("evidence") or ""
    pieces = evidence if isinstance(evidence, list) else [p.strip() for p in evidence.split(EVIDENCE_SEPARATOR)]
    return EvalQuestion(
        id=str(row["id"]), question=str(row["question"]), answer=row.get("answer"),
        must_contain=[str(x) for x in row.get("must_contain") or []], evidence=[p for p in pieces if p],
        # "file": question sets over a folder of documents name the source file instead of a number
        doc=row.get("doc") or row.get("file"), section=row.get("section"), type=row.get("type"),
        marked_unanswerable=row.get("answerable") is False,
    )


def _load_jsonl(path: Path) -> EvalSet:
    questions: list[EvalQuestion] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalFileError(f"{path}:{number}: không phải JSON hợp lệ ({exc.msg}).") from exc
        questions.append(_from_row(row, f"{path}:{number}"))
    ids = [q.id for q in questions]
    if len(ids) != len(set(ids)):
        raise EvalFileError(f"{path}: có 'id' bị trùng.")
    return EvalSet(questions)


def _load_squad(path: Path, data: dict) -> EvalSet:
    corpus: dict[str, str] = {}
    questions: list[EvalQuestion] = []
    for article_number, article in enumerate(data.get("data", [])):
        for paragraph_number, paragraph in enumerate(article.get("paragraphs", [])):
            name = f"squad_{article_number:04d}_{paragraph_number:03d}.txt"
            corpus[name] = paragraph["context"]
            for qa in paragraph.get("qas", []):
                answers = [a["text"] for a in qa.get("answers", []) if a.get("text")]
                impossible = bool(qa.get("is_impossible")) or not answers
                questions.append(EvalQuestion(
                    id=str(qa["id"]), question=qa["question"], answer=answers[0] if answers else None,
                    evidence=answers[:1], doc=name, type=UNANSWERABLE if impossible else "squad",
                    squad_answers=answers,
                ))
    if not questions:
        raise EvalFileError(f"{path}: tệp SQuAD không có câu hỏi nào.")
    return EvalSet(questions, corpus)


def load_eval_set(path: Path) -> EvalSet:
    """Read a JSONL question file or a SQuAD-format JSON file."""
    if not path.is_file():
        raise EvalFileError(f"Không tìm thấy tệp câu hỏi {path}.")
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise EvalFileError(f"{path}: không phải JSON hợp lệ ({exc.msg}).") from exc
        if isinstance(data, dict) and "data" in data:
            return _load_squad(path, data)
        raise EvalFileError(f"{path}: tệp .json phải theo định dạng SQuAD (khoá 'data').")
    return _load_jsonl(path)
