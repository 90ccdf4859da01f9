"""Replies a model wrote in an earlier eval, given again: `nghiquyet eval SET --replay answers.csv` judges the
recorded replies (``model_reply``) with today's checks and fallbacks, in seconds and without the model. Free answer
mode only (a constrained reply needs its schema); a question whose reply was not recorded is counted as missing and
gets an empty reply (the report says how many)."""

from __future__ import annotations

import csv
from pathlib import Path

from nghiquyet.chat.generator import Generation, TokenCallback
from nghiquyet.core.errors import NghiQuyetError

QUESTION_MARK = "Câu hỏi: "  # how the free-mode prompt puts the question (chat.prompts.build_messages)


class RecordedReplies:
    """A generator that answers each question with the reply recorded for it."""

    supports_schema = False

    def __init__(self, replies: dict[str, str], name: str) -> None:
        self.replies = replies
        self.name = name
        self.missing: list[str] = []

    @classmethod
    def load(cls, path: Path) -> RecordedReplies:
        """The replies of an answers.csv (one eval run, one profile)."""
        try:
            with path.open(encoding="utf-8", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as error:
            raise NghiQuyetError(f"Không đọc được {path}: {error.strerror}.") from error
        if rows and "model_reply" not in rows[0]:
            raise NghiQuyetError(f"{path} không có cột model_reply: hãy chấm lại với mô hình để ghi câu trả lời.")
        replies = {row["question"]: row["model_reply"] for row in rows if row.get("model_reply")}
        profiles = sorted({row.get("profile") or "" for row in rows} - {""})
        return cls(replies, f"replay:{','.join(profiles) or path.name}")

    def chat(self, messages: list[dict[str, str]], max_tokens: int, on_token: TokenCallback | None = None,
             schema: dict | None = None) -> Generation:
        prompt = messages[-1]["content"]
        asked = prompt.rsplit(QUESTION_MARK, 1)[-1].split("\n\n", 1)[0].strip()
        reply = self.replies.get(asked)
        if reply is None:
            self.missing.append(asked)
            reply = ""
        for piece in reply.split(" "):
            if on_token:
                on_token(piece + " ")
        return Generation(reply, self.name)
