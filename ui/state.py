"""What every UI session shares: the index, the answer service, the feedback log, and the upload lock.

One instance per process. The model is loaded once (``chat.generators.create_generator`` caches it) and
shared by all sessions; an upload rebuilds the index on disk and swaps in a fresh retriever without a
restart, while answers already under way finish on the one they started with.
"""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import re
import shutil
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Literal, TypeVar

from nghiquyet.chat.answer import AnswerService, Prepared
from nghiquyet.chat.generator import Generator
from nghiquyet.chat.talking_points import TalkingPoints, build_talking_points
from nghiquyet.core.config import Settings
from nghiquyet.core.errors import NghiQuyetError
from nghiquyet.core.models import Answer, Document, Hit, SearchFilters
from nghiquyet.index.corpus import Corpus
from nghiquyet.index.retriever import HybridRetriever
from nghiquyet.ui.feedback import FeedbackLog
from nghiquyet.ui.model_queue import ModelQueue
from nghiquyet.ui.uploads import LOCAL_USER, UploadReport, ingest_uploads

log = logging.getLogger(__name__)

WAIT_POLL_S = 0.5
MODEL_NICENESS = 10
INTERNAL_ERROR = ("Đã có lỗi ngoài dự kiến khi xử lý yêu cầu. Hãy thử lại; nếu lỗi lặp lại, gửi tệp nhật ký "
                  "{log_file} cho bộ phận kỹ thuật.")


def _lower_priority() -> None:
    """Run this thread (and the model threads it starts) at a lower CPU priority than the threads that search,
    so a user's sources appear while another user's answer is being written. Linux sets priority per thread;
    elsewhere this does nothing."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), MODEL_NICENESS)
    except (AttributeError, OSError):
        pass


@dataclass
class StreamEvent:
    """One step of an answer: the evidence (before the first token), a piece of text, the end, or an error."""

    kind: Literal["evidence", "waiting", "token", "done", "error"]
    hits: list[Hit] | None = None
    text: str = ""
    answer: Answer | None = None
    place: tuple[int, int] | None = None  # waiting: (place in line, how many wait)


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


@dataclass(frozen=True)
class Session:
    """Who is asking: Gradio's session key, and the login name (None when the UI has no login)."""

    key: str
    user: str | None = None


T = TypeVar("T")


# What the warm-up at start asks (retrieval and one token of the model); nothing of it is shown or kept.
WARM_UP_QUESTION = "Mục tiêu của văn bản là gì?"


class AppState:
    def __init__(self, settings: Settings, retriever: HybridRetriever | None = None,
                 generator: Generator | Callable[[str | None], Generator] | None = None) -> None:
        self.settings = settings
        self._generator = generator
        self.library = Library.build(retriever or HybridRetriever.from_settings(settings), settings, generator)
        self.feedback = FeedbackLog(settings.ui.feedback_file)
        self.model_queue = ModelQueue(settings.ui.model_slots, settings.ui.queue_size)
        # Searches from the API run here: as many at once as the UI's own retrieval events ([ui] concurrency),
        # and apart from asyncio's default executor, where each answer's stream waits on its model thread.
        self.retrieval_pool = ThreadPoolExecutor(settings.ui.concurrency, thread_name_prefix="nghiquyet-search")
        self._upload_lock = threading.Lock()
        self._private: dict[str, Library] = {}  # session key -> that user's own library (shared + their files)
        self.editors = {name.strip() for name in settings.ui.editors.split(",") if name.strip()}
        self._checked_at = time.monotonic()

    def preload_model(self) -> threading.Thread:
        """Warm up in a background thread what the first question would otherwise wait for: the search (the
        embedder, the word segmenter, the BM25 index) and the default model, loaded and run for one token (the
        first answer of a fresh app waited 4-5 s more than the next, with the model already loaded). A question
        during the warm-up waits for the same load (the generator cache's lock); a model that cannot be loaded
        is logged, and the first question that needs it says why, as without a preload."""
        thread = threading.Thread(target=self._warm_up, name="nghiquyet-warm-up", daemon=True)
        thread.start()
        return thread

    def _warm_up(self) -> None:
        started = time.monotonic()
        service = self.library.service
        try:
            service.retriever.search(WARM_UP_QUESTION)
            generator = service.generator(None)
            generator.chat([{"role": "user", "content": WARM_UP_QUESTION}], max_tokens=1)
        except NghiQuyetError as exc:
            log.warning("Chưa nạp trước được mô hình (%s); câu hỏi đầu tiên cần mô hình sẽ báo lỗi này.", exc)
        except Exception:  # noqa: BLE001 - a background thread: logged, never raised into the UI
            log.exception("unexpected error while warming up the model")
        else:
            log.info("Đã nạp trước mô hình %s (%.1f s).", getattr(generator, "name", "?"), time.monotonic() - started)

    def refresh(self) -> bool:
        """Swap in an index that another process committed since this one was loaded (a scheduled
        ``nghiquyet ingest``; on a cluster, another replica's batch), without a restart: looked for at most every
        ``ui.reload_check_s`` seconds, on the next question or page load. Answers under way finish on the library
        they started with; a new index that cannot be loaded is logged and the loaded one keeps serving."""
        interval = self.settings.ui.reload_check_s
        now = time.monotonic()
        if interval <= 0 or now - self._checked_at < interval:
            return False
        self._checked_at = now
        if not self._upload_lock.acquire(blocking=False):  # an upload is swapping the library right now
            return False
        try:
            current = self.library.retriever
            if not current.is_stale():
                return False
            retriever = HybridRetriever.from_settings(self.settings, embedder=current.embedder)
            self.library = Library.build(retriever, self.settings, self._generator)
            log.info("Đã nạp chỉ mục mới do tiến trình khác ghi (%d văn bản).", len(retriever.corpus.documents))
            return True
        except NghiQuyetError as exc:
            log.warning("Có chỉ mục mới nhưng chưa nạp được (%s); vẫn dùng chỉ mục đang chạy.", exc)
            return False
        finally:
            self._upload_lock.release()

    def library_for(self, session: Session | None) -> Library:
        """The library a session searches: its own, when its user added files only for themselves."""
        return self._private.get(session.key, self.library) if session else self.library

    def may_publish(self, session: Session | None) -> bool:
        """Whether this user's uploads go to everyone: without a login, yes; with one, editors only."""
        login = bool(self.settings.ui.username and self.settings.ui.password)
        return not login or bool(session and session.user in self.editors)

    # -- what is loaded -----------------------------------------------------------------------------
    def documents(self, session: Session | None = None) -> list[Document]:
        self.refresh()
        return self.library_for(session).corpus.listing()

    def provinces(self, session: Session | None = None) -> list[str]:
        return self.library_for(session).corpus.provinces()

    def levels(self, session: Session | None = None) -> list[str]:
        return self.library_for(session).corpus.levels()

    # -- answers ------------------------------------------------------------------------------------
    def prepare(self, question: str, history: list[str], filters: SearchFilters | None,
                session: Session | None = None) -> Prepared:
        """The first half of an answer: the question understood and its sources found (no model, no queue)."""
        self.refresh()
        return self.library_for(session).service.prepare(question, history, filters)

    async def in_retrieval_pool(self, work: Callable[..., T], *args: Any) -> T:
        """``work(*args)`` in a retrieval thread, awaited without holding the event loop."""
        return await asyncio.get_running_loop().run_in_executor(self.retrieval_pool, partial(work, *args))

    async def write(self, prepared: Prepared, profile: str | None,
                    session: Session | None = None) -> AsyncIterator[StreamEvent]:
        """The second half: wait for the model (telling the user their place), then stream the answer. Waiting
        holds no thread: the wait is asynchronous, only the model's own work runs in a thread."""
        service = self.library_for(session).service
        if prepared.verdict is not None:  # decided without a model (a refusal)
            yield StreamEvent("done", answer=service.complete(prepared, profile))
            return
        ticket = self.model_queue.join()
        if ticket is None:
            note = (f"Hệ thống đang bận: đã có {len(self.model_queue)} câu hỏi chờ mô hình, nên câu trả lời dưới "
                    "đây trích nguyên văn các đoạn văn bản phù hợp nhất. Hãy hỏi lại sau ít phút để có câu trả "
                    "lời do mô hình soạn.")
            yield StreamEvent("done", answer=service.complete(prepared, profile, busy_note=note))
            return
        try:
            while (place := self.model_queue.place(ticket))[0] > 0:
                yield StreamEvent("waiting", place=place)
                await asyncio.sleep(WAIT_POLL_S)
            events: queue.Queue[StreamEvent] = queue.Queue()

            def work() -> None:
                _lower_priority()  # the model yields the CPU to retrieval: sources never wait for answers
                try:
                    answer = service.complete(prepared, profile,
                                              on_token=lambda text: events.put(StreamEvent("token", text=text)))
                    self.model_queue.leave(ticket)  # the next one may start while this answer is sent
                    events.put(StreamEvent("done", answer=answer))
                except NghiQuyetError as exc:
                    log.warning("Không trả lời được: %s", exc)
                    events.put(StreamEvent("error", text=str(exc)))
                except Exception:  # noqa: BLE001 - the UI must show a message, never a traceback
                    log.exception("Lỗi khi trả lời câu hỏi %r", (prepared.asked.text if prepared.asked else "")[:200])
                    events.put(StreamEvent("error", text=INTERNAL_ERROR.format(log_file=self.settings.log_file)))
                finally:
                    self.model_queue.leave(ticket)  # released by the work itself, even if nobody reads on

            threading.Thread(target=work, name="nghiquyet-answer", daemon=True).start()
            loop = asyncio.get_running_loop()
            while True:
                event = await loop.run_in_executor(None, events.get)
                yield event
                if event.kind in ("done", "error"):
                    return
        finally:
            self.model_queue.leave(ticket)

    async def stream_answer(self, question: str, history: list[str], filters: SearchFilters | None,
                            profile: str | None, session: Session | None = None) -> AsyncIterator[StreamEvent]:
        """Both halves in one stream: the evidence first, then the answer (the API's single call)."""
        try:
            prepared = await self.in_retrieval_pool(self.prepare, question, history, filters, session)
        except Exception:  # noqa: BLE001 - the UI must show a message, never a traceback
            log.exception("Lỗi khi tìm nguồn cho câu hỏi %r", question[:200])
            yield StreamEvent("error", text=INTERNAL_ERROR.format(log_file=self.settings.log_file))
            return
        yield StreamEvent("evidence", hits=prepared.hits)
        async for event in self.write(prepared, profile, session):
            yield event

    def talking_points(self, topic: str, filters: SearchFilters | None,
                       session: Session | None = None) -> TalkingPoints:
        return build_talking_points(self.library_for(session).retriever, topic, filters)

    # -- uploads ------------------------------------------------------------------------------------
    def upload(self, files: list[tuple[Path, str]], session: Session | None = None) -> UploadReport:
        """Ingest uploaded files; the new documents are searchable as soon as this returns: for everyone, or
        (a logged-in user who is not an editor) in this session only."""
        uploader = (session.user if session and session.user else LOCAL_USER)
        with self._upload_lock:
            if self.may_publish(session):
                current = self.library.retriever
                report = ingest_uploads(files, self.settings, current.embedder, current.data, uploader)
                if report.changed:
                    retriever = HybridRetriever.from_settings(self.settings, embedder=current.embedder)
                    self.library = Library.build(retriever, self.settings, self._generator)
                library = self.library
            else:
                assert session is not None
                private = self._private_settings(session)
                current = self.library_for(session).retriever
                report = ingest_uploads(files, private, current.embedder, current.data, uploader)
                if report.changed:
                    retriever = HybridRetriever.from_settings(private, embedder=current.embedder)
                    self._private[session.key] = Library.build(retriever, private, self._generator)
                report.private = True
                library = self.library_for(session)
            counts = {}
            for document in library.corpus.documents.values():
                docs, chunks = counts.get(document.source, (0, 0))
                counts[document.source] = (docs + 1, chunks + document.chunk_count)
            for verdict in report.verdicts:
                if verdict.ok and verdict.name in counts:
                    docs, chunks = counts[verdict.name]
                    verdict.message = f"{verdict.message} ({docs} văn bản, {chunks} đoạn)"
            return report

    def _private_settings(self, session: Session) -> Settings:
        """Where a session's own library lives: a copy of the shared index plus the user's files."""
        folder = self.settings.ui.sessions_dir / re.sub(r"[^A-Za-z0-9_-]", "_", session.key)[:64]
        index_dir = folder / "index"
        if not index_dir.exists():
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.copytree(self.settings.index_dir, index_dir,
                            ignore=shutil.ignore_patterns(".tmp-*", "*.sqlite"))
        return self.settings.evolve({"index_dir": index_dir, "ui.upload_dir": folder / "uploads"})
