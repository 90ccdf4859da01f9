"""Vietnamese text normalisation shared by ingestion, indexing, querying and evaluation.

Tone-mark placement differs between the "old" style (hoá, thuỷ, uỷ) and the "new" style
(hóa, thủy, ủy) in the same corpus. The two only differ in open syllables ending in oa, oe, uy, so the
canonical form moves the tone mark onto the first vowel there, the way ``underthesea.text_normalize``
does, without re-spacing punctuation (display text keeps its wording).
"""

from __future__ import annotations

import re
import unicodedata

NORMALISER_VERSION = "1"

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# Old-style open syllables: tone on the second vowel of oa/oe/uy with nothing after it in the word.
_OLD_STYLE = re.compile(
    r"(?i)(?<![^\W\d_])(?P<head>[^\W\d_]*?)(?P<v1>[ou])(?P<v2>[ae]|y)(?P<tone>[" + _TONES + r"])(?![^\W\d_])"
)
_SPACES = re.compile(r"\s+")
# Target years (2025, 2030, 2045): shared by retrieval rules, follow-up rewriting and answer checks.
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# Where one sentence ends and the next begins, for quoting clauses sentence by sentence.
SENTENCE_BREAK = re.compile(r"(?<=[.;!?])\s+")


def years_in(text: str) -> set[str]:
    return set(YEAR.findall(text))


def is_year(value: str) -> bool:
    return bool(YEAR.fullmatch(value))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _move_tone(match: re.Match[str]) -> str:
    head, v1, v2, tone = match.group("head"), match.group("v1"), match.group("v2"), match.group("tone")
    # "qu" + y is a consonant cluster + vowel (quý): the tone belongs on y, keep it.
    if v1.lower() == "u" and head.lower().endswith("q"):
        return match.group(0)
    # "gi" + a: not an oa/oe/uy diphthong case, nothing to move.
    return f"{head}{v1}{tone}{v2}"


def normalize_tone_marks(text: str) -> str:
    """Return ``text`` in NFC with new-style tone placement ("hoá" -> "hóa", "thuỷ" -> "thủy")."""
    decomposed = unicodedata.normalize("NFD", text)
    return nfc(_OLD_STYLE.sub(_move_tone, decomposed))


def fold(text: str) -> str:
    """Canonical form for matching: NFC, new-style tone marks, lower case, single spaces."""
    return _SPACES.sub(" ", normalize_tone_marks(text).lower()).strip()
