"""The sources panel and answer rendering, on real hits from the real index."""

from __future__ import annotations

from nghiquyet.chat.answer import AnswerService
from nghiquyet.ui.render import (
    answer_markdown,
    document_details,
    highlight_figures,
    link_citations,
    section_context,
    source_views,
    sources_html,
)

QUESTION = "Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?"


def test_figures_are_highlighted_and_numbering_is_not():
    html = highlight_figures("(2) Đóng góp đạt trên 55%. Quy mô kinh tế số đạt tối thiểu 30% GRDP. Có 5 doanh nghiệp")
    assert "<mark>tối thiểu 30% GRDP</mark>" in html and "<mark>trên 55%</mark>" in html and "<mark>5</mark>" in html
    assert "(2)" in html and "<mark>2</mark>" not in html
    assert "<mark>1</mark>" not in highlight_figures("• 1. Mục tiêu tổng quát • 2. Mục tiêu cụ thể đến năm 2030")


def test_document_text_is_escaped():
    html = highlight_figures('<img src=x onerror="alert(1)"> đạt 30%')
    assert "<img" not in html and "&lt;img" in html and "<mark>30%</mark>" in html


def test_citation_links_point_at_their_clause():
    text = link_citations("Đạt tối thiểu 30% GRDP [1]; trên 55% [1, 2].", turn=3)
    assert text.count('href="#nguon-3-1"') == 2 and 'href="#nguon-3-2"' in text


def test_sources_panel_from_a_real_answer(retriever, corpus_index):
    settings, _ = corpus_index
    answer = AnswerService(retriever, settings).ask(QUESTION, use_model=False)
    assert answer.citations, answer.text
    views = source_views([(c.n, c.chunk_id) for c in answer.citations], answer.evidence, retriever.corpus.chunks_by_doc)
    assert views[0].number == 1 and views[0].hit.document.number == "67-CTr/TU"
    assert [v.number for v in views[len(answer.citations):]] == [None] * (len(views) - len(answer.citations))
    html = sources_html(0, views)
    assert 'id="nguon-0-1"' in html and "Chương trình số 67-CTr/TU" in html
    assert "<mark>tối thiểu 30% GRDP</mark>" in html and "Xem toàn mục" in html
    assert "Đoạn liên quan khác" in html

    # The surrounding section: the sibling targets of the same heading, in document order.
    context = views[0].context
    assert views[0].hit.text[:40] in context and len(context) > len(views[0].hit.text)
    assert "(1)" in context and context.index("(1)") < context.index("(2)")

    message = answer_markdown(answer, 0)
    assert 'href="#nguon-0-1"' in message and "67-CTr/TU" in message


def test_pending_panel_numbers_evidence_in_order(retriever):
    hits = retriever.search(QUESTION, budget_chars=1000)
    views = source_views([], hits, retriever.corpus.chunks_by_doc)
    assert [v.number for v in views] == list(range(1, len(hits) + 1))
    assert "đang soạn" in sources_html(2, views, pending=True)


def test_section_context_is_bounded(retriever):
    hit = retriever.search("Nhiệm vụ giải pháp chuyển đổi số", k=1)[0]
    chunks = [c for c in retriever.data.chunks if c.doc_id == hit.document.doc_id]
    assert len(section_context(hit, chunks)) <= 4002


def test_document_details_show_provenance_and_outline(retriever):
    document = next(d for d in retriever.data.documents.values() if d.number == "57-NQ/TW")
    details = document_details(document)
    assert "**Số:** 57-NQ/TW" in details and "nguồn:" in details and "**Các mục:**" in details


HOSTILE = 'Quy mô đạt 30% GRDP <img src="http://evil.example/x.png" onerror="alert(1)"> ![x](http://evil.example/y.png)'


def rendered(markdown: str) -> str:
    """The HTML a Markdown renderer that lets raw HTML through (as chat widgets do) makes of ``markdown``."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).render(markdown)


def test_answers_and_notes_never_carry_live_html_or_images():
    from nghiquyet.core.models import Answer, Citation

    answer = Answer(HOSTILE + " [1]", False, "extractive",
                    [Citation(1, "<b>Tiêu đề</b>", "67-CTr/TU", "II › (2)", "c1", "q")], notes=["<script>x()</script>"])
    html = rendered(answer_markdown(answer, 0))
    assert "<img" not in html and "<script" not in html and "<b>" not in html
    assert '<a class="nq-cite" href="#nguon-0-1">1</a>' in html  # our own link stays live
    assert "&lt;img src=" in html  # shown as text
    streamed = rendered(link_citations(HOSTILE + " [1]", 3))
    assert "<img" not in streamed and 'href="#nguon-3-1"' in streamed


def test_talking_points_markdown_is_literal():
    from nghiquyet.chat.talking_points import Bullet, Section, TalkingPoints

    points = TalkingPoints("<b>chủ đề</b>", [Section("Chỉ tiêu", [Bullet(HOSTILE, "Nguồn <i>x</i>", "c1")])])
    html = rendered(points.to_markdown())
    assert "<img" not in html and "<i>" not in html and "<b>" not in html and "evil.example/x.png" in html


def test_a_constrained_answer_shows_its_short_answer_and_the_sentences_it_rests_on_escaped():
    from nghiquyet.core.models import Answer, Citation

    answer = Answer("Quy mô kinh tế số đạt tối thiểu 30% GRDP. [1]", False, "generated",
                    [Citation(1, "Chương trình", "67-CTr/TU", "II › (2)", "c1", "q")],
                    short_answer="tối thiểu 30% GRDP <img src=x>",
                    sentences=[{"id": 4, "clause": 1, "text": HOSTILE}])
    html = rendered(answer_markdown(answer, 2))
    assert "<strong>Trả lời ngắn:</strong> tối thiểu 30% GRDP &lt;img" in html
    assert "<strong>Căn cứ:</strong>" in html and "<blockquote>" in html and 'href="#nguon-2-1"' in html
    assert "<img" not in html


def _indexed_alone(tmp_path, collection: str, name: str):
    """A retriever over one real fixture file, ingested as a new user would (no metadata file), fake embedder."""
    import shutil

    from nghiquyet.index.retriever import HybridRetriever
    from nghiquyet.ingest.pipeline import run_ingest

    from tests.conftest import REPO, fake_settings

    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(REPO / "shared" / collection / "files" / name, folder)
    settings = fake_settings(tmp_path, {"data_dir": folder, "ingest.metadata_file": tmp_path / "none.toml"})
    run_ingest(settings, [folder])
    return HybridRetriever.from_settings(settings)


def test_a_table_row_is_shown_with_its_tables_header(tmp_path):
    """A retrieved row of a real .docx table is shown under its table's caption and column headers (#12 item 2),
    escaped like every document text."""
    from html import escape

    retriever = _indexed_alone(tmp_path, "real-documents-3", "lamdong_ubnd_qd_congbo_chiso_cchc_2025.docx")
    hits = retriever.search("Sở nào xếp hạng nhất Chỉ số cải cách hành chính năm 2025?")
    row = next(hit for hit in hits if hit.chunk.table)
    views = source_views([(1, row.chunk.chunk_id)], hits, retriever.corpus.chunks_by_doc)
    html = sources_html(0, views)
    header = html.split('<div class="nq-table">', 1)[1].split("</div>", 1)[0]
    assert header.startswith("Bảng: ") and " | " in header  # caption and column headers, as ingest read them
    assert escape(row.chunk.table) in header, header


def test_document_markup_is_shown_as_ours_and_never_as_the_documents_html():
    """Bold, italic, code and links a Markdown source wrote are shown so; a link goes only to http, https or mailto,
    a span is placed at a whole word, and text around it stays escaped (#12 item 3, "kept for display")."""
    from nghiquyet.core.models import Markup
    from nghiquyet.ui.render import show_text

    text = "Tỉnh đạt tối thiểu 20% GRDP, theo Nghị quyết 57 và <b>các</b> văn bản Index I."
    html = show_text(text, [Markup("strong", "tối thiểu 20% GRDP"), Markup("em", "theo Nghị quyết 57 và"),
                            Markup("link", "Nghị quyết 57", 'https://x.vn/nq?a=1&b="2"'),
                            Markup("link", "văn bản", "javascript:alert(1)"), Markup("strong", "I")])
    assert "<strong>tối thiểu <mark>20%</mark> GRDP</strong>" in html or "<strong><mark>tối thiểu 20%" in html, html
    assert ('<em>theo <a href="https://x.vn/nq?a=1&amp;b=&quot;2&quot;" target="_blank" '
            'rel="noopener noreferrer nofollow">Nghị quyết') in html, html
    assert "javascript" not in html and "&lt;b&gt;các&lt;/b&gt;" in html
    assert "Index <strong>I</strong>." in html and "<strong>I</strong>ndex" not in html
    assert show_text(text) == highlight_figures(text)  # no markup: as before


def test_a_real_markdown_sources_bold_is_shown_in_the_sources_panel(tmp_path):
    """A real resolution published as Markdown (Nghị quyết 03/NQ-CP), ingested, indexed and searched: its text holds
    no markup (searched as words), and the panel shows its bold article number bold."""
    retriever = _indexed_alone(tmp_path, "real-documents", "nq-03-nq-cp-2025.md")
    hits = retriever.search("Nghị quyết 03/NQ-CP có hiệu lực thi hành từ khi nào?")
    hit = next(h for h in hits if "có hiệu lực thi hành kể từ ngày ký" in h.text)
    assert "**" not in hit.text and "**" not in hit.chunk.index_text
    assert [(span.style, span.text) for span in hit.markup] == [("strong", "Điều 2.")]
    html = sources_html(0, source_views([(1, hit.chunk.chunk_id)], hits, retriever.corpus.chunks_by_doc))
    quote = html.split('<blockquote class="nq-text">', 1)[1].split("</blockquote>", 1)[0]
    assert quote.startswith("<strong>Điều <mark>2</mark>.</strong> Nghị quyết này") or quote.startswith(
        "<strong>Điều 2.</strong> Nghị quyết này"), quote
    assert hit.to_json()["markup"] == [{"style": "strong", "text": "Điều 2.", "href": ""}]
