"""Vietnamese text normalisation shared by ingestion, indexing, querying, answer checks and evaluation.

Tone-mark placement differs between the "old" style (hoá, thuỷ, uỷ) and the "new" style
(hóa, thủy, ủy) in the same corpus. The two only differ in open syllables ending in oa, oe, uy, so the
canonical form moves the tone mark onto the first vowel there, the way ``underthesea.text_normalize``
does, without re-spacing punctuation (display text keeps its wording).
"""

from __future__ import annotations

import re
import unicodedata

NORMALISER_VERSION = "2"  # 2: "luật", "hoặc", "thuận" keep their dot below where it is (1 moved it: "lụât")

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# Old-style open syllables: tone on the second vowel of oa/oe/uy with nothing after it in the word.
_OLD_STYLE = re.compile(
    r"(?i)(?<![^\W\d_])(?P<head>[^\W\d_]*?)(?P<v1>[ou])(?P<v2>[ae]|y)(?P<tone>[" + _TONES + r"])"
    r"(?![^\W\d_]|[\u0300-\u036f])"  # the tone is the vowel's last mark: in NFD a dot below comes before a
    # circumflex or breve ("luật", "hoặc": u-a-dot-circumflex-t), and the syllable is no open "oa"
)
_SPACES = re.compile(r"\s+")
# Target years (2025, 2030, 2045): shared by retrieval rules, follow-up rewriting and answer checks.
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# Where one sentence ends and the next begins, for cutting a clause at a sentence end (lines kept together).
SENTENCE_BREAK = re.compile(r"(?<=[.;!?])\s+")
# A sentence ends at . ; ! ? followed by space, and a line ends a sentence too (items of a list).
_PIECE = re.compile(r"[^\n]+?(?:[.;!?](?=\s)|$)", re.MULTILINE)
# A table row ("TT: 6 | Tên nhiệm vụ: … theo quy định. | Sở, ngành chủ trì: Sở Công Thương; Sở Xây dựng | …") is
# one unit whatever its cells hold: a task is not quoted without the body in charge of it.
_TABLE_ROW = re.compile(r"^[^\S\n]*\|.*$|^.*? \| .*? \| .*$", re.MULTILINE)
# A list marker alone ("1.", "2.1.", "IV.", "a)") is no sentence: it stays with the words it numbers.
_MARKER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.|[a-zđ]\)|[-–+•*])$")
BRACKETED_MAX_CHARS = 600  # a full stop inside brackets this long still ends the sentence (a bracket left open); a
# footnote put in place of its mark ("(Chú thích 1: (1) phường …; (22) đặc khu Phú Quý.)") runs to ~500


# Latin letters by case, for regex character classes ("[" + UPPER + "]"). A range such as "À-Ỹ" is not the
# capitals: Unicode interleaves the cases there (đ, ơ, ư, ạ, ả… lie inside it), so "Trong đoạn" read as a name.
_LATIN = [chr(c) for r in ((0x41, 0x5B), (0x61, 0x7B), (0xC0, 0x250), (0x1E00, 0x1F00)) for c in range(*r)]
UPPER = "".join(c for c in _LATIN if c.isalpha() and c.isupper())
LOWER = "".join(c for c in _LATIN if c.isalpha() and c.islower())

_VIETNAMESE = re.compile(r"[ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)


# Words that only an English sentence has: an English question that names "Sóc Trăng" or a person in
# Vietnamese is still English.
_ENGLISH_WORDS = re.compile(r"\b(the|what|which|who|whom|when|how|does|did|is|are|was|were|should|must|of|for|"
                            r"by|under|according|to|and|with|from|its|their|has|have)\b", re.I)
_WORD = re.compile(r"[^\W\d_]+")


def is_vietnamese(text: str) -> bool:
    """Whether ``text`` is Vietnamese: it has Vietnamese letters, and fewer English function words than words
    with Vietnamese letters (else it is taken for English)."""
    if not _VIETNAMESE.search(text):
        return False
    english = len(_ENGLISH_WORDS.findall(text))
    marked = sum(1 for word in _WORD.findall(text) if _VIETNAMESE.search(word))
    return english < 2 or english < marked


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


def is_upper_line(line: str) -> bool:
    """Every letter is a capital: title blocks, stamps, signature roles. Stops at the first small letter: it
    is asked of every paragraph of every document, most of them long and in lower case."""
    has_letter = False
    for ch in line:
        if ch.isalpha():
            if not ch.isupper():
                return False
            has_letter = True
    return has_letter


def strip_accents(text: str) -> str:
    """Folded text without diacritics ("KÉT LUẬN" -> "ket luan"): for matching words an OCR misread."""
    decomposed = unicodedata.normalize("NFD", fold(text)).replace("đ", "d")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def loose_pattern(words: str) -> str:
    """A regex for ``words`` as OCR may read them: each letter also matches the same letter with any other marks
    ("CỘNG HÒA" matches "CÓNG HÒA", "CONG HOA"), "Đ" matches "D"; spaces match any run of spaces. Used for the
    fixed lines of a header (the national motto), which a scan often reads with a wrong tone mark."""
    parts = []
    for ch in words:
        if ch.isspace():
            parts.append(r"\s+")
        elif ch.isalpha():
            base = strip_accents(ch)
            parts.append("[" + "".join(sorted(_SAME_BASE.get(base, {ch}))) + "]")
        else:
            parts.append(re.escape(ch))
    return "".join(parts)


def fold(text: str) -> str:
    """Canonical form for matching: NFC, new-style tone marks, lower case, single spaces."""
    return _SPACES.sub(" ", normalize_tone_marks(text).lower()).strip()


# -- matching gold text and figures ----------------------------------------------------------------------
_QUOTES = re.compile(r"[“”\"'‘’«»]")
_PERCENT = re.compile(r"(\d)\s+%")
_RANGE = re.compile(r"(\d)\s*[-–]\s*(\d)")
_VERBAL_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")
_DATE = re.compile(r"\b0?(\d{1,2})[/.-]0?(\d{1,2})[/.-](\d{4})\b")


def normalize(text: str) -> str:
    """The canonical form for comparing figures and gold strings: :func:`fold`, no quotes, and one way of
    writing numbers and dates: "30 %" = "30%", "1 - 2" = "1-2", "09/01/2025" = "9/1/2025" = "9-1-2025" =
    "ngày 9 tháng 1 năm 2025"."""
    value = _QUOTES.sub("", fold(text))
    value = _VERBAL_DATE.sub(lambda m: f"{int(m.group(1))}/{int(m.group(2))}/{m.group(3)}", value)
    value = _DATE.sub(lambda m: f"{int(m.group(1))}/{int(m.group(2))}/{m.group(3)}", value)
    value = _PERCENT.sub(r"\1%", value)
    value = _RANGE.sub(r"\1-\2", value)
    return _SPACES.sub(" ", value).strip()


LEADING_ZEROS = re.compile(r"(?<![\d.,])0+(?=\d)")  # "03 Tổ công tác" and "3 tổ" are one number


def without_leading_zeros(number: str) -> str:
    """A number as its value reads, whatever its padding: "03" -> "3", "007" -> "7"; "0.5" and "2020" stay."""
    return LEADING_ZEROS.sub("", number)


def contains(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` once both are normalised, or as written (folded): the day "03"
    is in "ngày 03/04/2018" although the normal form of that date is "3/4/2018". A count written with a leading
    zero is that number however it is written: "03" (Tổ công tác) is in "3 Tổ công tác"."""
    if normalize(needle) in normalize(haystack) or fold(needle) in fold(haystack):
        return True
    number = needle.strip()
    if not number.isdigit() or without_leading_zeros(number) == number:
        return False
    return bool(re.search(rf"(?<![\d.,/]){without_leading_zeros(number)}(?![\d]|[.,/]\d)", haystack))


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>!|#~])")


def escape_markdown(text: str) -> str:
    """``text`` as literal Markdown: no emphasis, link, image, HTML tag or heading can come out of it (document
    text is data, never markup)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def dedupe_key(text: str) -> str:
    """Two clauses with this same key say the same thing (a document quoting another): folded, without the
    leading marker ("(2)", "-")."""
    return re.sub(r"^[\W\d]*", "", fold(text))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty sentence or line of ``text``, in reading order: the one splitter behind
    context packing, quoting, evidence numbering and the answer checks. A full stop inside brackets does not end
    the sentence: "người ký: Mai Lương Khôi (KT. THỨ TRƯỞNG)" is one, not a name cut off from its role; a table
    row is one whole."""
    rows = [match.span() for match in _TABLE_ROW.finditer(text)]
    pieces = sorted(rows + [match.span() for match in _PIECE.finditer(text)
                            if not any(r_start <= match.start() < r_end for r_start, r_end in rows)])
    spans: list[tuple[int, int]] = []
    for start, end in pieces:
        while start < end and text[start].isspace():
            start += 1
        if start >= end:
            continue
        if spans and (_inside_brackets(text, spans[-1], start) or _marker_before(text, spans[-1], start)):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _inside_brackets(text: str, previous: tuple[int, int], start: int) -> bool:
    """Whether the sentence ``previous`` stopped inside an open bracket on the same line as ``start``: brackets
    are counted, so that one opened around others ("(Chú thích 3: (1) Mô hình “…”; (2) …)") is still open."""
    piece = text[previous[0]:previous[1]]
    opened = _open_bracket(piece)
    return (opened is not None and "\n" not in text[previous[1]:start]
            and previous[1] - (previous[0] + opened) <= BRACKETED_MAX_CHARS)


def _open_bracket(piece: str) -> int | None:
    """Where the outermost bracket ``piece`` leaves open starts, or None."""
    stack: list[int] = []
    for index, char in enumerate(piece):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            stack.pop()
    return stack[0] if stack else None


def _marker_before(text: str, previous: tuple[int, int], start: int) -> bool:
    """Whether the sentence ``previous`` is only a list marker on the same line as ``start``."""
    return bool(_MARKER.match(text[previous[0]:previous[1]].strip())) and "\n" not in text[previous[1]:start]


def paragraph_label(number: int, table_row: bool = False) -> str:
    """The heading-path label of an unnumbered paragraph ("đoạn 3") or table row ("dòng 3") of a section."""
    return f"{'dòng' if table_row else 'đoạn'} {number}"


# A heading-path label that only numbers what it heads: a paragraph or row ("đoạn 3", "dòng 3", from
# ``paragraph_label``) or an item's marker ("1.", "a)", "(2)", "IV.").
# Case matters: with case ignored, any word of plain letters ("Hanoi", "PCI") was taken for a label. "STT"/"TT"
# (số thứ tự), a table's numbering column, only numbers too.
_ITEM_LABEL = re.compile(r"^(?:[Đđ]oạn|[Dd]òng) \d+$|^S?TT$|^\(?(?:[IVXLC]+|\d+(?:\.\d+)*[a-zđ]?|[a-zđA-Z])[.)]?\)?$")


def is_item_label(label: str) -> bool:
    """Whether a heading-path label only numbers a paragraph, a row or an item, and names no topic."""
    return bool(_ITEM_LABEL.match(label))


def is_lead_in(text: str) -> bool:
    """A sentence, paragraph or heading that announces what follows it ("… như sau:", "… tính đến ngày … có:"):
    it ends in a colon, and says little without the item after it."""
    return text.rstrip().endswith(":")


def sentences(text: str) -> list[str]:
    """The sentences and lines of ``text``, stripped, spaces inside kept as written."""
    return [text[start:end].strip() for start, end in sentence_spans(text)]


_SAME_BASE: dict[str, set[str]] = {}
for _letter in UPPER + LOWER:
    _SAME_BASE.setdefault(strip_accents(_letter), set()).add(_letter)
