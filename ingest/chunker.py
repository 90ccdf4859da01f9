"""Turn a parsed document into chunks: clauses (split on sentence boundaries when long), outlines of
headings with several sub-items, and one searchable "document card" with the document's metadata."""

from __future__ import annotations

import hashlib
import logging
from functools import lru_cache

from langchain_text_splitters import TextSplitter
from nghiquyet.core.config import IngestSettings
from nghiquyet.core.lexicon import gives_orders
from nghiquyet.core.models import OUTLINE_LEAD, Chunk, Document, Markup, markup_in
from nghiquyet.core.textnorm import NORMALISER_VERSION
from nghiquyet.index.tokenizer import underthesea
from nghiquyet.ingest.readers import READERS_VERSION
from nghiquyet.ingest.structure import STRUCTURE_VERSION, Clause, Section
from nghiquyet.ingest.targets import TARGETS_VERSION

# A single sentence longer than the limit stays whole; that is expected, not worth a warning per chunk.
logging.getLogger("langchain_text_splitters.base").setLevel(logging.ERROR)

CHUNKER_VERSION = "13"  # 13: a long clause is not cut where underthesea splits with no space ("548/QĐ-UBND.HC", an e-mail address, ".)"); 12: a header read as a scan reads it (a loose motto, specks, a garbled day, a merged parent line); 11: a heading the format states right under a title is not the title's next line; 10: a document card says each field once; 9: lines of hard-wrapped plain text joined too; "Điều hành", "Mục tiêu" carry a line on
ORDERS_FLAG = "orders"  # the clause gives orders to an assistant (see core.lexicon.ASSISTANT_ORDERS)
OUTLINE_ITEM_CHARS = 240
OUTLINE_MIN_ITEM_CHARS = 100
OUTLINE_MIN_CHILDREN = 2  # a heading over a single clause needs no outline: the clause is the answer
OUTLINE_MAX_CHARS = 1000
CARD_SECTION = "Thông tin văn bản"


def chunker_config(settings: IngestSettings) -> dict[str, object]:
    """What decides how a file is chunked: a change re-chunks every file."""
    return {"chunker": CHUNKER_VERSION, "structure": STRUCTURE_VERSION, "normaliser": NORMALISER_VERSION,
            "readers": READERS_VERSION,
            "max_chars": settings.chunk_max_chars, "overlap": settings.chunk_overlap_chars, "targets": TARGETS_VERSION}


class VietnameseSentenceSplitter(TextSplitter):
    """Groups whole sentences (found by underthesea) into pieces of at most ``chunk_size`` characters."""

    def split_text(self, text: str) -> list[str]:
        if len(text) <= self._chunk_size:
            return [text]
        return self._merge_splits(_glue_short(_sentences(text)), " ")


@lru_cache(maxsize=4096)
def _sentences_cached(text: str) -> tuple[str, ...]:
    """underthesea's sentences, put back together where it cut with no space in the text: inside a number and
    symbol ("548/QĐ-UBND." | "HC ngày 12/6/2019"), an address ("cchc@lamdong." | "gov.vn"), or before the
    bracket or quotation mark that closes a sentence ("… tháng 5/2024." | ".)"), which then opened the next piece."""
    pieces: list[str] = []
    end = 0  # where the last piece ended in ``text``
    for sentence in (s.strip() for s in underthesea().sent_tokenize(text)):
        if not sentence:
            continue
        start = text.find(sentence, end)
        if pieces and start == end:
            pieces[-1] += sentence
        else:
            pieces.append(sentence)
        end = start + len(sentence) if start >= 0 else end
    return tuple(pieces)


def _sentences(text: str) -> list[str]:
    return list(_sentences_cached(text))


def _glue_short(sentences: list[str], min_chars: int = 25) -> list[str]:
    """Attach fragments such as a bare "2." marker to the sentence that follows them."""
    glued: list[str] = []
    carry = ""
    for sentence in sentences:
        sentence = f"{carry} {sentence}".strip() if carry else sentence
        carry = ""
        if len(sentence) < min_chars:
            carry = sentence
        else:
            glued.append(sentence)
    if carry:
        if glued:
            glued[-1] = f"{glued[-1]} {carry}"
        else:
            glued.append(carry)
    return glued


def _first_sentence(text: str, limit: int) -> str:
    """The item's first sentence (whole when it fits), else its first ``limit`` characters."""
    first = _glue_short(_sentences(text))[0] if len(text) > limit else text
    if len(first) <= limit:
        return first + (" …" if len(first) < len(text) else "")
    return first[:limit].rsplit(" ", 1)[0] + " …"


def _row_pieces(row: str, max_chars: int) -> list[str]:
    """A table row as pieces of whole cells ("Chỉ tiêu: … | Năm 2030: …"), each at most a few chunks long."""
    limit = max(max_chars * 3, 300)
    if len(row) <= limit:
        return [row]
    pieces: list[str] = []
    for cell in row.split(" | "):
        if pieces and len(pieces[-1]) + len(cell) + 3 <= limit:
            pieces[-1] = f"{pieces[-1]} | {cell}"
        else:
            pieces.append(cell)
    return pieces


def _chunk_id(doc_id: str, section: str, part: int, text: str) -> str:
    digest = hashlib.sha1(f"{doc_id}\x1f{section}\x1f{part}\x1f{text}".encode()).hexdigest()
    return digest[:16]


def document_label(document: Document) -> str:
    """How a chunk names its document in the indexed text: short name, level and province."""
    if document.number:
        name = f"{document.kind.capitalize()} số {document.number}"
    elif document.provenance.get("title", "").startswith("suy luận"):
        name = document.kind.capitalize()  # a title guessed from the first sentence would bias every chunk
    else:
        name = document.title
    parts = [name]
    if document.issuer:
        parts.append(document.issuer)
    if document.province:
        parts.append(f"tỉnh {document.province}")
    elif document.level == "quốc gia":
        parts.append("cấp quốc gia")
    return ", ".join(parts)


def card_text(document: Document) -> str:
    """The document card: every metadata field a who/when/which-number question asks about, each said once. A
    sentence names the document, its issuer, date and signer; the lines under it give only what the sentence
    does not (the title when the sentence names the document by its number, kind, author, level, province).
    Said twice, a decision's card was ~700 characters of a 1500-character context."""
    name = f"{document.kind.capitalize()} số {document.number}" if document.number else document.title
    sentence = name
    if document.issuer:
        sentence += f" do {document.issuer} ban hành"
    if document.date:
        sentence += f" ngày {document.date_vn}"
    if document.signer:
        role = f" ({document.signer_role})" if document.signer_role else ""
        sentence += f"; người ký: {document.signer}{role}"
    rows = [("Văn bản", document.title if document.title != name else None), ("Loại", document.kind),
            ("Số hiệu", document.number), ("Ngày ban hành", document.date_vn), ("Tác giả", document.author),
            ("Cấp", document.level), ("Tỉnh", document.province)]
    return sentence + ".\n" + "\n".join(f"{label}: {value}" for label, value in rows if value)


def build_chunks(document: Document, clauses: list[Clause], sections: list[Section],
                 max_chars: int, overlap_chars: int = 0) -> list[Chunk]:
    """All chunks of one document, in reading order, then outlines, then the card."""
    splitter = VietnameseSentenceSplitter(chunk_size=max_chars, chunk_overlap=overlap_chars)
    label = document_label(document)
    chunks: list[Chunk] = []

    def add(kind: str, path: list[str], text: str, clause_id: str, part: int, parts: int,
            flags: list[str] | None = None, pages: list[int] | None = None, table: str | None = None,
            markup: tuple[Markup, ...] = ()) -> None:
        section = " › ".join(path)
        context = " | ".join(x for x in (label, section, table) if x)
        chunks.append(Chunk(
            chunk_id=_chunk_id(document.doc_id, section, part, text), doc_id=document.doc_id, kind=kind,
            heading_path=list(path), text=text, index_text=f"{context} | {text}", ordinal=len(chunks),
            clause_id=clause_id, part=part, parts=parts, flags=list(flags or []), pages=list(pages or []),
            table=table, markup=list(markup_in(text, markup)),
        ))

    for number, clause in enumerate(clauses):
        # A table row is cut only between its cells, never inside a cell at a full stop.
        pieces = _row_pieces(clause.text, max_chars) if clause.table else splitter.split_text(clause.text)
        clause_id = f"{document.doc_id}:c{number}"
        flags = [ORDERS_FLAG] if gives_orders(clause.text) else []
        for part, piece in enumerate(pieces):
            add("clause", clause.heading_path, piece, clause_id, part, len(pieces), flags, clause.pages, clause.table,
                clause.markup)
    for number, section in enumerate(s for s in sections if len(s.children) >= OUTLINE_MIN_CHILDREN):
        # Every child is listed: the longer the list, the shorter each item.
        limit = min(OUTLINE_ITEM_CHARS, max(OUTLINE_MIN_ITEM_CHARS, OUTLINE_MAX_CHARS // len(section.children)))
        lines = [f"• {_first_sentence(child, limit)}" for child in section.children if not gives_orders(child)]
        if len(lines) < OUTLINE_MIN_CHILDREN:
            continue
        text = "\n".join(lines)
        if len(text) > OUTLINE_MAX_CHARS:
            text = text[:OUTLINE_MAX_CHARS].rsplit("\n", 1)[0] + "\n• …"
        add("outline", section.heading_path, f"{OUTLINE_LEAD}\n{text}", f"{document.doc_id}:o{number}", 0, 1)
    add("card", [CARD_SECTION], card_text(document), f"{document.doc_id}:card", 0, 1)
    return chunks
