"""Talking points for propaganda staff: a structured brief on a topic, every bullet a quoted clause with
its source, exportable as Markdown and .docx.

Built from retrieval, not generation: each bullet is the document's own wording, so it can be quoted
as it stands. Sections: key messages, targets with figures, main tasks, who does what.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from nghiquyet.core.lexicon import figures
from nghiquyet.core.models import Hit, SearchFilters
from nghiquyet.core.textnorm import SENTENCE_BREAK, dedupe_key, escape_markdown
from nghiquyet.index.retriever import HybridRetriever

BULLET_MAX_CHARS = 320
NEAR_DUPLICATE = 0.95  # difflib ratio above which two clauses are the same text


@dataclass
class Bullet:
    text: str
    source: str  # "Chương trình số 67-CTr/TU — II- MỤC TIÊU › 2. … › (2)"
    chunk_id: str


@dataclass
class Section:
    title: str
    bullets: list[Bullet] = field(default_factory=list)


@dataclass
class TalkingPoints:
    topic: str
    sections: list[Section]

    def to_markdown(self) -> str:
        lines = [f"# Ý chính tuyên truyền: {_markdown_text(self.topic)}", ""]
        for section in self.sections:
            if not section.bullets:
                continue
            lines += [f"## {_markdown_text(section.title)}", ""]
            lines += [f"- {_markdown_text(b.text)} *(Nguồn: {_markdown_text(b.source)})*" for b in section.bullets]
            lines.append("")
        return "\n".join(lines)

    def to_json(self) -> dict:
        return {"topic": self.topic, "sections": [
            {"title": s.title, "bullets": [b.__dict__ for b in s.bullets]} for s in self.sections]}

    def save_docx(self, path: Path) -> Path:
        import docx

        document = docx.Document()
        document.add_heading(f"Ý chính tuyên truyền: {self.topic}", level=1)
        for section in self.sections:
            if not section.bullets:
                continue
            document.add_heading(section.title, level=2)
            for bullet in section.bullets:
                paragraph = document.add_paragraph(style="List Bullet")
                paragraph.add_run(bullet.text)
                source = paragraph.add_run(f" (Nguồn: {bullet.source})")
                source.italic = True
        document.save(str(path))
        return path


# (section title, query cue added to the topic, keep only clauses with figures, heading words preferred)
_PLAN = [
    ("Thông điệp chính", "quan điểm chỉ đạo mục tiêu tổng quát", False, ("quan điểm", "tổng quát", "mục đích")),
    ("Chỉ tiêu, con số", "mục tiêu chỉ tiêu đến năm 2030 tỷ lệ", True, ("mục tiêu", "tầm nhìn")),
    ("Nhiệm vụ, giải pháp trọng tâm", "nhiệm vụ giải pháp", False, ("nhiệm vụ", "giải pháp")),
    ("Phân công thực hiện", "tổ chức thực hiện chủ trì phối hợp", False, ("tổ chức thực hiện",)),
]


_LIST_MARKER = re.compile(r"^(\s*)([-+*•]|\d{1,3}[.)])(\s)")


def _markdown_text(text: str) -> str:
    """A clause as literal Markdown: its own "- …", "2. …" opening must not start a nested list, and
    nothing in it (stars, links, images, HTML) may turn into markup."""
    text = escape_markdown(" ".join(text.split()))
    return _LIST_MARKER.sub(lambda m: m.group(1) + m.group(2).replace(".", "\\.").replace(")", "\\)")
                            .replace("-", "\\-").replace("+", "\\+") + m.group(3), text)


def _said_before(wording: str, wordings: list[str]) -> bool:
    return any(SequenceMatcher(None, wording, earlier, autojunk=False).ratio() >= NEAR_DUPLICATE
               for earlier in wordings)


def _quotable(hit: Hit) -> str:
    """The clause's own words, cut at a sentence boundary."""
    text = hit.text.strip()
    if len(text) <= BULLET_MAX_CHARS:
        return text
    kept = ""
    for sentence in SENTENCE_BREAK.split(text):
        if kept and len(kept) + len(sentence) > BULLET_MAX_CHARS:
            break
        kept = f"{kept} {sentence}".strip()
    return kept if len(kept) <= BULLET_MAX_CHARS + 200 else kept[:BULLET_MAX_CHARS].rsplit(" ", 1)[0] + " …"


def build_talking_points(retriever: HybridRetriever, topic: str, filters: SearchFilters | None = None,
                         per_section: int = 4) -> TalkingPoints:
    sections: list[Section] = []
    used: set[str] = set()
    wordings: list[str] = []
    for title, cue, needs_figures, heading_words in _PLAN:
        hits = retriever.search(f"{topic} {cue}", k=20, budget_chars=10**9, filters=filters)
        preferred = [h for h in hits if any(w in h.chunk.section.lower() for w in heading_words)]
        ordered = preferred + [h for h in hits if h not in preferred]
        section = Section(title)
        for hit in ordered:
            if len(section.bullets) >= per_section:
                break
            # The guidance quotes Programme 67 word for word (typos aside: "tăng dần"/"tăng dân"): one bullet
            # per wording, from the better-ranked source.
            wording = dedupe_key(hit.text)
            if hit.chunk.kind != "clause" or hit.chunk.clause_id in used or _said_before(wording, wordings):
                continue
            if needs_figures and not any("%" in f.value or f.base for f in figures(hit.text)):
                continue
            used.add(hit.chunk.clause_id)
            wordings.append(wording)
            section.bullets.append(Bullet(_quotable(hit), f"{hit.document.display_name()} — {hit.chunk.section}",
                                          hit.chunk.chunk_id))
        sections.append(section)
    return TalkingPoints(topic, sections)
