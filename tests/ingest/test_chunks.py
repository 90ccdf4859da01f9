"""Clause-level chunks of the real corpus carry the right document and heading path."""

from nghiquyet.ingest.chunker import VietnameseSentenceSplitter


def _chunks_of(corpus_index, number):
    from nghiquyet.index.store import load_index

    settings, _ = corpus_index
    data = load_index(settings.index_dir)
    doc = next(d for d in data.documents.values() if d.number == number)
    return doc, [c for c in data.chunks if c.doc_id == doc.doc_id], data


def test_grdp_target_sits_in_programme_67_clause_2(corpus_index):
    doc, chunks, _ = _chunks_of(corpus_index, "67-CTr/TU")
    hits = [c for c in chunks if "Quy mô kinh tế số đạt tối thiểu 30% GRDP." in c.text and c.kind == "clause"]
    assert len(hits) == 1
    assert hits[0].section.endswith("2. Mục tiêu cụ thể đến năm 2030 › (2)")
    assert hits[0].section.startswith("II- MỤC TIÊU")
    assert doc.province == "Sóc Trăng" and doc.level == "tỉnh"
    # The indexed text carries the document and the path, the display text does not repeat them.
    assert "67-CTr/TU" in hits[0].index_text and "Mục tiêu cụ thể đến năm 2030" in hits[0].index_text


def test_gdp_target_sits_in_resolution_57_by_2030(corpus_index):
    doc, chunks, _ = _chunks_of(corpus_index, "57-NQ/TW")
    hits = [c for c in chunks if "Quy mô kinh tế số đạt tối thiểu 30% GDP." in c.text and c.kind == "clause"]
    assert len(hits) == 1
    assert "1. Đến năm 2030" in hits[0].section
    assert doc.level == "quốc gia"


def test_no_chunk_holds_navigation_or_widget_text(corpus_index):
    _, _, data = _chunks_of(corpus_index, "57-NQ/TW")
    for chunk in data.chunks:
        for phrase in ("Tin mới", "Các tin khác", "POWERED BY", "{name}", "Chat Zalo", "lượt xem", "Nơi nhận"):
            assert phrase not in chunk.text, (phrase, chunk.chunk_id)


def test_sentence_broken_by_a_page_break_is_whole_in_one_chunk(corpus_index):
    _, chunks, _ = _chunks_of(corpus_index, "57-NQ/TW")
    sentence = "trình độ, năng lực công nghệ, đổi mới sáng tạo của doanh nghiệp đạt mức trên trung bình của thế giới"
    assert sum(sentence in c.text for c in chunks if c.kind == "clause") == 1


def test_chunk_ids_are_unique_and_every_document_has_a_card_and_outlines(corpus_index):
    _, _, data = _chunks_of(corpus_index, "57-NQ/TW")
    ids = [c.chunk_id for c in data.chunks]
    assert len(ids) == len(set(ids))
    for document in data.documents.values():
        kinds = {c.kind for c in data.chunks if c.doc_id == document.doc_id}
        assert "card" in kinds and "clause" in kinds
    resolution = next(d for d in data.documents.values() if d.number == "57-NQ/TW")
    outline = next(c for c in data.chunks if c.doc_id == resolution.doc_id and c.kind == "outline"
                   and c.section == "III- NHIỆM VỤ, GIẢI PHÁP")
    assert outline.text.count("•") == 7  # the seven task groups, in one compact chunk
    card = next(c for c in data.chunks if c.doc_id == resolution.doc_id and c.kind == "card")
    # The PDF reads "Tổ Lâm"; documents.toml corrects the signer and the card shows the correction.
    assert "Tô Lâm" in card.text and "22/12/2024" in card.text
    assert resolution.provenance["signer"] == "documents.toml"
    # each field said once: a card was ~700 characters of a 1500-character context, title and signer twice
    assert card.text.count("Tô Lâm") == 1 and "Cơ quan ban hành" not in card.text  # "do Bộ Chính trị ban hành"
    assert card.text.count(resolution.title) == 1 and len(card.text) < 400, card.text


def test_long_clauses_split_on_sentence_boundaries_only():
    splitter = VietnameseSentenceSplitter(chunk_size=120, chunk_overlap=0)
    text = ("2. Các cấp ủy tổ chức quán triệt Nghị quyết. Quy mô kinh tế số đạt tối thiểu 30% GRDP. "
            "Tỷ lệ sử dụng dịch vụ công trực tuyến đạt trên 80%. Giao dịch không dùng tiền mặt đạt trên 80%.")
    pieces = splitter.split_text(text)
    assert len(pieces) >= 2
    assert " ".join(pieces) == text
    assert all(piece.endswith(".") for piece in pieces)
    assert not any(piece == "2." for piece in pieces)  # a bare marker is glued to its sentence


def test_a_clause_is_not_cut_where_the_text_has_no_space():
    """underthesea ends a sentence at a dot with no space after it: Điều 2 of Đồng Tháp's draft decision
    (shared/real-documents-4) was cut inside "548/QĐ-UBND.HC", so a chunk opened "HC ngày 12/6/2019" and no
    quote held the number of the decision it repeals; an e-mail address and a closing ".)" were cut the same way."""
    splitter = VietnameseSentenceSplitter(chunk_size=150, chunk_overlap=0)
    text = ("Điều 2. Quyết định này có hiệu lực kể từ ngày…/…/2024 và Quyết định số 548/QĐ-UBND.HC ngày 12/6/2019 "
            "của Uỷ ban nhân dân Tỉnh ban hành Quy định tiêu chuẩn và trình tự đánh giá hết hiệu lực. Góp ý gửi về "
            "địa chỉ thư điện tử cchc@lamdong.gov.vn để tổng hợp (kèm bản mềm tháng 5/2024.). Câu cuối cùng ở đây.")
    pieces = splitter.split_text(text)
    assert any("548/QĐ-UBND.HC ngày 12/6/2019" in piece for piece in pieces), pieces
    assert any("cchc@lamdong.gov.vn" in piece for piece in pieces), pieces
    assert not any(piece.startswith((".", ")", "HC", "gov")) for piece in pieces), pieces
