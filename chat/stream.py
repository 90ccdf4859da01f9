"""Streaming with the checks in front: the model's text is passed on sentence by sentence, each only after
its figures are found in the evidence; after the first sentence that fails, nothing more is passed on."""

from __future__ import annotations

import re
import time

from nghiquyet.chat.checks import check_answer
from nghiquyet.chat.generator import TokenCallback


class CheckedStream:
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
