"""The Gradio Blocks: tabs "Hỏi đáp", "Ý chính tuyên truyền", "Chỉ tiêu" and "Văn bản", shared filters on top.

Handlers are thin: they turn component values into SearchFilters, call AppState, and render with
ui.render. Element ids (``elem_id``) are stable so the browser tests and the load check can find them.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, AsyncIterator

import gradio as gr
from nghiquyet.chat.answer import Prepared
from nghiquyet.core.lexicon import NATIONAL, NEWS_KIND
from nghiquyet.core.models import Answer
from nghiquyet.core.textnorm import escape_markdown
from nghiquyet.index.target_export import write_xlsx
from nghiquyet.index.targets import align, filter_records, target_records
from nghiquyet.ui.controls import ALL, make_filters
from nghiquyet.ui.feedback import record_for
from nghiquyet.ui.files import private_files_dir
from nghiquyet.ui.render import (
    COMPARISON_VIEW_COLUMNS,
    DOCUMENT_COLUMNS,
    TARGET_COLUMNS,
    answer_markdown,
    comparison_rows,
    document_details,
    documents_table,
    link_citations,
    source_views,
    sources_html,
    target_clause,
    targets_rows,
)
from nghiquyet.ui.state import INTERNAL_ERROR, AppState, Session, StreamEvent
from nghiquyet.ui.uploads import UPLOAD_SUFFIXES

log = logging.getLogger(__name__)

PROFILES = [("Kỹ hơn (mô hình 1,5B, ~8 giây)", "quality"), ("Nhanh (mô hình 0,5B, ~4 giây)", "fast")]
EXAMPLE_QUESTIONS = [
    "Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?",
    "Nghị quyết 57-NQ/TW đặt mục tiêu gì về kinh tế số đến năm 2030?",
    "Chương trình 67-CTr/TU giao cơ quan nào chủ trì thực hiện?",
    "Chi cho nghiên cứu phát triển (R&D) của Sóc Trăng đến năm 2030 chiếm bao nhiêu GRDP?",
    "What does Resolution 57 aim for in digital economy by 2030?",
]
EMPTY_SOURCES = '<div class="nq-sources nq-empty">Nguồn trích dẫn sẽ hiện ở đây ngay khi tìm thấy.</div>'
WELCOME = ("Hỏi về Nghị quyết 57-NQ/TW, Chương trình 67-CTr/TU và tin bài liên quan. Mỗi câu trả lời ghi rõ "
           "văn bản và mục được trích; nếu văn bản không có thông tin, trợ lý sẽ nói là không có.")


@dataclass
class Pending:
    """A question whose sources are shown and whose answer is still to be written."""

    question: str
    turn: int
    prepared: Prepared
    session: Session | None = None


@dataclass
class Turn:
    """One answered question, kept per session for follow-ups and feedback."""

    answer_id: str
    question: str
    answer: Answer
    message_index: int  # index of the assistant message in the chatbot


def _document_choices(state: AppState, session: Session | None = None) -> list[tuple[str, str]]:
    return [(f"{d.display_name()} — {d.title[:70]}" if d.number else d.title[:90], d.doc_id)
            for d in state.documents(session)]


def session_of(request: gr.Request | None) -> Session | None:
    """Who is asking, from Gradio's request (None outside a request, e.g. in tests of the handlers)."""
    if request is None or not getattr(request, "session_hash", None):
        return None
    return Session(str(request.session_hash), getattr(request, "username", None))


def build_app(state: AppState) -> gr.Blocks:
    settings = state.settings
    # No telemetry or version check: the app must behave the same on a PC with no Internet.
    with gr.Blocks(title="Trợ lý Nghị quyết", analytics_enabled=False) as app:
        gr.Markdown(f"# Trợ lý Nghị quyết\n{WELCOME}", elem_id="nq-header")
        turns = gr.State([])
        with gr.Accordion("Bộ lọc và tuỳ chọn", open=False, elem_id="nq-filters"):
            with gr.Row():
                doc_filter = gr.Dropdown(choices=_document_choices(state), multiselect=True, label="Văn bản",
                                         info="Để trống: tìm trong mọi văn bản", elem_id="nq-filter-docs")
                level_filter = gr.Dropdown(choices=[ALL, *state.levels()], value=ALL, label="Cấp",
                                           elem_id="nq-filter-level")
                province_filter = gr.Dropdown(choices=[ALL, *state.provinces()], value=ALL, label="Tỉnh/thành",
                                              elem_id="nq-filter-province")
                profile = gr.Radio(choices=PROFILES, value=settings.generation.profile, label="Mô hình trả lời",
                                   elem_id="nq-profile")
        filters = [doc_filter, level_filter, province_filter]

        with gr.Tabs():
            with gr.Tab("Hỏi đáp", id="ask"):
                with gr.Row():
                    with gr.Column(scale=3):
                        chatbot = gr.Chatbot(
                            label="Hỏi đáp", show_label=False, elem_id="nq-chat", height=560, feedback_options=("Like", "Dislike"),
                            examples=[{"text": q} for q in EXAMPLE_QUESTIONS],
                            placeholder="Chọn một câu hỏi mẫu bên dưới hoặc nhập câu hỏi của bạn.")
                        with gr.Row():
                            question = gr.Textbox(placeholder="Nhập câu hỏi, ví dụ: Mục tiêu CĐS của Sóc Trăng đến "
                                                  "2030?", show_label=False, scale=5, elem_id="nq-question",
                                                  max_length=settings.retrieval.max_question_chars, autofocus=True)
                            ask_button = gr.Button("Hỏi", variant="primary", scale=1, elem_id="nq-ask")
                        with gr.Row():
                            comment = gr.Textbox(placeholder="Góp ý thêm cho câu trả lời vừa đánh giá (không bắt buộc)",
                                                 show_label=False, scale=5, elem_id="nq-comment")
                            comment_button = gr.Button("Gửi góp ý", scale=1, elem_id="nq-send-comment")
                            clear_button = gr.Button("Xoá hội thoại", variant="stop", scale=1, elem_id="nq-clear")
                        feedback_status = gr.Markdown("", elem_id="nq-feedback-status")
                    with gr.Column(scale=2):
                        sources = gr.HTML(EMPTY_SOURCES, elem_id="nq-sources")

            with gr.Tab("Ý chính tuyên truyền", id="talking-points"):
                with gr.Row():
                    topic = gr.Textbox(label="Chủ đề", placeholder="Ví dụ: chuyển đổi số tỉnh Sóc Trăng", scale=5,
                                       elem_id="nq-topic", max_length=settings.retrieval.max_question_chars)
                    points_button = gr.Button("Soạn ý chính", variant="primary", scale=1, elem_id="nq-points")
                with gr.Row():
                    docx_download = gr.DownloadButton("Tải về .docx", visible=False, elem_id="nq-download-docx")
                    md_download = gr.DownloadButton("Tải về Markdown", visible=False, elem_id="nq-download-md")
                points = gr.Markdown("", elem_id="nq-points-output")

            with gr.Tab("Chỉ tiêu", id="targets"):
                gr.Markdown("Các chỉ tiêu định lượng trong văn bản đã nạp (lọc theo văn bản, cấp, tỉnh ở trên), "
                            "so sánh chỉ tiêu của tỉnh với Trung ương. Bấm vào một dòng để xem nguyên văn câu gốc.")
                with gr.Row():
                    target_year = gr.Dropdown(choices=[ALL], value=ALL, label="Năm mục tiêu", scale=1,
                                              elem_id="nq-target-year")
                    targets_button = gr.Button("Lập bảng chỉ tiêu", variant="primary", scale=1, elem_id="nq-targets")
                    xlsx_download = gr.DownloadButton("Tải về .xlsx", visible=False, scale=1,
                                                      elem_id="nq-download-xlsx")
                comparison = gr.Dataframe(headers=COMPARISON_VIEW_COLUMNS, interactive=False, wrap=True,
                                          elem_id="nq-comparison", label="So sánh Trung ương – tỉnh",
                                          column_widths=["6%", "36%", "17%", "17%", "12%", "12%"])
                targets_view = gr.Dataframe(headers=TARGET_COLUMNS, interactive=False, wrap=True,
                                            elem_id="nq-targets-table", label="Chỉ tiêu theo văn bản",
                                            column_widths=["18%", "7%", "6%", "35%", "16%", "18%"])
                target_source = gr.Markdown("", elem_id="nq-target-source")
                shown_targets = gr.State([])
                shown_alignments = gr.State([])

            with gr.Tab("Văn bản", id="documents"):
                table = gr.Dataframe(value=documents_table(state.documents()), headers=DOCUMENT_COLUMNS,
                                     interactive=False, wrap=True, elem_id="nq-documents",
                                     column_widths=["11%", "45%", "10%", "10%", "8%", "10%", "6%"])
                doc_picker = gr.Dropdown(choices=_document_choices(state), label="Xem chi tiết văn bản",
                                         elem_id="nq-doc-picker")
                doc_info = gr.Markdown("", elem_id="nq-doc-info")
                gr.Markdown(f"### Nạp thêm văn bản\nTệp {', '.join(UPLOAD_SUFFIXES)}, tối đa "
                            f"{settings.ui.upload_max_mb} MB mỗi tệp. Văn bản mới tìm được ngay, không cần khởi động lại.")
                upload = gr.File(file_count="multiple", file_types=list(UPLOAD_SUFFIXES), type="filepath",
                                 label="Chọn tệp", elem_id="nq-upload")
                upload_button = gr.Button("Nạp vào kho", variant="primary", elem_id="nq-upload-button")
                upload_report = gr.Markdown("", elem_id="nq-upload-report")

        # -- Hỏi đáp ----------------------------------------------------------------------------------
        # Two events: the sources (retrieval only, many at once, never behind the model), then the answer
        # (waits its turn for the model and says its place). The API's "ask" does both in one call.
        pending = gr.State(None)

        def find_sources(message: str, history: list[dict], past: list[Turn], docs: list[str], level: str,
                         province: str, request: gr.Request = None) -> tuple[Any, ...]:
            session = session_of(request)
            text = (message or "").strip()
            if not text:
                return gr.update(), history, gr.update(), past, "Hãy nhập câu hỏi trước khi bấm Hỏi.", None
            turn = len(past)
            try:
                prepared = state.prepare(text, [t.question for t in past], make_filters(docs, level, province),
                                         session)
            except Exception:  # noqa: BLE001 - the UI must show a message, never a traceback
                log.exception("Lỗi khi tìm nguồn cho câu hỏi %r", text[:200])
                history = [*history, {"role": "user", "content": escape_markdown(text)},
                           {"role": "assistant", "content": f"⚠️ {INTERNAL_ERROR.format(log_file=settings.log_file)}"}]
                return "", history, EMPTY_SOURCES, past, "", None
            views = source_views([], prepared.hits, state.library_for(session).corpus.chunks_by_doc)
            status = ("_Đã tìm thấy nguồn, đang soạn câu trả lời…_" if prepared.verdict is None
                      else "_Đang hoàn tất…_")
            history = [*history, {"role": "user", "content": escape_markdown(text)},
                       {"role": "assistant", "content": status}]
            return ("", history, sources_html(turn, views, pending=True), past, "",
                    Pending(text, turn, prepared, session))

        async def write_answer(waiting: Pending | None, history: list[dict], past: list[Turn],
                               chosen_profile: str) -> AsyncIterator[tuple[Any, ...]]:
            if waiting is None:
                yield history, gr.update(), past, None
                return
            streamed = ""
            async for event in state.write(waiting.prepared, chosen_profile, waiting.session):
                update = _render_event(event, waiting, history, past, streamed)
                if event.kind == "token":
                    streamed += event.text
                history, past, panel = update
                yield history, panel, past, None

        async def ask_api(message: str, history: list[dict], past: list[Turn], docs: list[str], level: str,
                          province: str, chosen_profile: str,
                          request: gr.Request = None) -> AsyncIterator[tuple[Any, ...]]:
            text = (message or "").strip()
            if not text:
                yield gr.update(), history, gr.update(), past, "Hãy nhập câu hỏi trước khi bấm Hỏi."
                return
            first = await state.in_retrieval_pool(find_sources, text, history, past, docs, level, province, request)
            yield first[:5]
            async for update in write_answer(first[5], first[1], past, chosen_profile):
                yield "", update[0], update[1], update[2], ""

        ask_outputs = [question, chatbot, sources, turns, feedback_status]
        source_inputs = [question, chatbot, turns, *filters]
        source_outputs = [*ask_outputs, pending]
        answer_inputs = [pending, chatbot, turns, profile]
        answer_outputs = [chatbot, sources, turns, pending]
        for trigger in (question.submit, ask_button.click):
            trigger(find_sources, source_inputs, source_outputs, api_visibility="private",
                    concurrency_id="retrieval", concurrency_limit=settings.ui.concurrency).then(
                write_answer, answer_inputs, answer_outputs, api_visibility="private", concurrency_id="answers",
                concurrency_limit=None)
        hidden_ask = gr.Button(visible=False, elem_id="nq-ask-api")
        hidden_ask.click(ask_api, [question, chatbot, turns, *filters, profile], ask_outputs, api_name="ask",
                         concurrency_id="answers", concurrency_limit=None)

        def pick_example(data: gr.SelectData) -> str:
            return data.value["text"] if isinstance(data.value, dict) else str(data.value)

        chatbot.example_select(pick_example, None, question, queue=False, api_visibility="private").then(
            find_sources, source_inputs, source_outputs, api_visibility="private", concurrency_id="retrieval",
            concurrency_limit=settings.ui.concurrency).then(
            write_answer, answer_inputs, answer_outputs, api_visibility="private", concurrency_id="answers",
            concurrency_limit=None)

        def _render_event(event: StreamEvent, waiting: Pending, history: list[dict], past: list[Turn],
                          streamed: str) -> tuple[list[dict], list[Turn], Any]:
            history = list(history)
            if event.kind == "waiting" and event.place:
                place, count = event.place
                history[-1] = {"role": "assistant", "content": f"_Đã tìm thấy nguồn. Đang chờ mô hình soạn câu trả "
                                                               f"lời: vị trí {place}/{count}…_"}
                return history, past, gr.update()
            if event.kind == "token":
                history[-1] = {"role": "assistant", "content": link_citations(streamed + event.text, waiting.turn)}
                return history, past, gr.update()
            if event.kind == "error":
                history[-1] = {"role": "assistant", "content": f"⚠️ {escape_markdown(event.text)}"}
                return history, past, gr.update()
            answer = event.answer
            assert answer is not None
            history[-1] = {"role": "assistant", "content": answer_markdown(answer, waiting.turn)}
            views = source_views([(c.n, c.chunk_id) for c in answer.citations], answer.evidence,
                                 state.library_for(waiting.session).corpus.chunks_by_doc)
            past = [*past, Turn(uuid.uuid4().hex[:12], waiting.question, answer, len(history) - 1)]
            return history, past, sources_html(waiting.turn, views)

        def clear() -> tuple[Any, ...]:
            return [], [], EMPTY_SOURCES, "", "", "Đã xoá hội thoại."

        clear_button.click(clear, None, [chatbot, turns, sources, question, comment, feedback_status], queue=False,
                           api_visibility="private")

        def rate(past: list[Turn], note: str, data: gr.LikeData) -> tuple[str, str]:
            turn = _turn_at(past, data.index)
            if turn is None:
                return note, "Chỉ đánh giá được câu trả lời của trợ lý."
            rating = "up" if data.liked else "down"
            state.feedback.append(record_for(turn.answer_id, rating, turn.question, turn.answer, note or ""))
            thumb = "👍" if data.liked else "👎"
            return "", f"Đã ghi nhận {thumb} cho câu trả lời “{turn.question[:60]}”. Cảm ơn bạn!"

        chatbot.like(rate, [turns, comment], [comment, feedback_status], queue=False, api_visibility="private")

        def send_comment(past: list[Turn], note: str) -> tuple[str, str]:
            if not (note or "").strip():
                return note, "Hãy nhập góp ý trước khi gửi."
            if not past:
                return note, "Chưa có câu trả lời nào để góp ý."
            turn = past[-1]
            state.feedback.append(record_for(turn.answer_id, "comment", turn.question, turn.answer, note))
            return "", f"Đã ghi nhận góp ý cho câu trả lời “{turn.question[:60]}”. Cảm ơn bạn!"

        comment_button.click(send_comment, [turns, comment], [comment, feedback_status], queue=False,
                             api_visibility="private")

        # -- Ý chính tuyên truyền ---------------------------------------------------------------------
        def make_points(subject: str, docs: list[str], level: str, province: str,
                        request: gr.Request = None) -> tuple[Any, ...]:
            subject = " ".join((subject or "").split())
            if not subject:
                return "Hãy nhập chủ đề, ví dụ: chuyển đổi số tỉnh Sóc Trăng.", gr.update(visible=False), \
                    gr.update(visible=False)
            result = state.talking_points(subject, make_filters(docs, level, province), session_of(request))
            if not any(section.bullets for section in result.sections):
                return ("Không tìm thấy đoạn văn bản nào về chủ đề này trong các văn bản đã nạp.",
                        gr.update(visible=False), gr.update(visible=False))
            folder = private_files_dir(settings) / uuid.uuid4().hex
            folder.mkdir(mode=0o700)
            stem = "y-chinh-tuyen-truyen"
            markdown = result.to_markdown()
            (folder / f"{stem}.md").write_text(markdown, encoding="utf-8")
            result.save_docx(folder / f"{stem}.docx")
            return (markdown, gr.update(value=str(folder / f"{stem}.docx"), visible=True),
                    gr.update(value=str(folder / f"{stem}.md"), visible=True))

        points_inputs = [topic, *filters]
        points_outputs = [points, docx_download, md_download]
        points_button.click(make_points, points_inputs, points_outputs, api_name="talking_points",
                            concurrency_id="retrieval", concurrency_limit=settings.ui.concurrency)
        topic.submit(make_points, points_inputs, points_outputs, api_visibility="private", concurrency_id="retrieval",
                     concurrency_limit=settings.ui.concurrency)

        # -- Chỉ tiêu ---------------------------------------------------------------------------------
        def build_targets(docs: list[str], level: str, province: str, year: str,
                          request: gr.Request = None) -> tuple[Any, ...]:
            library = state.library_for(session_of(request))
            records = target_records(library.corpus)
            years = [ALL, *sorted({str(r.year) for r in records})]
            def picked(value: str | None) -> str | None:
                return None if value in (ALL, None) else value

            records = filter_records(records, None, picked(level), picked(province),
                                     int(year) if picked(year) else None)
            records = [r for r in records if not docs or r.doc_id in docs]
            # national first, a document's own targets before copies and news
            records.sort(key=lambda r: (r.level != NATIONAL, r.quotes is not None, r.kind == NEWS_KIND, r.document))
            if not records:
                return ([], [], gr.update(visible=False), "Không có chỉ tiêu định lượng nào khớp bộ lọc.",
                        gr.update(choices=years), [], [])
            alignments = align(records, library.retriever.embedder)
            folder = private_files_dir(settings) / uuid.uuid4().hex
            folder.mkdir(mode=0o700)
            workbook = write_xlsx(folder / "bang-chi-tieu.xlsx", records, alignments)
            return (comparison_rows(alignments), targets_rows(records), gr.update(value=str(workbook), visible=True),
                    f"{len(records)} chỉ tiêu; bấm vào một dòng để xem câu gốc.", gr.update(choices=years),
                    records, alignments)

        targets_button.click(build_targets, [*filters, target_year],
                             [comparison, targets_view, xlsx_download, target_source, target_year, shown_targets,
                              shown_alignments], api_visibility="private", concurrency_id="retrieval",
                             concurrency_limit=settings.ui.concurrency)

        def show_target(records: list, event: gr.SelectData) -> str:
            row = event.index[0] if isinstance(event.index, (list, tuple)) else event.index
            return target_clause(records[row]) if 0 <= row < len(records) else ""

        def show_compared(alignments: list, event: gr.SelectData) -> str:
            row = event.index[0] if isinstance(event.index, (list, tuple)) else event.index
            if not 0 <= row < len(alignments):
                return ""
            pair = alignments[row]
            return "\n\n".join(target_clause(r) for r in (pair.national, pair.provincial) if r is not None)

        targets_view.select(show_target, shown_targets, target_source, queue=False, api_visibility="private")
        comparison.select(show_compared, shown_alignments, target_source, queue=False, api_visibility="private")

        # -- Văn bản ----------------------------------------------------------------------------------
        def show_document(doc_id: str | None, request: gr.Request = None) -> str:
            document = state.library_for(session_of(request)).corpus.documents.get(doc_id or "")
            return document_details(document) if document else ""

        doc_picker.change(show_document, doc_picker, doc_info, queue=False, api_visibility="private")

        def refresh(request: gr.Request = None) -> tuple[Any, ...]:
            """Each new page shows what is loaded now (uploads from other sessions included)."""
            session = session_of(request)
            choices = _document_choices(state, session)
            return (documents_table(state.documents(session)), gr.update(choices=choices), gr.update(choices=choices),
                    gr.update(choices=[ALL, *state.levels(session)]), gr.update(choices=[ALL, *state.provinces(session)]))

        app.load(refresh, None, [table, doc_picker, doc_filter, level_filter, province_filter], queue=False,
                 api_visibility="private")

        def accept(files: list[str] | None, request: gr.Request = None) -> tuple[Any, ...]:
            if not files:
                return ("Chưa chọn tệp nào để nạp.", gr.update(), gr.update(), gr.update(), gr.update(),
                        gr.update(), gr.update())
            report = state.upload([(Path(f), Path(f).name) for f in files], session_of(request))
            return (report.to_markdown(), *refresh(request), None)

        upload_button.click(accept, upload, [upload_report, table, doc_picker, doc_filter, level_filter,
                                             province_filter, upload], api_name="upload", concurrency_limit=1,
                            concurrency_id="uploads")
    return app


def _turn_at(past: list[Turn], index: int | tuple[int, int]) -> Turn | None:
    position = index[0] if isinstance(index, (tuple, list)) else index
    return next((t for t in past if t.message_index == position), None)
