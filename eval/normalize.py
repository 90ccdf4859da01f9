"""Normalisation used to match gold strings against retrieved or generated text.

NFC, case, whitespace, Vietnamese tone-mark placement, quotes, and number/date formats:
"30 %" = "30%", "1 - 2" = "1-2", "09/01/2025" = "9/1/2025" = "9-1-2025" = "ngày 9 tháng 1 năm 2025".
"""

from __future__ import annotations

import re

from nghiquyet.textnorm import fold

_QUOTES = re.compile(r"[“”\"'‘’«»]")
_PERCENT = re.compile(r"(\d)\s+%")
_RANGE = re.compile(r"(\d)\s*[-–]\s*(\d)")
_VERBAL_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_DATE = re.compile(r"\b0?(\d{1,2})[/.-]0?(\d{1,2})[/.-](\d{4})\b")
_SPACES = re.compile(r"\s+")


def normalize(text: str) -> str:
    value = _QUOTES.sub("", fold(text))
    value = _VERBAL_DATE.sub(lambda m: f"{int(m.group(1))}/{int(m.group(2))}/{m.group(3)}", value)
    value = _DATE.sub(lambda m: f"{int(m.group(1))}/{int(m.group(2))}/{m.group(3)}", value)
    value = _PERCENT.sub(r"\1%", value)
    value = _RANGE.sub(r"\1-\2", value)
    return _SPACES.sub(" ", value).strip()


def contains(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` once both are normalised."""
    return normalize(needle) in normalize(haystack)
