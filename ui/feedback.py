"""👍/👎 on answers, appended to a local JSONL file: one line per rating or comment, never rewritten."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from nghiquyet.core.models import Answer


@dataclass
class FeedbackRecord:
    """What a reviewer needs to judge the answer later without the app: question, answer, sources."""

    answer_id: str
    rating: str  # "up" | "down" | "comment"
    question: str
    answer: str
    mode: str
    sources: list[dict[str, str | None]]
    comment: str = ""
    time: str = field(default_factory=lambda: datetime.now(timezone.utc).isoformat(timespec="seconds"))


def record_for(answer_id: str, rating: str, question: str, answer: Answer, comment: str = "") -> FeedbackRecord:
    sources = [{"n": str(c.n), "doc_number": c.doc_number, "doc_title": c.doc_title, "section": c.section,
                "chunk_id": c.chunk_id, "quote": c.quote} for c in answer.citations]
    return FeedbackRecord(answer_id, rating, question, answer.text, answer.mode, sources, comment.strip())


class FeedbackLog:
    """Appends records to ``path``; safe for several UI workers in one process."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def append(self, record: FeedbackRecord) -> None:
        line = json.dumps(asdict(record), ensure_ascii=False) + "\n"
        with self._lock:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # One write of one whole line in append mode: a crash loses at most this line.
            with open(self.path, "a", encoding="utf-8") as handle:
                handle.write(line)
                handle.flush()
                os.fsync(handle.fileno())

    def read(self) -> list[dict]:
        if not self.path.is_file():
            return []
        return [json.loads(line) for line in self.path.read_text(encoding="utf-8").splitlines() if line.strip()]
