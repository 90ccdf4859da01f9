"""HTML and Markdown for the UI: the sources panel, the answer with linked citations, the documents table.

Pure functions of the nouns (Hit, Answer, Document, Chunk): no Gradio here, so they are tested directly.
Everything from a document is escaped; the only markup is ours.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from nghiquyet.core.lexicon import CITATION_MARK, figures, link_citation_marks
from nghiquyet.core.models import MARKUP_STYLES, Answer, Chunk, Document, Hit, Markup
from nghiquyet.core.reading import document_notes
from nghiquyet.core.textnorm import escape_markdown
from nghiquyet.index.targets import VERDICT_LABELS

SECTION_CONTEXT_MAX_CHARS = 4000


def source_anchor(turn: int, number: int) -> str:
    """The element id of source ``number`` of answer ``turn`` (citations link to it)."""
    return f"nguon-{turn}-{number}"


def highlight_figures(text: str) -> str:
    """``text`` escaped, with every figure (30%, 5.000 tỷ đồng, 2030…) wrapped in <mark>."""
    spans = sorted({f.text for f in figures(text) if f.text}, key=len, reverse=True)
    if not spans:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(s) for s in spans))
    out, last = [], 0
    for match in pattern.finditer(text):
        if _is_list_marker(text, match.start(), match.end()):
            continue
        out.append(html.escape(text[last:match.start()]))
        out.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    out.append(html.escape(text[last:]))
    return "".join(out)


_MARKUP_TAGS = {"strong": "strong", "em": "em", "code": "code"}


def _placed(text: str, markup: list[Markup]) -> list[tuple[int, int, Markup]]:
    """Where each span of ``markup`` is in ``text``: its first place that is not inside a word and does not cross
    a span already placed (one span may hold another, as a bold phrase holds a link), longest spans placed first."""
    placed: list[tuple[int, int, Markup]] = []
    for span in sorted(dict.fromkeys(markup), key=lambda s: len(s.text), reverse=True):
        if not span.text or (span.style == "link" and not span.safe_href) or span.style not in MARKUP_STYLES:
            continue
        start = text.find(span.text)
        while start >= 0:
            end = start + len(span.text)
            inside_word = (span.text[0].isalnum() and start > 0 and text[start - 1].isalnum()) or (
                span.text[-1].isalnum() and end < len(text) and text[end].isalnum())
            if not inside_word and all(end <= a or start >= b or (a <= start and end <= b) for a, b, _ in placed):
                placed.append((start, end, span))
                break
            start = text.find(span.text, start + 1)
    return sorted(placed, key=lambda p: (p[0], -p[1]))


def _open_tag(span: Markup) -> tuple[str, str]:
    if span.style == "link":
        address = html.escape(span.safe_href or "")
        return f'<a href="{address}" target="_blank" rel="noopener noreferrer nofollow">', "</a>"
    tag = _MARKUP_TAGS[span.style]
    return f"<{tag}>", f"</{tag}>"


def show_text(text: str, markup: list[Markup] | None = None) -> str:
    """``text`` as safe HTML: escaped, with what its source marked up shown so (bold, italic, code, links to
    http, https or mailto addresses only; the tags are ours, never the document's) and figures in <mark>."""
    placed = _placed(text, list(markup or []))

    def render(start: int, end: int, inside: list[tuple[int, int, Markup]]) -> str:
        out, position, index = [], start, 0
        while index < len(inside):
            a, b, span = inside[index]
            nested = [p for p in inside[index + 1:] if p[0] >= a and p[1] <= b]
            out.append(highlight_figures(text[position:a]))
            opening, closing = _open_tag(span)
            out.append(opening + render(a, b, nested) + closing)
            position, index = b, index + 1 + len(nested)
        out.append(highlight_figures(text[position:end]))
        return "".join(out)

    return render(0, len(text), placed)


def _is_list_marker(text: str, start: int, end: int) -> bool:
    """"(2)", "2." or "2.1." opening a clause or a bullet is numbering, not a figure."""
    token = text[start:end]
    if not token.isdigit() or len(token) > 2:
        return False
    before, after = text[max(0, start - 1):start], text[end:end + 1]
    if before == "(" and after == ")":
        return True
    prefix = text[:start].rstrip(" \t")
    opening = prefix.rstrip("•-–") == "" or prefix.endswith(("\n", "•", ";"))
    return after == "." and opening


def _section_chunks(hit: Hit, chunks_of_doc: list[Chunk]) -> list[Chunk]:
    """The clauses under ``hit``'s parent heading, in document order."""
    parent = hit.chunk.heading_path[:-1]
    return [c for c in chunks_of_doc if c.kind == "clause" and c.heading_path[: len(parent)] == parent]


def section_context(hit: Hit, chunks_of_doc: list[Chunk]) -> str:
    """The clauses around ``hit``: every clause under the same parent heading, in document order."""
    return _section_text(hit, _section_chunks(hit, chunks_of_doc))


def _section_text(hit: Hit, section: list[Chunk]) -> str:
    parent = hit.chunk.heading_path[:-1]
    pieces: list[str] = []
    seen_clauses: set[str] = set()
    for chunk in section:
        if chunk.clause_id in seen_clauses and chunk.part == 0:
            continue
        seen_clauses.add(chunk.clause_id)
        label = chunk.heading_path[-1] if len(chunk.heading_path) > len(parent) else ""
        first = chunk.part == 0 and label and not chunk.text.startswith(label[:12])
        pieces.append((f"{label}\n" if first else "") + chunk.text)
    text = "\n".join(pieces) or hit.text
    if len(text) > SECTION_CONTEXT_MAX_CHARS:
        text = text[:SECTION_CONTEXT_MAX_CHARS].rsplit(" ", 1)[0] + " …"
    return text


@dataclass
class SourceView:
    """One row of the sources panel."""

    number: int | None  # the citation number in the answer, None for evidence the answer did not cite
    hit: Hit
    context: str
    context_markup: list[Markup] = field(default_factory=list)  # what the section's sources marked up


def source_views(answer_citations: list[tuple[int, str]], hits: list[Hit],
                 chunks_by_doc: dict[str, list[Chunk]]) -> list[SourceView]:
    """Cited clauses first (numbered as in the answer), then the rest of the evidence, unnumbered.

    ``answer_citations`` is (number, chunk_id) pairs; an empty list numbers the evidence in order, as the
    model sees it (used while the answer is still streaming)."""
    by_chunk = {h.chunk.chunk_id: h for h in hits}

    def view(number: int | None, hit: Hit) -> SourceView:
        section = _section_chunks(hit, chunks_by_doc.get(hit.document.doc_id, []))
        markup = [span for chunk in section for span in chunk.markup] or hit.markup
        return SourceView(number, hit, _section_text(hit, section), markup)

    if not answer_citations:
        return [view(n, hit) for n, hit in enumerate(hits, start=1)]
    views: list[SourceView] = []
    for number, chunk_id in answer_citations:
        if chunk_id in by_chunk:
            views.append(view(number, by_chunk.pop(chunk_id)))
    return views + [view(None, hit) for hit in hits if hit.chunk.chunk_id in by_chunk]


def _document_line(document: Document) -> str:
    name = document.display_name()
    # "Chương trình số 67-CTr/TU của …" already says its name; a news title does not carry one.
    parts = [document.title] if document.title.startswith(name) else [name, document.title]
    if document.date_vn:
        parts.append(document.date_vn)
    return " — ".join(html.escape(p) for p in parts)


def sources_html(turn: int, views: list[SourceView], pending: bool = False) -> str:
    """The sources panel: each clause with its document, section path, figures highlighted and the
    surrounding section behind a <details>."""
    if not views:
        return '<div class="nq-sources nq-empty">Chưa có nguồn nào cho câu hỏi này.</div>'
    head = ("Nguồn đã tìm thấy (đang soạn câu trả lời…)" if pending else "Nguồn trích dẫn")
    rows = [f'<div class="nq-sources" data-turn="{turn}"><h3>{head}</h3>']
    other_started = False
    for view in views:
        if view.number is None and not other_started:
            rows.append('<h4>Đoạn liên quan khác (không được trích trong câu trả lời)</h4>')
            other_started = True
        anchor = f' id="{source_anchor(turn, view.number)}"' if view.number is not None else ""
        badge = f'<span class="nq-badge">[{view.number}]</span> ' if view.number is not None else ""
        hit = view.hit
        rows.append(
            f'<div class="nq-source"{anchor} data-chunk="{html.escape(hit.chunk.chunk_id)}">'
            f'<div class="nq-doc">{badge}<b>{_document_line(hit.document)}</b></div>'
            f'<div class="nq-section">{html.escape(hit.chunk.locator)}</div>'
            + (f'<div class="nq-table">Bảng: {html.escape(hit.chunk.table)}</div>' if hit.chunk.table else "") +
            f'<blockquote class="nq-text">{show_text(hit.text, hit.markup)}</blockquote>'
            f'<details><summary>Xem toàn mục</summary>'
            f'<div class="nq-context">{show_text(view.context, view.context_markup).replace(chr(10), "<br>")}</div>'
            f'</details></div>')
    rows.append("</div>")
    return "".join(rows)


def link_citations(text: str, turn: int) -> str:
    """An answer as safe Markdown: its text escaped (nothing in it is markup, whatever a document or the model
    wrote), and its "[1]" / "[1, 2]" turned into links to the clauses in the sources panel."""
    out, last = [], 0
    for match in CITATION_MARK.finditer(text):
        out.append(escape_markdown(text[last:match.start()]))
        out.append(link_citation_marks(match.group(0), lambda n: f'<a class="nq-cite" href="#{source_anchor(turn, n)}">{n}</a>'))
        last = match.end()
    out.append(escape_markdown(text[last:]))
    return "".join(out)


def answer_markdown(answer: Answer, turn: int) -> str:
    """The chat message for a finished answer: text with linked citations, then the notes."""
    body = link_citations(answer.text, turn) if answer.citations else escape_markdown(answer.text)
    lines = [f"**Trả lời ngắn:** {escape_markdown(answer.short_answer)}\n\n{body}" if answer.short_answer else body]
    if answer.sentences and answer.mode == "generated":
        lines.append("\n\n**Căn cứ:**" + "".join(
            f'\n> “{escape_markdown(s["text"])}” <a class="nq-cite" href="#{source_anchor(turn, s["clause"])}">'
            f'[{s["clause"]}]</a>' for s in answer.sentences))
    if answer.citations:
        sources = "; ".join(
            f'<a class="nq-cite" href="#{source_anchor(turn, c.n)}">[{c.n}]</a> '
            f"{escape_markdown(c.doc_number or c.doc_title)} — {escape_markdown(c.section)}"
            + (f", tr. {', '.join(map(str, c.pages))}" if c.pages else "")
            for c in answer.citations)
        lines.append(f"\n\n**Nguồn:** {sources}")
    for note in answer.notes:
        lines.append(f"\n\n_{escape_markdown(note)}_")
    return "".join(lines)


def documents_table(documents: list[Document]) -> list[list[object]]:
    """Rows for the documents tab; the rest of the metadata is in ``document_details``."""
    return [[d.number or "—", ("⚠️ " if d.warnings else "") + d.title, d.kind, d.date_vn or "chưa rõ", d.level or "—",
             d.province or "—", d.chunk_count] for d in documents]


DOCUMENT_COLUMNS = ["Số", "Tiêu đề", "Loại", "Ngày", "Cấp", "Tỉnh/thành", "Số đoạn"]


_DETAIL_LABELS = {"number": "Số", "kind": "Loại", "issuer": "Cơ quan ban hành", "parent_issuer": "Cơ quan cấp trên",
                  "place": "Nơi ban hành", "date": "Ngày", "level": "Cấp",
                  "province": "Tỉnh/thành", "signer": "Người ký", "signer_role": "Chức vụ", "author": "Tác giả",
                  "recipients": "Kính gửi",
                  "uploaded_by": "Người tải lên", "uploaded_at": "Lúc tải lên"}


def document_details(document: Document) -> str:
    """Markdown: a document's metadata (with where each value came from) and its outline."""
    lines = [f"### {escape_markdown(document.title)}", "", f"Tệp: {escape_markdown(document.source)} · {document.chunk_count} đoạn", ""]
    lines += [f"> ⚠️ {escape_markdown(warning)}" for warning in document.warnings]
    lines += [f"- {escape_markdown(note)}" for note in document_notes(document)]
    for label, value, origin in document.metadata_rows(_DETAIL_LABELS):
        lines.append(f"- **{label}:** {escape_markdown(value)}" + (f" _(nguồn: {origin})_" if origin else ""))
    if document.outline:
        lines += ["", "**Các mục:**", ""]
        lines += [f"- {escape_markdown(heading)}" for heading in document.outline]
    return "\n".join(lines)




# -- the targets tab ----------------------------------------------------------------------------------------
TARGET_COLUMNS = ["Văn bản", "Cấp", "Năm", "Chỉ tiêu", "Giá trị", "Mục"]
COMPARISON_VIEW_COLUMNS = ["Năm", "Chỉ tiêu", "Trung ương", "Tỉnh", "Văn bản tỉnh", "Kết luận"]


def targets_rows(records: list) -> list[list[object]]:
    """One row per target (``index.targets.TargetRecord``), shown as plain text (the table never renders HTML)."""
    return [[r.document + (f" (trích lại {r.quotes})" if r.quotes else ""), r.level or "", r.year, r.indicator,
             r.value, r.section] for r in records]


def comparison_rows(alignments: list) -> list[list[object]]:
    return [[a.year, (a.provincial or a.national).indicator, a.national.value if a.national else "—",
             a.provincial.value if a.provincial else "—", a.provincial_document or "", VERDICT_LABELS[a.verdict]]
            for a in alignments]


def target_clause(record) -> str:
    """The clause a target comes from, quoted, with its document and section (escaped: document text is data)."""
    pages = f", tr. {', '.join(str(p) for p in record.pages)}" if record.pages else ""
    return (f"**{escape_markdown(record.document)}** — {escape_markdown(record.section)}{pages}\n\n"
            f"> {escape_markdown(record.quote)}")
