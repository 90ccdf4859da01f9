"""What is loaded, as the other stages see it: the documents with their metadata and their chunks.

Query analysis reads questions against it (which numbers, kinds and provinces exist), answers check
against it, the UI lists it. Positions (rows) are the chunks' places in the index: row ``i`` is vector
``i`` and BM25 document ``i``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from itertools import islice

import numpy as np
from nghiquyet.core.lexicon import NATIONAL
from nghiquyet.core.models import Chunk, Document, SearchFilters
from nghiquyet.core.textnorm import fold


@dataclass
class Corpus:
    documents: dict[str, Document]
    chunks: list[Chunk]
    rows_by_doc: dict[str, np.ndarray] = field(init=False, repr=False)

    flagged_rows: frozenset[int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        rows: dict[str, list[int]] = {}
        for row, chunk in enumerate(self.chunks):
            rows.setdefault(chunk.doc_id, []).append(row)
        self.rows_by_doc = {doc_id: np.asarray(r, dtype=np.int64) for doc_id, r in rows.items()}
        # Clauses that give orders to an assistant: searchable (``search`` shows them), never evidence.
        self.flagged_rows = frozenset(row for row, chunk in enumerate(self.chunks) if chunk.flags)

    @cached_property
    def chunks_by_doc(self) -> dict[str, list[Chunk]]:
        """Each document's chunks in reading order."""
        grouped: dict[str, list[Chunk]] = {}
        for chunk in self.chunks:
            grouped.setdefault(chunk.doc_id, []).append(chunk)
        for chunks in grouped.values():
            chunks.sort(key=lambda c: c.ordinal)
        return grouped

    @cached_property
    def table_rows(self) -> dict[tuple[str, str, str], list[int]]:
        """Each table's rows (``Chunk.table_id``), in index order."""
        tables: dict[tuple[str, str, str], list[int]] = {}
        for row, chunk in enumerate(self.chunks):
            if chunk.kind == "clause" and (table := chunk.table_id) is not None:
                tables.setdefault(table, []).append(row)
        return tables

    @cached_property
    def _folded_text(self) -> str:
        return "\n".join(fold(chunk.text) for chunk in self.chunks)

    def mentions(self, phrase: str) -> bool:
        """Whether some clause names ``phrase`` (case, spacing and tone marks aside): a province compared in a
        report of another province, a body named in a table's header."""
        return bool(phrase.strip()) and fold(phrase) in self._folded_text

    @cached_property
    def _positions(self) -> dict[str, int]:
        """Where each chunk stands in its document's reading order."""
        return {chunk.chunk_id: position for chunks in self.chunks_by_doc.values()
                for position, chunk in enumerate(chunks)}

    def following_clauses(self, chunk: Chunk, max_chars: int) -> list[Chunk]:
        """The clause parts that follow ``chunk`` in its section, in reading order, up to ``max_chars`` (the first
        one always, when there is one, however long): what a lead-in line ending in ":" announces. Clauses that
        give orders to an assistant are never among them."""
        chunks = self.chunks_by_doc.get(chunk.doc_id, [])
        after = (c for c in islice(chunks, self._positions.get(chunk.chunk_id, len(chunks)) + 1, None)
                 if c.clause_id != chunk.clause_id)  # read only as far as the items go
        own = chunk.heading_path
        section: list[str] | None = None
        found: list[Chunk] = []
        used = 0
        for following in after:
            if section is None:
                # A heading's line ("1. Hoàn thành xuất sắc nhiệm vụ: Đạt từ 90 điểm trở lên, … các điều kiện
                # sau:") is followed by its own items; a paragraph ("… tính đến ngày 26/11/2024 có:") by the
                # rest of its section.
                path = following.heading_path
                section = own if len(path) > len(own) and path[:len(own)] == own else own[:-1]
            if following.kind != "clause" or following.heading_path[:len(section)] != section or following.flags:
                break
            if found and used + len(following.text) > max_chars:
                break
            found.append(following)
            used += len(following.text)
        return found

    @cached_property
    def target_rows(self) -> np.ndarray:
        """The rows whose clause states a quantified target (the targets table), orders to an assistant aside."""
        return np.asarray([row for row, chunk in enumerate(self.chunks) if chunk.targets
                           and row not in self.flagged_rows], dtype=np.int64)

    def document_of(self, chunk: Chunk) -> Document:
        return self.documents[chunk.doc_id]

    def allowed_rows(self, filters: SearchFilters | None) -> np.ndarray | None:
        """The rows a filtered search may return; None when there is no filter."""
        if filters is None or filters.is_empty():
            return None
        keep = [self.rows_by_doc[d.doc_id] for d in self.documents.values()
                if filters.matches(d) and d.doc_id in self.rows_by_doc]
        return np.concatenate(keep) if keep else np.zeros(0, dtype=np.int64)

    def listing(self) -> list[Document]:
        """Documents in display order: national first, then by source file and position."""
        return sorted(self.documents.values(), key=lambda d: (d.level != NATIONAL, d.source, d.ordinal))

    def provinces(self) -> list[str]:
        return sorted({d.province for d in self.documents.values() if d.province})

    def levels(self) -> list[str]:
        return sorted({d.level for d in self.documents.values() if d.level})

    def issuers(self) -> list[str]:
        return sorted({d.issuer for d in self.documents.values() if d.issuer})
