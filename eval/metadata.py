"""How well ingestion reads documents it has never seen: the metadata detected for each document of a folder
against hand-checked values (an ``expected.toml`` beside the files), field by field, and how much of each
document's text reached the index."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from nghiquyet.core.lexicon import bodies_spelled_out
from nghiquyet.core.models import Document
from nghiquyet.core.textnorm import fold, strip_accents

FIELDS = ("kind", "number", "issuer", "parent_issuer", "level", "province", "place", "date", "title", "signer",
          "signer_role")


@dataclass
class DocumentCheck:
    file: str
    ordinal: int
    found: bool  # the document was found in its file at all
    fields: dict[str, bool] = field(default_factory=dict)  # field -> right (only fields the expectation states)
    detected: dict[str, str | None] = field(default_factory=dict)
    coverage: float | None = None  # indexed + left out on purpose
    parts_expected: int = 0
    parts_found: int = 0

    @property
    def right(self) -> int:
        return sum(self.fields.values())


def field_right(field_name: str, expected: str, detected: str | None) -> bool:
    """Equal once case, spacing, tone-mark placement and punctuation are set aside; a title counts when the
    detected one is the expected one, or starts it (a title cut at a line the reader lost); a signer's role when
    it is the whole signature formula or the role that ends it."""
    if detected is None:
        return False
    a, b = _plain(expected), _plain(detected)
    if field_name == "title":
        return a == b or (len(b) >= 0.8 * len(a) and a.startswith(b))
    if field_name in ("issuer", "parent_issuer"):  # "UBND tỉnh Đồng Tháp" is "Ủy ban nhân dân tỉnh Đồng Tháp"
        a, b = _plain(bodies_spelled_out(expected)), _plain(bodies_spelled_out(detected))
        return strip_accents(a) == strip_accents(b)
    if field_name == "signer_role":  # the signature formula ("TM. ỦY BAN, KT. CHỦ TỊCH, PHÓ CHỦ TỊCH") or the
        # signer's own role, its last part ("Phó Chủ tịch"): hand-checked sets write either
        return a in (b, _plain(detected.split(",")[-1]))
    return a == b


def _plain(text: str) -> str:
    """``text`` folded (case, tone-mark placement), its punctuation and spacing made single spaces."""
    return re.sub(r"[\s.,;:()\"“”'‘’*_\-–]+", " ", fold(text)).strip()


def load_expected(path: Path) -> list[dict]:
    return tomllib.loads(path.read_text(encoding="utf-8")).get("document", [])


def check_documents(expected: list[dict], documents: list[Document]) -> list[DocumentCheck]:
    """One check per expected document, matched by file and position in the file."""
    by_place = {(d.source, d.ordinal): d for d in documents}
    checks: list[DocumentCheck] = []
    for entry in expected:
        document = by_place.get((entry["file"], int(entry.get("ordinal", 0))))
        check = DocumentCheck(entry["file"], int(entry.get("ordinal", 0)), document is not None,
                              parts_expected=len(entry.get("attachments", [])))
        for name in FIELDS:
            if name not in entry:
                continue
            value = getattr(document, name, None) if document else None
            check.detected[name] = value
            check.fields[name] = field_right(name, str(entry[name]), value)
        if document is not None:
            check.coverage = round(document.kept_share, 4) if document.kept_share is not None else None
            check.parts_found = len(document.parts)
        checks.append(check)
    return checks


def metadata_table(checks: list[DocumentCheck]) -> str:
    """Markdown: one row per document (coverage, fields right), then the share right per field."""
    lines = ["| file | # | coverage | fields right | wrong or missing | attachments found/expected |",
             "|---|---|---|---|---|---|"]
    for check in checks:
        wrong = ", ".join(f"{k} ({(check.detected.get(k) or '—')[:40]})" for k, ok in check.fields.items() if not ok)
        coverage = "–" if check.coverage is None else f"{check.coverage:.1%}"
        lines.append(f"| {check.file} | {check.ordinal} | {coverage} | {check.right}/{len(check.fields)} | "
                     f"{wrong or '—'} | {check.parts_found}/{check.parts_expected} |")
    lines += ["", "| field | right | of |", "|---|---|---|"]
    for name in FIELDS:
        stated = [c.fields[name] for c in checks if name in c.fields]
        if stated:
            lines.append(f"| {name} | {sum(stated)} | {len(stated)} |")
    return "\n".join(lines)


def field_accuracy(checks: list[DocumentCheck]) -> dict[str, float]:
    result = {}
    for name in FIELDS:
        stated = [c.fields[name] for c in checks if name in c.fields]
        if stated:
            result[name] = sum(stated) / len(stated)
    return result


def ingest_folder(folder: Path, settings, workdir: Path) -> list[Document]:
    """Ingest ``folder`` alone into a throwaway index (no metadata file: what the text says) and return its
    documents."""
    from nghiquyet.index.store import load_index
    from nghiquyet.ingest.pipeline import run_ingest

    scratch = settings.evolve({"data_dir": folder, "index_dir": workdir / "index",
                               "ingest.metadata_file": workdir / "none.toml"})
    run_ingest(scratch, [folder])
    return list(load_index(scratch.index_dir).documents.values())
