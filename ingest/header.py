"""The header and signature blocks of Vietnamese administrative documents, whatever the issuer: who issued
it (the agency lines at the top left, with their parent line), its number, place and date, its kind and
subject, and who signed it in which role. Lines come as a reader gives them: a PDF may put the left and right
columns of the header on one line ("ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), so every rule
searches inside a line rather than matching whole lines only."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from nghiquyet.core.lexicon import (
    ADDRESSED,
    KIND_ALIASES,
    KIND_CODES,
    KINDS,
    PERSON_NAME_IN_TEXT,
    SIGN_ROLE_PREFIX,
    after_recipients_opening,
    bodies_spelled_out,
    detect_province,
    level_of_issuer,
    normalise_number,
)
from nghiquyet.core.textnorm import (
    LOWER,
    UPPER,
    fold,
    is_upper_line,
    loose_pattern,
    strip_accents,
)

# The national motto and the Party's title: never part of an issuer's name.
# "Tự do - Hạnh phúc" is enough for the motto's second line: a typed or scanned "Độqc lập" must not end the header.
# Read loosely (any tone mark on any letter, the last letters of "VIỆT NAM" garbled): a scan reads "CÓNG HÒA XÃ HỘI
# CHỦ NGHĨA VIỆT NA!", and the motto left in the line became part of the issuer's name.
MOTTO = re.compile(rf"({loose_pattern('CỘNG HÒA XÃ HỘI CHỦ NGHĨA')}(?:\s+{loose_pattern('VIỆT')}(?:\s+N\S{{0,3}})?)?"
                   rf"|(?:\S+\s+{loose_pattern('lập')}\s*[-–—]\s*)?{loose_pattern('Tự do')}\s*[-–—]\s*"
                   rf"{loose_pattern('Hạnh phúc')}|{loose_pattern('ĐẢNG CỘNG SẢN VIỆT NAM')})", re.I)
# A word made of symbols only, as a scan leaves specks between the header's columns ("UBND TỈNH BÌNH THUẬN ˆ").
OCR_SPECKS = re.compile(rf"(?<!\S)[^\s0-9{UPPER}{LOWER}]+(?!\S)")
# "Số: 123/QĐ-UBND", "Số 67-CTr/TU", "Luật số: 69/2025/QH15", "Số: 5973 /UBND-KT"; a blank number ("Số: /KH-UBND")
# still marks a header.
NUMBER_LINE = re.compile(r"^(?:(?:Luật|Nghị quyết|Bộ luật|Pháp lệnh)\s+)?[Ss]ố\s*[:.]?\s*(?P<number>(?:\d[\w.]*)?\s*[-/]"
                         r"\s*[\wĐđ./\-]*)")
# "Hà Nội, ngày 03 tháng 4 năm 2018"; day and month may be blank in a draft ("ngày   tháng 8 năm 2026").
# A scan may garble the day or the month ("ngày 2] tháng 10", "ngày f6 tháng? năm 2021"): the place still counts,
# the date is left unread rather than guessed.
DATE_LINE = re.compile(r"(?:^|\s)(?P<place>[A-ZĐÀ-Ỹ][\wÀ-ỹ.\- ]{1,40}?)\s*,\s*ngày\s*(?:(?P<d>\d{1,2})|\S{1,3})?"
                       r"\s*[/.]?\s*tháng\s*(?:(?P<m>\d{1,2})|\S{1,3}?)?\s*[/.]?\s*năm\s*(?P<y>\d{4})", re.I)
SUBJECT_START = re.compile(r"^(V/v|Về\b|Về việc|Ban hành|Quy định|Phê duyệt|Thành lập|Triển khai|Thực hiện|Sửa đổi|"
                           r"Công nhận|Hướng dẫn|Tổ chức|Phân công|Báo cáo|Tăng cường)", re.I)
TITLE_KINDS = tuple(sorted(set(KINDS) | set(KIND_ALIASES), key=len, reverse=True))
# An issuer line that names an organisation of its own (so the line above it is its parent).
ORGANISATION = re.compile(r"^(BAN|BỘ|CỤC|VỤ|SỞ|VĂN PHÒNG|ĐOÀN|PHÒNG|TRUNG TÂM|ỦY BAN|UỶ BAN|TỈNH ỦY|TỈNH UỶ|THÀNH ỦY|"
                          r"THÀNH UỶ|HUYỆN ỦY|HUYỆN UỶ|ĐẢNG ĐOÀN|ĐẢNG ỦY|ĐẢNG UỶ|BAN CÁN SỰ|HỘI ĐỒNG|THANH TRA|"
                          r"TỔNG CỤC|BAN CHỈ ĐẠO|CHI CỤC|KHO BẠC|CÔNG AN|BỘ CHỈ HUY|VIỆN|TRƯỜNG|BCH)\b")
PERSON_NAME = re.compile(rf"^([{UPPER}][{LOWER}]+)(\s+[{UPPER}][{LOWER}]+){{1,4}}$")
ROLE_WORDS = re.compile(r"(CHỦ TỊCH|BÍ THƯ|BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|GIÁM ĐỐC|TRƯỞNG BAN|PHÓ TRƯỞNG|CHÁNH|"
                        r"CỤC TRƯỞNG|TỔNG BÍ THƯ|TRƯỞNG ĐOÀN|VIỆN TRƯỞNG|TỔNG CỤC TRƯỞNG|TRƯỞNG PHÒNG|CHỦ NHIỆM)")
# Capitalised by convention in the names of bodies, once an all-capitals name is written in normal case.
CAPITALISED = ("Bộ Chính trị", "Ban Bí thư", "Ban Chấp hành Trung ương", "Trung ương", "Chính phủ", "Quốc hội",
               "Tỉnh ủy", "Tỉnh uỷ", "Thành ủy", "Thành uỷ", "Huyện ủy", "Đảng", "Thủ tướng", "Ban Thường vụ",
               "Ban Chỉ đạo", "Văn phòng", "Công Thương", "Tư pháp", "Nội vụ", "Xây dựng", "Hội đồng nhân dân",
               "Ủy ban nhân dân", "Uỷ ban nhân dân", "Mặt trận Tổ quốc Việt Nam", "Việt Nam", "Hồ Chí Minh",
               "Ủy ban Thường vụ Quốc hội", "Uỷ ban Thường vụ Quốc hội")


_ROMAN_AFTER_MARKER = re.compile(r"(?<!\w)((?:khóa|khoá|thứ|phần|chương|mục|đợt|kỳ|trung ương|phụ lục) )"
                                 r"([ivxlc]+)(?!\w)")


# A word of capitals with no vowel is an abbreviation, never a Vietnamese syllable (every syllable has a vowel):
# "BCH", "ĐH", "TP.", "HCM", "TNCS" stay as written.
_ABBREVIATION = re.compile(r"[BCDĐGHKLMNPQRSTVX]{2,}\.?")


def display_case(name: str, provinces: list[str]) -> str:
    """A name written in capitals, in normal case ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI" -> "Ủy ban nhân dân tỉnh Lào
    Cai", "UBND TỈNH BÌNH THUẬN" -> "Ủy ban nhân dân tỉnh Bình Thuận"); a name in mixed case is kept as
    written."""
    name = " ".join(name.split())
    if not is_upper_line(name):
        return name
    name = bodies_spelled_out(name)  # its words are put in normal case below, as the name's own
    text = " ".join(word if _ABBREVIATION.fullmatch(word) else word.lower() for word in name.split())
    text = text[:1].upper() + text[1:]
    for proper in sorted((*provinces, *CAPITALISED), key=len):
        text = re.sub(r"(?<!\w)" + re.escape(proper) + r"(?!\w)", proper, text, flags=re.I)
    # Roman numerals after the words that number things stay capitals: "khóa XVI", "lần thứ IV", "phần II".
    text = _ROMAN_AFTER_MARKER.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    return text[:1].upper() + text[1:]


def parse_date(match: re.Match[str]) -> str | None:
    if not (match.group("d") and match.group("m")):
        return None
    try:
        return date(int(match.group("y")), int(match.group("m")), int(match.group("d"))).isoformat()
    except ValueError:
        return None


_BARE_KINDS = {strip_accents(kind): kind for kind in TITLE_KINDS}
OCR_EDGE_JUNK = " .:;,*_|~'‘’\"“”¬`^ˆ-–—"


def kind_line(line: str, lenient: bool = False) -> str | None:
    """The kind a title line announces ("QUYẾT ĐỊNH", "CHƯƠNG TRÌNH HÀNH ĐỘNG"; an OCR'd "KÉT LUẬN"), or None.
    ``lenient`` also takes a kind followed by more words ("CHƯƠNG TRÌNH HÀNH ĐỘNG CỦA CHÍNH PHỦ")."""
    if not is_upper_line(line) or len(line) > (120 if lenient else 60):
        return None
    line = line.strip(OCR_EDGE_JUNK)  # ": NGHỊ ĐỊNH _ :" as a scan reads the kind line
    folded = fold(line)
    for kind in TITLE_KINDS:
        if folded == kind or folded.startswith((kind + " số", kind + " (")) or (lenient and folded.startswith(kind + " ")):
            return KIND_ALIASES.get(kind, kind)
    bare = strip_accents(line)
    if bare in _BARE_KINDS:  # a kind line that OCR misread ("KÉT LUẬN")
        return KIND_ALIASES.get(_BARE_KINDS[bare], _BARE_KINDS[bare])
    return None


def kind_of_number(number: str | None) -> str | None:
    """The kind a number's symbol names ("03/NQ-CP" -> nghị quyết; "3917/BTP-BTTP" names none)."""
    if not number:
        return None
    for code in re.split(r"[-/]", number):
        if code in KIND_CODES:
            return KIND_CODES[code]
    return None


@dataclass
class HeaderFacts:
    """What a header block says."""

    issuer_lines: list[str] = field(default_factory=list)
    number: str | None = None
    symbol: str | None = None  # what follows the number ("/BTP-BTTP"), also when the number itself is blank
    number_line: bool = False
    place: str | None = None
    date: str | None = None
    date_line: bool = False
    motto: bool = False
    kind: str | None = None
    kind_text: str | None = None  # the kind line as written ("CHƯƠNG TRÌNH HÀNH ĐỘNG")
    subject: list[str] = field(default_factory=list)

    @property
    def strong(self) -> bool:
        """Enough to start a new document: two of motto, number line, date line."""
        return sum((self.motto, self.number_line, self.date_line)) >= 2


def read_header_line(line: str, facts: HeaderFacts) -> str:
    """Record what ``line`` says about the header; return what is left of it (issuer text, or "")."""
    rest = line
    if MOTTO.search(rest):
        facts.motto = True
        rest = MOTTO.sub(" ", rest)
    if (date_match := DATE_LINE.search(rest)):
        facts.date_line = True
        facts.place = facts.place or date_match.group("place").strip()
        facts.date = facts.date or parse_date(date_match)
        rest = rest[:date_match.start()]
    rest = rest.strip()
    if (number_match := NUMBER_LINE.match(rest)):
        facts.number_line = True
        raw = number_match.group("number").strip()
        if re.match(r"^\d", raw):
            facts.number = facts.number or normalise_number(raw).rstrip(".")
        symbol = re.sub(r"^\d[\w.]*", "", normalise_number(raw)).rstrip(".")
        if len(symbol) > 2:
            facts.symbol = facts.symbol or symbol
        rest = ""
    return " ".join(OCR_SPECKS.sub(" ", rest).split())  # a decoration ("-----", "* * *") is specks too


def _split_after_province(line: str, provinces: list[str]) -> list[str]:
    """A parent and its organisation on one line, as a scan or a PDF merges the header's lines ("UBND TỈNH BÌNH THUẬN
    SỞ NỘI VỤ"): cut after the province when an organisation's name follows it."""
    for province in provinces:
        match = re.search(rf"\b(?:TỈNH|THÀNH PHỐ)\s+{re.escape(province.upper())}\s+(?=\S)", line)
        if match and ORGANISATION.match(line[match.end():]):
            return [line[:match.end()].strip(), line[match.end():].strip()]
    return [line]


SAME_NAME_MIN_SHARE = 0.7  # "BAN CHẤP HÀNH TRUNG ƯƠNG" read again as "… TRUNG ƯƠNG ĐẢNG": 5 of 6 words


def _bare_words(name: str) -> list[str]:
    """A name's words without marks, case or punctuation, to tell the same name read twice."""
    return re.sub(r"[^\w\s]", " ", strip_accents(name)).upper().split()


def same_name(first: str, second: str) -> bool:
    """Whether two header lines name the same body, read again (a digital signature's stamp, a scan read twice or
    thrice on one line): the shorter one's words, in order, inside the longer one, once or more, and most of its words.
    "CHÍNH PHỦ" above "VĂN PHÒNG CHÍNH PHỦ", or "TỈNH ỦY" above "BAN TUYÊN GIÁO TỈNH ỦY", is a parent over its own
    body, not its name again."""
    short, long = sorted((_bare_words(first), _bare_words(second)), key=len)
    if not short:
        return False
    rest, position, found = 0, 0, False
    while position < len(long):
        if long[position:position + len(short)] == short:
            position, found = position + len(short), True
        else:
            position, rest = position + 1, rest + 1
    return found and rest <= (1 - SAME_NAME_MIN_SHARE) * len(long)


def issuer_from(lines: list[str], provinces: list[str]) -> tuple[str | None, str | None]:
    """(issuer, parent issuer) from the agency lines: a line that names an organisation of its own makes the
    line(s) above it its parent ("BỘ CÔNG THƯƠNG" over "CỤC HÓA CHẤT"); a line that only continues a name is
    joined to it ("ỦY BAN NHÂN DÂN" + "TỈNH LÀO CAI")."""
    names: list[str] = []
    for line in (piece for line in lines for piece in _split_after_province(line, provinces)):
        if names and not ORGANISATION.match(line.upper()):
            names[-1] = f"{names[-1]} {line}"
        else:
            names.append(line)
    if not names:
        return None, None
    # The issuer's name again above it is no parent: a digital signature's stamp, or a scan read twice ("BẠN CHẬP
    # HÀNH TRUNG ƯƠNG ĐẢNG" over "BAN CHẤP HÀNH TRUNG ƯƠNG").
    names = [name for name in names[:-1] if not same_name(name, names[-1])] + names[-1:]
    issuer = display_case(names[-1], provinces)
    parent = display_case(" ".join(names[:-1]), provinces) if len(names) > 1 else None
    return issuer, parent


def level_and_province(issuer: str | None, parent: str | None,
                       provinces: list[str]) -> tuple[str | None, str | None]:
    """Level and province from the issuing body (and its parent), never from place names in the text."""
    names = " ".join(n for n in (parent, issuer) if n)
    if not names:
        return None, None
    province = detect_province(names, provinces)
    level = level_of_issuer(names)
    if province and level is None:
        level = "tỉnh"
    return level, (province if level != "quốc gia" else None)


@dataclass
class ClosingFacts:
    signer: str | None = None
    role: list[str] = field(default_factory=list)
    signing_agency: str | None = None
    signed_on: str | None = None


_SIGN_DATE = re.compile(r"Ngày ký\s*:\s*(\d{1,2})[-/](\d{1,2})[-/](\d{4})", re.I)
_SIGN_AGENCY = re.compile(r"^Cơ quan\s*:\s*(.+)$", re.I)


_LIST_ITEM = re.compile(r"^[-–+•*]\s*")


def read_closing(lines: list[str]) -> ClosingFacts:
    """Signer, role and digital-signature stamps from the closing block; the "Nơi nhận" list is skipped
    (it names the recipients, never the signer)."""
    facts = ClosingFacts()
    name_after_filing = None  # a name at the end of the "Lưu: …" line: the signature's column read into it
    for line in lines:
        text = re.sub(r"\*+", "", line).strip()
        if (match := _SIGN_DATE.search(text)):
            try:
                facts.signed_on = date(int(match.group(3)), int(match.group(2)), int(match.group(1))).isoformat()
            except ValueError:
                pass
            continue
        if (match := _SIGN_AGENCY.match(text)):
            facts.signing_agency = match.group(1).strip()
            continue
        text = after_recipients_opening(text)
        if _LIST_ITEM.sub("", text).lower().startswith("lưu"):
            names = [m for m in PERSON_NAME_IN_TEXT.finditer(text) if not text[m.end():].strip(" .,;")]
            name_after_filing = names[-1].group(0) if names else name_after_filing
        if not text or text.startswith(("-", "+", "•")) or text.lower().startswith(("lưu", "email")):
            continue
        if is_upper_line(text) and (SIGN_ROLE_PREFIX.match(text) or ROLE_WORDS.search(text)) and len(text) <= 80:
            facts.role.append(text)
        elif PERSON_NAME.match(text):
            facts.signer = text
    facts.signer = facts.signer or name_after_filing
    return facts


ADDRESS_SEARCH_LINES = 25  # the address opens a letter's body: "Kính gửi" further down is not one
RECIPIENTS_MAX = 20  # more lines than this after "Kính gửi" are body, not an address list
ADDRESSEE_MAX_CHARS = 150  # a longer line under "Kính gửi:" is the body's first paragraph


def address_span(lines: list[str]) -> tuple[int, int] | None:
    """Where a letter's address is among its first lines: the "Kính gửi:" line and the list under it ("- Công
    an tỉnh;") or the one addressee on the line below, as (start, end) line indices; None when there is none."""
    lines = lines[:ADDRESS_SEARCH_LINES]
    for start, line in enumerate(lines):
        if not (match := ADDRESSED.match(line.strip())):
            continue
        end = start + 1
        named = bool(match.group(1).strip())
        for item in lines[start + 1:start + 1 + RECIPIENTS_MAX]:
            bulleted = _LIST_ITEM.match(item.strip())
            if not bulleted and (named or len(item) > ADDRESSEE_MAX_CHARS):
                break
            end += 1
            named = True
            if not bulleted:
                break  # one addressee written on the line below "Kính gửi:"
        return start, end
    return None


def read_recipients(lines: list[str]) -> str | None:
    """Whom a letter is addressed to: the "Kính gửi:" line and the list under it ("- Công an tỉnh;"), joined
    by "; " without markers or final punctuation; None when the text has no such line."""
    span = address_span(lines)
    if span is None:
        return None
    first = ADDRESSED.match(lines[span[0]].strip())
    names = [first.group(1)] if first and first.group(1).strip() else []
    names += [_LIST_ITEM.sub("", item.strip()) for item in lines[span[0] + 1:span[1]]]
    names = [re.sub(r"[\s;,.]+$", "", name).strip() for name in names]
    return "; ".join(name for name in names if name) or None
