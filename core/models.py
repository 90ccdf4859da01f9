"""The nouns that flow through the product: Document -> Chunk -> Hit -> Answer (with its Citations), and
the SearchFilters a person puts on a search.

Plain dataclasses, serialisable to JSON with ``to_dict``/``from_dict``.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterable

from nghiquyet.core.lexicon import names_document
from nghiquyet.core.textnorm import fold


@dataclass
class Document:
    """One document found in a source file, with its metadata.

    ``provenance`` says where each metadata field came from (``văn bản``: the text itself,
    ``trích dẫn``: how another document cites it, ``documents.toml``: the metadata file,
    ``suy luận``: inferred by rule).
    """

    doc_id: str
    source: str
    ordinal: int
    title: str
    kind: str
    number: str | None = None
    issuer: str | None = None
    parent_issuer: str | None = None  # the line above the issuer in the header ("Bộ Công Thương" over "Cục Hóa chất")
    place: str | None = None  # the place of the date line ("Hà Nội, ngày …")
    date: str | None = None  # ISO 8601 (YYYY-MM-DD) when known
    level: str | None = None  # "quốc gia" | "tỉnh" | ...
    province: str | None = None
    signer: str | None = None
    signer_role: str | None = None
    author: str | None = None
    recipients: str | None = None  # whom a letter is addressed to ("Kính gửi: …"), "; " between them
    provenance: dict[str, str] = field(default_factory=dict)
    outline: list[str] = field(default_factory=list)
    chunk_count: int = 0
    warnings: list[str] = field(default_factory=list)  # what a person should know (clauses kept out of answers…)
    parts: list[str] = field(default_factory=list)  # attachments after the signature ("Phụ lục I: …")
    # How much of the source text reached the index: {"indexed": share, "on_purpose": share, "lost": share,
    # "left_out": {why: characters}}; a share of lost text above 2% is a warning.
    coverage: dict[str, Any] = field(default_factory=dict)
    ocr: list[dict[str, float]] = field(default_factory=list)  # scanned pages: {"page", "confidence", "words"}
    # How its file was read, as its reader said it (a table's lines read row by row; scanned pages have ``ocr``): a
    # person checking a citation against the file should know where the indexed text is not the file's layout.
    reading: list[str] = field(default_factory=list)
    targets_dropped: int = 0  # figures read as targets that failed the verbatim checks (ingest reports them)
    uploaded_by: str | None = None  # who added the file through the UI, and when (ISO 8601)
    uploaded_at: str | None = None

    @property
    def date_vn(self) -> str | None:
        """The date as Vietnamese documents write it (dd/mm/yyyy)."""
        if not self.date:
            return None
        year, month, day = self.date.split("-")
        return f"{day}/{month}/{year}"

    @property
    def kept_share(self) -> float | None:
        """The share of its text in the index or set apart on purpose (``coverage``); None when not measured."""
        return self.coverage.get("indexed", 0) + self.coverage.get("on_purpose", 0) if self.coverage else None

    def display_name(self) -> str:
        """Short name for citations: the number when known, else the title."""
        if self.number:
            return f"{self.kind.capitalize()} số {self.number}"
        return self.title

    def metadata_rows(self, labels: dict[str, str]) -> list[tuple[str, str, str | None]]:
        """(label, value as shown, where it came from) for each field named in ``labels`` ({field: label},
        in display order) that has a value; dates as dd/mm/yyyy."""
        rows = []
        for name, label in labels.items():
            value = self.date_vn if name == "date" else getattr(self, name)
            if value is not None and value != "":
                rows.append((label, str(value), self.provenance.get(name)))
        return rows

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        return cls(**data)


# The line an outline chunk starts with; its items follow, one "• …" line each.
OUTLINE_LEAD = "Các nội dung của mục này:"


MARKUP_STYLES = ("strong", "em", "code", "link")
SAFE_LINK = re.compile(r"^(?:https?://|mailto:)", re.IGNORECASE)  # where a link shown from a document may go


@dataclass(frozen=True)
class Markup:
    """A span of a chunk's text that its source marked up (Markdown's bold, italic, code, a link): kept to show
    the text as written, never searched. ``text`` is the span as it reads in the chunk; ``href`` a link's
    address (http, https or mailto only)."""

    style: str  # one of MARKUP_STYLES
    text: str
    href: str = ""

    @property
    def safe_href(self) -> str | None:
        """The link's address when it is one a reader may follow (http, https, mailto), else None."""
        return self.href if self.style == "link" and SAFE_LINK.match(self.href) else None

    @classmethod
    def kept(cls, style: str, text: str, href: str = "") -> "Markup | None":
        """The span a reader keeps for ``text`` as its source marked it up (spaces collapsed), or None: an empty span,
        or a link no reader may follow."""
        span = cls(style, " ".join(text.split()), href if style == "link" else "")
        return span if span.text and (style != "link" or span.safe_href) else None


def markup_in(text: str, markup: "Iterable[Markup]") -> tuple[Markup, ...]:
    """The spans of ``markup`` that ``text`` holds, each once, in order."""
    return tuple(dict.fromkeys(span for span in markup if span.text and span.text in text))


@dataclass
class Chunk:
    """One retrievable unit: a clause (or a few sentences of one), an outline or a document card.

    ``text`` is what a person reads; ``index_text`` (title + heading path + text) is what is embedded
    and indexed. Chunks cut from the same clause share ``clause_id`` so neighbours can be merged.
    """

    chunk_id: str
    doc_id: str
    kind: str  # "clause" | "outline" | "card"
    heading_path: list[str]
    text: str
    index_text: str
    ordinal: int
    clause_id: str
    part: int = 0
    parts: int = 1
    # "orders": the clause gives orders to an assistant; it stays searchable but never reaches an answer.
    flags: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # pages of the source it is on (PDF), for "tr. 12"
    table: str | None = None  # a table row: the table's caption and column headers
    targets: list[dict[str, Any]] = field(default_factory=list)  # quantified targets it states (Target.to_dict)
    markup: list[Markup] = field(default_factory=list)  # what its source showed bold, italic, as code or linked

    @property
    def section(self) -> str:
        return " › ".join(self.heading_path)

    @property
    def table_id(self) -> tuple[str, str, str] | None:
        """Which table a row belongs to (its document, its part, its caption and headers), or None."""
        return (self.doc_id, self.heading_path[0] if self.heading_path else "", self.table) if self.table else None

    @property
    def locator(self) -> str:
        """Where a citation points: the section, and the page(s) when the source has pages ("…, tr. 12")."""
        pages = sorted(set(self.pages))
        if not pages:
            return self.section
        where = f"tr. {pages[0]}" if len(pages) == 1 else f"tr. {pages[0]}–{pages[-1]}"
        return f"{self.section}, {where}" if self.section else where

    def reference(self) -> dict[str, Any]:
        """How ``search --json`` names a clause it does not give as a hit: its id, section and pages."""
        return {"id": self.chunk_id, "section": self.section, "pages": sorted(set(self.pages))}

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Chunk":
        markup = [Markup(**span) for span in data.get("markup", [])]
        return cls(**{**data, "markup": markup})


@dataclass(frozen=True)
class Target:
    """One quantified target as a clause states it: "Quy mô kinh tế số" · "tối thiểu 30% GRDP" · ≥ 30 · "% GRDP"
    · 2030. ``value`` and ``quote`` are verbatim; ``comparator`` is one of >=, >, =, <=, <, range, approx, rank
    (a rank's ``number`` is the size of the group: "nhóm 3 nước" -> 3)."""

    indicator: str
    value: str
    comparator: str
    number: float
    number_max: float | None
    unit: str
    year: int
    quote: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Target":
        return cls(**data)


@dataclass
class Hit:
    """A chunk returned for a question, with its fused score and its document."""

    chunk: Chunk
    document: Document
    score: float
    dense_rank: int | None = None
    sparse_rank: int | None = None
    dense_score: float | None = None
    sparse_score: float | None = None
    text: str = ""  # display text; may merge neighbouring parts of the same clause
    # Clauses a lead-in ending in ":" brought along (their text follows its own in ``text``).
    following: list[Chunk] = field(default_factory=list)
    # The clauses a lead-in ending in ":" announces when the context had no room for them: never part of
    # ``text`` (a model never sees them), but a quote of the lead-in is given with them, each cited as itself.
    announced: list[Chunk] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.text:
            self.text = self.chunk.text

    @property
    def markup(self) -> list[Markup]:
        """What the sources of ``text`` marked up: its chunk's spans and those of the clauses brought along."""
        return list(markup_in(self.text, (span for chunk in [self.chunk, *self.following] for span in chunk.markup)))

    def source_of(self, sentence: str) -> "Hit":
        """The hit to cite for ``sentence`` of this hit's text: a clause brought along by the lead-in when the
        sentence is that clause's own, otherwise this one."""
        for chunk in self.following:
            if sentence.strip() and sentence.strip() in chunk.text:
                return Hit(chunk, self.document, self.score)
        return self

    def to_json(self) -> dict[str, Any]:
        """The documented, stable JSON shape of ``nghiquyet search --json``."""
        return {
            "id": self.chunk.chunk_id,
            "doc_id": self.document.doc_id,
            "doc_title": self.document.title,
            "doc_number": self.document.number,
            "section": self.chunk.section,
            "pages": sorted(set(self.chunk.pages)),
            "table": self.chunk.table,
            "text": self.text,
            "markup": [dataclasses.asdict(span) for span in self.markup],
            "score": round(float(self.score), 6),
            "following": [chunk.reference() for chunk in self.following],
            "announced": [chunk.reference() for chunk in self.announced],
        }


@dataclass
class Citation:
    """A source the answer used, numbered as in the evidence handed to the model."""

    n: int
    doc_title: str
    doc_number: str | None
    section: str
    chunk_id: str
    quote: str
    pages: list[int] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass
class Answer:
    """What ``ask`` returns: the text, whether it is a refusal, its sources and how long it took.

    ``mode`` is "generated" (the model's answer passed the checks), "extractive" (the clauses quoted
    verbatim, because the model's answer failed a check or no model was used, or a target's figure read from
    the targets table) or "refused".
    """

    text: str
    refused: bool
    mode: str
    citations: list[Citation] = field(default_factory=list)
    evidence: list[Hit] = field(default_factory=list)
    timings: dict[str, float | None] = field(default_factory=dict)
    model: str | None = None
    notes: list[str] = field(default_factory=list)
    # A constrained answer's short span (a figure with its unit, a name, a date) and the evidence sentences it
    # relies on ({"id", "clause", "text"}; "clause" is the citation number).
    short_answer: str = ""
    sentences: list[dict[str, Any]] = field(default_factory=list)
    # Why the model's reply gave way to quotes or a refusal ("junk", "checks", "figure", "kinds", "not_found",
    # "format"; see chat.answer.Verdict); "" when no reply was set aside.
    replaced: str = ""
    model_reply: str = ""  # the model's reply as it wrote it, shown or not ("" when no model ran)

    def to_json(self) -> dict[str, Any]:
        """The documented shape of ``nghiquyet ask --json``."""
        return {"answer": self.text, "short_answer": self.short_answer, "sentences": self.sentences,
                "refused": self.refused, "mode": self.mode,
                "citations": [c.to_json() for c in self.citations],
                "evidence": [h.to_json() for h in self.evidence], "timings": self.timings,
                "model": self.model, "notes": self.notes}


@dataclass
class SearchFilters:
    """Restrict a search by document metadata. Empty lists mean no restriction."""

    docs: list[str] = field(default_factory=list)  # doc_id, number ("57-NQ/TW") or bare number ("57")
    kinds: list[str] = field(default_factory=list)
    levels: list[str] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (self.docs or self.kinds or self.levels or self.provinces or self.years)

    def matches(self, document: Document) -> bool:
        if self.docs and not any(names_document(ref, document.number, document.doc_id) for ref in self.docs):
            return False
        if self.kinds and fold(document.kind) not in {fold(k) for k in self.kinds}:
            return False
        if self.levels and fold(document.level or "") not in {fold(v) for v in self.levels}:
            return False
        if self.provinces and fold(document.province or "") not in {fold(p) for p in self.provinces}:
            return False
        if self.years and (not document.date or date.fromisoformat(document.date).year not in self.years):
            return False
        return True
