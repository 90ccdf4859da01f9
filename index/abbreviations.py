"""Query-side expansion of abbreviations (KHCN, ĐMST, CĐS, NQ57…) from a data file a person can extend."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from nghiquyet.core.errors import ConfigError
from nghiquyet.core.textnorm import fold


@dataclass(frozen=True)
class AbbreviationExpander:
    """Maps each abbreviation to its long forms, and each long form back to its abbreviation (for
    letter-only abbreviations of three letters or more, the ones news articles actually write)."""

    table: dict[str, tuple[str, ...]]

    @classmethod
    def load(cls, path: Path) -> "AbbreviationExpander":
        if not path.is_file():
            return cls({})
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8")).get("abbreviations", {})
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"Tệp viết tắt {path} sai cú pháp TOML: {exc}") from exc
        table = {str(k): tuple([v] if isinstance(v, str) else [str(x) for x in v]) for k, v in raw.items()}
        return cls(table)

    @staticmethod
    def _pattern(key: str) -> re.Pattern[str]:
        flags = 0 if len(key) <= 2 else re.IGNORECASE
        return re.compile(r"(?<![\w&])" + re.escape(key) + r"(?![\w&])", flags)

    def expansions(self, question: str) -> list[str]:
        """Long forms of the abbreviations in ``question``, and abbreviations of long forms in it."""
        found: list[str] = []
        folded = fold(question)
        for key, long_forms in self.table.items():
            if self._pattern(key).search(question):
                found.extend(form for form in long_forms if fold(form) not in folded)
            elif len(key) > 2 and key.isalpha() and any(fold(form) in folded for form in long_forms):
                found.append(key)
        return list(dict.fromkeys(found))

    def expand(self, question: str) -> str:
        extra = self.expansions(question)
        return f"{question} ({'; '.join(extra)})" if extra else question
