"""Evidence numbered by sentence: each clause's header (document, section) once, then its sentences, each
with an id the model can point at. Pointing at a sentence is easier for a small model than paraphrasing it,
and the code can then check every word of the answer against exactly the sentences it relies on."""

from __future__ import annotations

from dataclasses import dataclass

from nghiquyet.chat.prompts import evidence_header, fence_safe
from nghiquyet.core.models import Hit
from nghiquyet.core.textnorm import sentences as split_sentences

MIN_SENTENCE_CHARS = 3  # "a)" or a lone bullet is not a sentence


@dataclass(frozen=True)
class EvidenceSentence:
    """One numbered sentence: its id in the prompt, the clause (1-based, as in citations) and its text."""

    id: int
    clause: int
    text: str

    def to_json(self) -> dict[str, object]:
        return {"id": self.id, "clause": self.clause, "text": self.text}


@dataclass(frozen=True)
class NumberedEvidence:
    hits: list[Hit]
    sentences: list[EvidenceSentence]

    def by_id(self, ids: list[int]) -> list[EvidenceSentence]:
        """The sentences with these ids, in the order given, unknown ids and repeats left out."""
        known = {s.id: s for s in self.sentences}
        return [known[i] for i in dict.fromkeys(ids) if i in known]

    def header(self, sentence: EvidenceSentence) -> str:
        """Where a sentence comes from (document, province or level, section): the context a year or a
        document number in the answer may come from."""
        hit = self.hits[sentence.clause - 1]
        return evidence_header(sentence.clause, hit)

    def render(self) -> str:
        """The prompt text: a header line per clause, then "[id] sentence" lines, inside one fence."""
        lines: list[str] = []
        clause = 0
        for sentence in self.sentences:
            if sentence.clause != clause:
                clause = sentence.clause
                header = evidence_header(clause, self.hits[clause - 1]).split(" ", 1)[1]
                lines.append(f"{'' if not lines else chr(10)}## {header}")
            lines.append(f"[{sentence.id}] {fence_safe(sentence.text)}")
        return "<trich_doan>\n" + "\n".join(lines) + "\n</trich_doan>"


def number_sentences(hits: list[Hit]) -> NumberedEvidence:
    """Split every clause into sentences (and lines: table rows, bullets) and number them from 1."""
    sentences: list[EvidenceSentence] = []
    for clause, hit in enumerate(hits, start=1):
        for piece in split_sentences(hit.text):
            piece = " ".join(piece.split())
            if len(piece) >= MIN_SENTENCE_CHARS:
                sentences.append(EvidenceSentence(len(sentences) + 1, clause, piece))
    return NumberedEvidence(hits, sentences)
