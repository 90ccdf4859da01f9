"""The metadata file (``data/documents.toml``): what a person states about each document.

Each ``[[document]]`` table names a source file and the document's position in it (``ordinal``,
0 = first) and gives any of the metadata fields; they override what ingestion detects.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from nghiquyet.core.errors import MetadataFileError

FIELDS = ("title", "kind", "number", "issuer", "parent_issuer", "place", "date", "level", "province", "signer",
          "signer_role", "author", "recipients")
SOURCE_LABEL = "documents.toml"


@dataclass(frozen=True)
class MetadataOverrides:
    """Overrides keyed by (source file name, ordinal)."""

    entries: dict[tuple[str, int], dict[str, str]]

    def for_document(self, source: str, ordinal: int) -> dict[str, str]:
        return self.entries.get((source, ordinal), {})

    def fingerprint(self, source: str) -> str:
        """A hash of the entries for one source, so editing them re-ingests exactly that file."""
        mine = sorted((k[1], v) for k, v in self.entries.items() if k[0] == source)
        return hashlib.sha256(json.dumps(mine, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:16]


def _check_entry(position: int, entry: dict[str, Any]) -> tuple[tuple[str, int], dict[str, str]]:
    where = f"[[document]] thứ {position + 1}"
    if "source" not in entry:
        raise MetadataFileError(f"documents.toml, {where}: thiếu khoá 'source' (tên tệp nguồn).")
    unknown = set(entry) - set(FIELDS) - {"source", "ordinal"}
    if unknown:
        raise MetadataFileError(
            f"documents.toml, {where}: khoá không biết {', '.join(sorted(unknown))}; dùng {', '.join(FIELDS)}."
        )
    ordinal = entry.get("ordinal", 0)
    if not isinstance(ordinal, int) or ordinal < 0:
        raise MetadataFileError(f"documents.toml, {where}: 'ordinal' phải là số nguyên ≥ 0.")
    values = {k: str(v).strip() for k, v in entry.items() if k in FIELDS and str(v).strip()}
    if "date" in values:
        try:
            date.fromisoformat(values["date"])
        except ValueError as exc:
            raise MetadataFileError(
                f"documents.toml, {where}: ngày '{values['date']}' phải viết dạng YYYY-MM-DD."
            ) from exc
    return (str(entry["source"]), ordinal), values


def load_overrides(path: Path) -> MetadataOverrides:
    """Read the metadata file; a missing file means no overrides."""
    if not path.is_file():
        return MetadataOverrides({})
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise MetadataFileError(f"{path} sai cú pháp TOML: {exc}") from exc
    entries = dict(_check_entry(i, e) for i, e in enumerate(data.get("document", [])))
    return MetadataOverrides(entries)
