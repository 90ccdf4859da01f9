"""What every UI session shares: the index, the answer service, the feedback log, and the upload lock.

One instance per process. The model is loaded once (``chat.generators.create_generator`` caches it) and
shared by all sessions; an upload rebuilds the index on disk and swaps in a fresh retriever without a
restart, while answers already under way finish on the one they started with.
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Literal

from nghiquyet.chat.answer import AnswerService
from nghiquyet.chat.generator import Generator
from nghiquyet.chat.talking_points import TalkingPoints, build_talking_points
from nghiquyet.core.config import Settings
from nghiquyet.core.errors import NghiQuyetError
from nghiquyet.core.models import Answer, Document, Hit, SearchFilters
from nghiquyet.index.corpus import Corpus
from nghiquyet.index.retriever import HybridRetriever
from nghiquyet.ui.feedback import FeedbackLog
from nghiquyet.ui.uploads import UploadReport, ingest_uploads

log = logging.getLogger(__name__)

INTERNAL_ERROR = ("Đã có lỗi ngoài dự kiến khi xử lý yêu cầu. Hãy thử lại; nếu lỗi lặp lại, gửi tệp nhật ký "
                  "{log_file} cho bộ phận kỹ thuật.")


@dataclass
class StreamEvent:
    """One step of an answer: the evidence (before the first token), a piece of text, the end, or an error."""

    kind: Literal["evidence", "token", "done", "error"]
    hits: list[Hit] | None = None
    text: str = ""
    answer: Answer | None = None


@dataclass(frozen=True)
class Library:
    """An immutable snapshot of what is loaded; swapped whole after an upload."""

    retriever: HybridRetriever
    service: AnswerService

    @property
    def corpus(self) -> Corpus:
        return self.retriever.corpus

    @classmethod
    def build(cls, retriever: HybridRetriever, settings: Settings,
              generator: Generator | Callable[[str | None], Generator] | None) -> "Library":
        return cls(retriever, AnswerService(retriever, settings, generator))


class AppState:
    def __init__(self, settings: Settings, retriever: HybridRetriever | None = None,
                 generator: Generator | Callable[[str | None], Generator] | None = None) -> None:
        self.settings = settings
        self._generator = generator
        self.library = Library.build(retriever or HybridRetriever.from_settings(settings), settings, generator)
        self.feedback = FeedbackLog(settings.ui.feedback_file)
        self._upload_lock = threading.Lock()

    # -- what is loaded -----------------------------------------------------------------------------
    def documents(self) -> list[Document]:
        return self.library.corpus.listing()

    def provinces(self) -> list[str]:
        return self.library.corpus.provinces()

    def levels(self) -> list[str]:
        return self.library.corpus.levels()

    # -- answers ------------------------------------------------------------------------------------
    def stream_answer(self, question: str, history: list[str], filters: SearchFilters | None,
                      profile: str | None) -> Iterator[StreamEvent]:
        """Answer in a worker thread and pass on its events as they happen."""
        events: queue.Queue[StreamEvent] = queue.Queue()
        service = self.library.service

        def work() -> None:
            try:
                answer = service.ask(question, history, filters, profile,
                                     on_token=lambda text: events.put(StreamEvent("token", text=text)),
                                     on_evidence=lambda hits: events.put(StreamEvent("evidence", hits=hits)))
                events.put(StreamEvent("done", answer=answer))
            except NghiQuyetError as exc:
                log.warning("Không trả lời được: %s", exc)
                events.put(StreamEvent("error", text=str(exc)))
            except Exception:  # noqa: BLE001 - the UI must show a message, never a traceback
                log.exception("Lỗi khi trả lời câu hỏi %r", question[:200])
                events.put(StreamEvent("error", text=INTERNAL_ERROR.format(log_file=self.settings.log_file)))

        threading.Thread(target=work, name="nghiquyet-answer", daemon=True).start()
        while True:
            event = events.get()
            yield event
            if event.kind in ("done", "error"):
                return

    def talking_points(self, topic: str, filters: SearchFilters | None) -> TalkingPoints:
        return build_talking_points(self.library.retriever, topic, filters)

    # -- uploads ------------------------------------------------------------------------------------
    def upload(self, files: list[tuple[Path, str]]) -> UploadReport:
        """Ingest uploaded files; the new documents are searchable as soon as this returns."""
        with self._upload_lock:
            current = self.library.retriever
            report = ingest_uploads(files, self.settings, current.embedder, current.data)
            if report.changed:
                retriever = HybridRetriever.from_settings(self.settings, embedder=current.embedder)
                self.library = Library.build(retriever, self.settings, self._generator)
            counts = {}
            for document in self.library.corpus.documents.values():
                docs, chunks = counts.get(document.source, (0, 0))
                counts[document.source] = (docs + 1, chunks + document.chunk_count)
            for verdict in report.verdicts:
                if verdict.ok and verdict.name in counts:
                    docs, chunks = counts[verdict.name]
                    verdict.message = f"{verdict.message} ({docs} văn bản, {chunks} đoạn)"
            return report
