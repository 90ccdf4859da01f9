"""Query-side expansion of abbreviations (KHCN, ĐMST, CĐS, NQ57…), and the Vietnamese terms of an English
question ("digital economy" -> "kinh tế số"), from a data file a person can extend."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from nghiquyet.core.errors import ConfigError
from nghiquyet.core.files import shipped_file
from nghiquyet.core.textnorm import fold


@dataclass(frozen=True)
class AbbreviationExpander:
    """Maps each abbreviation to its long forms, and each long form back to its abbreviation (for
    letter-only abbreviations of three letters or more, the ones news articles actually write)."""

    table: dict[str, tuple[str, ...]]
    english: dict[str, tuple[str, ...]] = field(default_factory=dict)  # English term -> the documents' words

    @classmethod
    def load(cls, path: Path) -> "AbbreviationExpander":
        found = shipped_file(path, "tệp từ viết tắt")
        if found is None:
            return cls({})
        try:
            data = tomllib.loads(found.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"Tệp viết tắt {found} sai cú pháp TOML: {exc}") from exc

        def forms(table: dict) -> dict[str, tuple[str, ...]]:
            return {str(k): tuple([v] if isinstance(v, str) else [str(x) for x in v]) for k, v in table.items()}

        return cls(forms(data.get("abbreviations", {})), forms(data.get("english", {})))

    @staticmethod
    def _pattern(key: str) -> re.Pattern[str]:
        flags = 0 if len(key) <= 2 else re.IGNORECASE
        return re.compile(r"(?<![\w&])" + re.escape(key) + r"(?![\w&])", flags)

    def written(self, question: str) -> list[tuple[str, tuple[str, ...]]]:
        """The abbreviations written in ``question``, each with its long forms."""
        return [(key, forms) for key, forms in self.table.items() if self._pattern(key).search(question)]

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

    def translations(self, question: str) -> list[str]:
        """The documents' Vietnamese words for the English terms of ``question`` (longest terms first, so
        "digital economy" is read before "economy")."""
        found: list[str] = []
        rest = question
        for key in sorted(self.english, key=len, reverse=True):
            pattern = self._pattern(key)
            if pattern.search(rest):
                found.extend(self.english[key])
                rest = pattern.sub(" ", rest)
        return list(dict.fromkeys(found))

    def spelled_out(self, question: str) -> str:
        """``question`` with each abbreviation replaced in place by its first long form ("UBND tỉnh Lào Cai" ->
        "Ủy ban nhân dân tỉnh Lào Cai"), so that a name written with one reads as the name."""
        for key, long_forms in self.table.items():
            question = self._pattern(key).sub(lambda _: long_forms[0], question)
        return question

    def expand(self, question: str) -> str:
        extra = self.expansions(question)
        return f"{question} ({'; '.join(extra)})" if extra else question
