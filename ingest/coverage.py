"""How much of a file's text reached the index, per document: every line read is either in a chunk
(indexed), left out on purpose with a reason (the header block and the closing are in the document card; a
site's navigation; page numbers; mail stamps), or lost. Lost text above 2% of a document is a warning in
``ingest`` and ``nghiquyet docs``, with what was lost."""

from __future__ import annotations

import re
from collections import Counter

from nghiquyet.core.models import Chunk

WARN_BELOW = 0.98  # indexed + left out on purpose, as a share of the text read
_SPACES = re.compile(r"\s+")
_MARKUP = re.compile(r"[*_`#>|:•\-–+]")


def _key(text: str) -> str:
    return _SPACES.sub("", _MARKUP.sub("", text)).lower()  # spacing differs between a line and its chunks


def measure(lines: list[str], left_out: list[tuple[str, str]], chunks: list[Chunk]) -> dict:
    """Shares of the document's ``lines`` (as read) that are indexed, left out on purpose, or lost; with the
    characters left out per reason and the first lost lines."""
    # Clause texts in reading order (a long paragraph spans several chunks), then every heading and table caption.
    indexed_text = "".join(_key(c.text) for c in chunks if c.kind in ("clause", "card"))
    indexed_text += "\n" + "\n".join(_key(" ".join(c.heading_path) + (c.table or "")) for c in chunks)
    purposes = {_key(line): why for line, why in left_out}
    total = indexed = 0
    on_purpose: Counter[str] = Counter()
    lost: list[str] = []
    for line in lines:
        key = _key(line)
        if not key:
            continue
        size = len(key)
        total += size
        if key in indexed_text:
            indexed += size
        elif key in purposes:
            on_purpose[purposes[key]] += size
        else:
            lost.append(line)
    lost_chars = total - indexed - sum(on_purpose.values())
    share = (lambda n: round(n / total, 4) if total else 1.0)
    return {"indexed": share(indexed), "on_purpose": share(sum(on_purpose.values())), "lost": share(lost_chars),
            "left_out": dict(on_purpose), "lost_lines": [line[:120] for line in lost[:5]], "characters": total}


def warning(coverage: dict) -> str | None:
    """The warning for a document whose text did not all reach the index (None when ≥ 98% did)."""
    if not coverage or coverage.get("indexed", 1) + coverage.get("on_purpose", 0) >= WARN_BELOW:
        return None
    examples = "; ".join(f"“{line}”" for line in coverage.get("lost_lines", [])[:2])
    return (f"chỉ {coverage['indexed'] + coverage['on_purpose']:.0%} chữ của văn bản vào được chỉ mục "
            f"({coverage['lost']:.0%} bị bỏ sót, ví dụ: {examples}).")
