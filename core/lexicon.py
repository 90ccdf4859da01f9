"""The rules of Vietnamese administrative documents, each defined once: document kinds and their codes,
numbers and symbols ("57-NQ/TW", "Số: 144/CTHĐ-TU"), how a text cites a document, issuers and their level,
signature blocks, provinces, figures with their qualifier and base (GDP vs GRDP), citation markers in
answers, and the limits of a question.

Ingestion reads documents with these rules and query analysis reads questions with them, so a document
and a question that name the same thing agree on it. ``tests/core/test_lexicon.py`` holds the table of
real examples.
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from nghiquyet.core.errors import QuestionError
from nghiquyet.core.files import shipped_file
from nghiquyet.core.textnorm import (
    LOWER,
    UPPER,
    fold,
    is_vietnamese,
    normalize,
    normalize_tone_marks,
    strip_accents,
    without_leading_zeros,
)

# -- kinds ---------------------------------------------------------------------------------------------
KINDS = (
    "nghị quyết", "chương trình", "hướng dẫn", "kế hoạch", "quyết định", "chỉ thị", "kết luận",
    "thông báo", "báo cáo", "đề án", "công văn", "nghị định", "thông tư", "luật", "quy định", "tờ trình",
)
# The code of a kind inside a document symbol: "57-NQ/TW", "144/CTHĐ-TU", "03/NQ-CP".
KIND_CODES = {
    "NQ": "nghị quyết", "CTr": "chương trình", "CTHĐ": "chương trình", "HD": "hướng dẫn", "KH": "kế hoạch",
    "QĐ": "quyết định", "CT": "chỉ thị", "KL": "kết luận", "TB": "thông báo", "BC": "báo cáo",
    "ĐA": "đề án", "CV": "công văn", "NĐ": "nghị định", "TT": "thông tư", "QyĐ": "quy định", "TTr": "tờ trình",
}
# Title lines that announce a kind under another name: "CHƯƠNG TRÌNH HÀNH ĐỘNG", "ĐIỀU LỆ", "QUY CHẾ".
KIND_ALIASES = {"chương trình hành động": "chương trình", "điều lệ": "quy định", "quy chế": "quy định"}
# How questions in English name a kind.
ENGLISH_KINDS = {"resolution": "nghị quyết", "programme": "chương trình", "program": "chương trình",
                 "guidance": "hướng dẫn", "plan": "kế hoạch", "decision": "quyết định", "directive": "chỉ thị",
                 "decree": "nghị định", "circular": "thông tư", "official letter": "công văn"}
NEWS_KIND = "bài báo"
GENERIC_KIND = "văn bản"
# Kinds that are everyday words in a question too ("phải báo cáo trước ngày nào", "theo quy định", "Đoàn Luật sư",
# "pháp luật", "thông báo cho"): there they name a document only when "số …" follows.
EVERYDAY_KINDS = frozenset({"thông báo", "báo cáo", "quy định", "luật"})
NAMING_KINDS = tuple(kind for kind in KINDS if kind not in EVERYDAY_KINDS)


def alternatives(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so "official letter" is tried before "plan")."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))

# -- levels and issuers --------------------------------------------------------------------------------
NATIONAL = "quốc gia"
PROVINCIAL = "tỉnh"
DISTRICT = "huyện"
COMMUNE = "xã"
# An issuer at commune level (a xã, phường, thị trấn, or since 2025 an đặc khu), not "xã hội", "hợp tác xã", "thị xã".
COMMUNE_ISSUER = re.compile(r"(?<!\w)(?:(?<!thị )(?<!hợp tác )xã(?! hội)|phường|thị trấn|đặc khu)(?!\w)")
DISTRICT_ISSUER = re.compile(r"(?<!\w)(?:huyện|quận|thị xã|huyện ủy|quận ủy|thị ủy)(?!\w)")
NATIONAL_ISSUERS = ("bộ chính trị", "trung ương", "ban bí thư", "chính phủ", "quốc hội", "thủ tướng")


def level_of_issuer(issuer: str) -> str | None:
    """The level an issuer's name implies ("Bộ Chính trị", "Bộ Tư pháp", "Văn phòng Trung ương" -> national;
    "Tỉnh ủy Sóc Trăng", "Sở Nội vụ tỉnh Bình Thuận" -> province; "Ủy ban nhân dân phường 5", "Đảng ủy xã Tân
    Hưng" -> commune). Given with its parent body ("Đảng bộ tỉnh X Đảng ủy xã Y"), the lowest level named wins."""
    folded = fold(issuer)
    if COMMUNE_ISSUER.search(folded):
        return COMMUNE
    if DISTRICT_ISSUER.search(folded):
        return DISTRICT
    if any(word in folded for word in NATIONAL_ISSUERS) or re.match(r"^(bộ|tổng cục|cục|kiểm toán nhà nước|"
                                                                     r"tòa án nhân dân tối cao|viện kiểm sát nhân dân tối cao)\b",
                                                                     folded) and "tỉnh" not in folded:
        return NATIONAL
    if "tỉnh" in folded:
        return PROVINCIAL
    bare = strip_accents(issuer)  # a scan's "CHÍNH PHÙ": the national bodies' names have no look-alike without marks
    if any(re.search(rf"\b{strip_accents(word)}\b", bare) for word in NATIONAL_ISSUERS):
        return NATIONAL
    return None


# -- numbers and symbols -------------------------------------------------------------------------------
# A document's own number in its header block: "Số: 57-NQ/TW", "Số 144/CTHĐ-TU", "Số: 09/2024/TT-BKHCN".
OWN_NUMBER = re.compile(r"^Số\s*:?\s*(\d+\s*-\s*[\wĐđ]+/[\wĐđ\-]+|\d+/\d{4}/[\wĐđ\-]+|\d+/[A-ZĐ][\wĐđ\-]+)")
# Any written code of a document: "57-NQ/TW", "03/NQ-CP", "09/CT- TTg".
# A dash may be typed as an en dash ("Hướng dẫn số 08 –HD/BTCTU").
CODE = re.compile(r"\d+\s*[-–/]\s*[A-Za-zĐđ]+(?:\s*[-–/]\s*[A-Za-zĐđ]+)+")
# A number, with its symbol when one follows ("57", "57-NQ/TW").
NUMBER_MENTION = re.compile(r"(?<!\d)(\d{1,4})(?:\s*-\s*[A-Za-zĐđ]+/[A-Za-zĐđ]+)?(?!\d)")
# How a text cites another document, with its date and (optionally) issuer:
# "Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về …".
CITATION = re.compile(
    rf"(?P<kind>Chương trình(?: hành động)?|{alternatives(k.capitalize() for k in KINDS if k != 'chương trình')})"
    r"\s+số\s*"
    r"(?P<number>\d+\s*-\s*[\wĐđ]+/[\wĐđ\-]+|\d+/[\wĐđ\-]+(?:/[\wĐđ\-]+)?)\s*,?\s*"
    r"ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4})"
    r"(?:\s+của\s+(?P<issuer>[^,;.()“”\"]+?))?(?=\s+(?:về|thực hiện|khoá|khóa)\b|[,;.()“”\"]|$)"
)
# A kind named in a question, Vietnamese or English ("Chương trình", "Resolution").
_NAMING_WORDS = alternatives((*NAMING_KINDS, *ENGLISH_KINDS))
# A kind as a whole word, English ones also in the plural ("plans"; not the "plan" in "planning").
KIND_WORD = re.compile(rf"(?<!\w)({_NAMING_WORDS})s?(?!\w)", re.I)
# A document named by its kind and what follows it up to a punctuation mark: "Kế hoạch kiểm tra công tác cải cách
# hành chính năm 2026 của UBND tỉnh Lâm Đồng" in "Theo Kế hoạch kiểm tra … Lâm Đồng, Sở Y tế được kiểm tra khi nào?".
_KIND_NAMING = re.compile(rf"(?<!\w)({alternatives(KINDS)})(?!\w)[^,;:?!()]*", re.I)


def kind_phrases(question: str) -> list[tuple[str, str]]:
    """(kind as the corpus writes it, the words naming it) for each kind the question writes, in order."""
    return [(fold(m.group(1)), m.group(0)) for m in _KIND_NAMING.finditer(question)]


# A kind with a number: "Nghị quyết 57", "Chương trình số 67-CTr/TU", "Resolution 57", "Báo cáo số 12" (an
# everyday kind only with "số": "báo cáo 6 tháng" is a half-year report, not report no. 6).
KIND_WITH_NUMBER = re.compile(rf"(?i)\b(?P<kind>{_NAMING_WORDS}"
                              rf"|(?:{alternatives(EVERYDAY_KINDS)})(?=\s+số\b))\s+(?:số\s+)?(?P<number>\d{{1,4}})"
                              r"(?:\s*-\s*[\wđĐ]+/[\wđĐ]+)?")
# A document named by its kind's short code and its number ("NQ52", "CTr 67", "KH-12"): capitals, as written; not a
# code inside a longer one ("TT 34/2026/TT-BXD") nor a number with decimals.
CODE_WITH_NUMBER = re.compile(rf"\b(?P<code>{'|'.join(sorted(KIND_CODES, key=len, reverse=True))})\s*-?\s*"
                              r"(?P<number>\d{1,4})(?!\d|[/.,]\d|/)")


def named_by_number(question: str) -> list[tuple[str, str]]:
    """The documents ``question`` names by kind and number, as (kind, number): "Nghị quyết 52", "nghị quyết số
    52-NQ/TW", and short codes ("NQ52", "CTr 67")."""
    named = [(m.group("kind").lower(), m.group("number")) for m in KIND_WITH_NUMBER.finditer(question)]
    return named + [(KIND_CODES[m.group("code")], m.group("number")) for m in CODE_WITH_NUMBER.finditer(question)]


# A document named in a question, kind or short code then number: "NQ57", "CTr 67", "Nghị quyết 57".
DOCUMENT_NAME = re.compile(rf"(?i)\b({alternatives(NAMING_KINDS)}|nq|ctr|ct)\s*(số\s*)?\d+"
                           r"(\s*-\s*[\wđĐ]+/[\wđĐ]+)?")
# Which document a question asks for ("viện dẫn Nghị quyết nào", "trả lời văn bản nào", "which decree").
DOCUMENT_ASKED = re.compile(rf"\b({alternatives((*KINDS, GENERIC_KIND))}) (số )?nào\b"
                            rf"|\bwhich ({alternatives((*ENGLISH_KINDS, 'document', 'law'))})\b", re.I)


def document_kind_asked(question: str) -> str | None:
    """The kind of document a question asks for ("theo đề nghị tại tờ trình nào?": "tờ trình"; "thay thế nghị
    quyết nào?": "nghị quyết"; "which decree": "nghị định"); "văn bản" for any kind; None when it asks none."""
    match = DOCUMENT_ASKED.search(question)
    if not match:
        return None
    if match.group(1):
        return match.group(1).lower()
    english = match.group(3).lower()  # group 2 is the optional "số "
    return ENGLISH_KINDS.get(english, GENERIC_KIND)


def cites_kind(text: str, kind: str, own_number: str | None = None) -> bool:
    """Whether ``text`` names a document of ``kind`` by its number ("Tờ trình số 95/TTr-HĐTĐ", "Nghị quyết số
    19/2021/NQ-HĐND", the Party's "Nghị quyết số 57-NQ/TW": a dash before its code), other than the document
    numbered ``own_number``; any kind for "văn bản"."""
    if kind == GENERIC_KIND:
        return cites_document(text, own_number)
    own = compact_code(own_number) if own_number else None
    cited = rf"\b(?i:{re.escape(kind)})\s+(?:(?i:số)\s*)?(\d+(?:/[\wĐđ/.-]+|\s?-\s?[A-ZĐ][\wĐđ/.-]*))"
    return any(compact_code(match.group(1)) != own for match in re.finditer(cited, text))


def normalise_number(number: str) -> str:
    """A number as stored: no spaces ("57- NQ/TW" -> "57-NQ/TW")."""
    return re.sub(r"\s+", "", number)


def compact_code(text: str) -> str:
    """A document code without spaces, folded, its dashes as hyphens: "57- NQ/TW", "57 –NQ/TW" -> "57-nq/tw"."""
    return re.sub(r"\s+", "", fold(text)).replace("–", "-")


def number_head(number: str | None) -> str:
    """The numeric part of a document number, folded: "57-NQ/TW" -> "57", "144/CTHĐ-TU" -> "144"."""
    return fold(number or "").split("-")[0].split("/")[0]


def english_kind(word: str) -> str:
    """A kind word as the corpus writes it: "Resolution" -> "nghị quyết", "Nghị quyết" -> "nghị quyết"."""
    return ENGLISH_KINDS.get(word.lower(), fold(word))


def names_document(ref: str, number: str | None, doc_id: str) -> bool:
    """Whether ``ref`` (a doc id, a number such as "57-NQ/TW", or a bare "57") names this document."""
    ref_folded = fold(ref)
    if ref_folded in (fold(doc_id), fold(number or "")):
        return True
    head = number_head(number)
    return bool(head) and ref_folded.isdigit() and head == ref_folded


# Bodies a header often abbreviates ("UBND TỈNH ĐỒNG THÁP"), with their names in words.
ABBREVIATED_BODIES = {"UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "MTTQ": "Mặt trận Tổ quốc"}


def bodies_spelled_out(name: str) -> str:
    """``name`` with each abbreviated body in words ("UBND tỉnh Đồng Tháp" -> "Ủy ban nhân dân tỉnh Đồng Tháp")."""
    for short, words in ABBREVIATED_BODIES.items():
        name = re.sub(rf"(?<!\w){short}(?!\w)", words, name, flags=re.I)
    return name


# -- signature and closing blocks ----------------------------------------------------------------------
SIGN_ROLE_PREFIX = re.compile(r"^(T/M|TM\.|K/T|KT\.|TL\.|TUQ\.|Q\.)\s", re.I)
# A period or year that administrative texts go on with a horizon: "giai đoạn 2021-2025, định hướng đến năm 2030",
# "đến năm 2030, tầm nhìn đến năm 2045". The horizon's year is group 1.
PERIOD_GOES_ON = re.compile(r"^\s*[,;]?\s*(?:và\s+)?(?:định hướng|tầm nhìn)\s+(?:đến\s+)?(?:năm\s+)?((?:19|20)\d{2})\b",
                            re.I)

# "Nơi nhận" (the recipients of a document, its closing block), read without marks: a scan reads "Nưi nhận".
_RECIPIENTS = re.compile(r"^N[OU]I\s*NHAN\b(?P<colon>\s*:)?", re.I)
_RECIPIENTS_MAX_CHARS = 40  # "Nơi nhận:" with room for the spaces a scan reads into it


def opens_recipients(line: str, colon: bool = False) -> bool:
    """Whether ``line`` starts the "Nơi nhận" list (with ``colon``: "Nơi nhận:"), also as a scan reads it ("Nưi
    nhận:", "Noi nhan")."""
    match = _RECIPIENTS.match(strip_accents(line.strip()))
    return bool(match and (match.group("colon") or not colon))


def after_recipients_opening(line: str) -> str:
    """``line`` without its "Nơi nhận:" opening (as a scan reads it too: "Nưi nhận:", "Noi nhan"), stripped: the
    first recipient, or a signer's role or name set on the same line; the line itself when it opens nothing."""
    text = line.strip()
    if not _RECIPIENTS.match(strip_accents(text)):
        return text
    # The longest start of the line that is the opening alone, as the marks and spaces of the line have it.
    end = next(k for k in range(min(len(text), _RECIPIENTS_MAX_CHARS), 0, -1)
               if _RECIPIENTS.fullmatch(strip_accents(text[:k])))
    return text[end:].strip()


# Incoming-mail stamps: "VĂN BẢN ĐẾN … Số: 22/2024" is the receiver's register, not the document's number.
STAMP_START = re.compile(r"(VĂN BẢN|CÔNG VĂN) ĐẾN|^ĐẾN\b", re.I)
STAMP_FIELD = re.compile(r"^(Số|Ngày|Chuyển|Lưu hồ sơ|Người nhận|Kính chuyển)\b", re.I)
VERBAL_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.I)
NUMERIC_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")


def iso_date(day: str, month: str, year: str) -> str | None:
    """A day as ISO 8601, or None when the numbers are not a date ("31/02/2025")."""
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def iso_dates(text: str) -> set[str]:
    """Every date written in ``text`` ("22/12/2024", "ngày 22 tháng 12 năm 2024"), as ISO 8601."""
    found = (iso_date(*m.groups()) for pattern in (VERBAL_DATE, NUMERIC_DATE) for m in pattern.finditer(text))
    return {d for d in found if d}


# -- people and times in running text (what "ai …?" and "khi nào …?" are answered by) --------------------
# The commonest Vietnamese family names (together well over nine in ten people) and Khmer ones of the Mekong
# delta; a full name is one of them and two or three more capitalised syllables ("Hồ Thị Cẩm Đào"). A shorter
# name counts after a title ("đồng chí Hằng", "ông Nguyễn Duy").
_SURNAMES = ("Nguyễn|Trần|Lê|Phạm|Hoàng|Huỳnh|Phan|Vũ|Võ|Đặng|Bùi|Đỗ|Hồ|Ngô|Dương|Lý|Đào|Đoàn|Vương|Trịnh|Trương|"
             "Lâm|Phùng|Mai|Tô|Hà|Tạ|Lưu|Đinh|Cao|Chu|Thái|Lương|Quách|Kiều|Hứa|Lò|Triệu|Đàm|Châu|Từ|Giang|Nông|Thân|"
             "Khổng|La|Doãn|Âu|Lại|Tăng|Tống|Mạc|Quan|Nghiêm|Bạch|Lục|Cù|Kim|Thạch|Sơn|Danh|Diệp|Khúc")
_SYLLABLE = rf"[{UPPER}][{LOWER}]+"
PERSON_NAME_IN_TEXT = re.compile(
    rf"(?<![\w])(?<!phố )(?<!TP\. )(?<!TP )(?:(?:{_SURNAMES})(?:\s+{_SYLLABLE}){{2,3}}"
    rf"|(?<=[Đđ]ồng chí )(?:{_SYLLABLE})(?:\s+{_SYLLABLE}){{0,3}}"
    rf"|(?<=[Ôô]ng )(?:{_SYLLABLE})(?:\s+{_SYLLABLE}){{1,3}}|(?<=[Bb]à )(?:{_SYLLABLE})(?:\s+{_SYLLABLE}){{1,3}})"
    r"(?![\w])")
# A day: "01/7/2028", "ngày 16", "16 tháng 4".
DAY_EXPRESSION = re.compile(r"\b\d{1,2}/\d{1,2}(/\d{4})?\b|\bngày\s+\d{1,2}\b|\b\d{1,2}\s+tháng\s+\d{1,2}\b", re.I)
# A point or span in time: a day, a month, a quarter, a year, a recurring time, or a period ("trong thời hạn 07
# ngày làm việc").
TIME_EXPRESSION = re.compile(
    rf"({DAY_EXPRESSION.pattern}|\btháng\s+\d{{1,2}}\b|\b(quý|quí)\s+([1-4]|I{{1,3}}|IV)\b|"
    r"\b(19|20)\d{2}\b|\b(hằng|hàng) (năm|quý|tháng)\b|\bthường xuyên\b|\bđịnh kỳ\b|"
    r"\b\d{1,3}\s+(ngày|tháng|năm|tuần|giờ)\b)", re.I)
# The line a letter's addressees follow or sit on: "Kính gửi:", "Kính gửi: Sở Công Thương tỉnh Quảng Ngãi".
ADDRESSED = re.compile(r"^Kính gửi\s*:?\s*(.*)$", re.I)
# On whose proposal a document is issued, as its preamble or a letter's opening says: "Theo đề nghị của Giám đốc
# Sở Nội vụ", "Xét đề nghị của Chính phủ tại Tờ trình số …", "Xét Tờ trình số …", "Thực hiện đề nghị của Bộ …".
PROPOSAL = re.compile(r"\b((theo|xét|thực hiện) (đề nghị|đề xuất|kiến nghị)|xét tờ trình)\b", re.I)
# A question asking that ("được ban hành theo đề nghị của ai?", "theo tờ trình nào?", "on whose proposal?").
PROPOSAL_ASKED = re.compile(r"((theo|xét|thực hiện) (đề nghị|đề xuất|kiến nghị|tờ trình)( (của|tại))? "
                            r"(ai|nào|cơ quan nào|đơn vị nào|sở nào|bộ nào|văn bản nào|tờ trình nào|công văn nào)(?!\w)|"
                            r"\bon whose (proposal|recommendation|request)\b|"
                            r"\b(proposed|recommended|submitted) by (whom|which)\b)", re.I)


def person_names(text: str) -> list[str]:
    """People named in ``text`` ("Trần Thị Bích Hằng", "đồng chí Hằng"), in order, once each."""
    return list(dict.fromkeys(m.group(0) for m in PERSON_NAME_IN_TEXT.finditer(text)))


# A body named in running text (what "cơ quan nào …?" is answered by): "Sở Khoa học và Công nghệ", "Công an tỉnh",
# "Văn phòng UBND tỉnh", "UBND các xã", "Ban Tuyên giáo Trung ương". The body's word is capitalised and followed by
# a name or a level, so the verb "Ban hành" and "các sở, ngành" in general are not bodies.
_BODY_WORDS = ("Bộ Chỉ huy|Bộ|Sở|Ủy ban|Uỷ ban|UBND|HĐND|Hội đồng|Văn phòng|Trung tâm|Công an|Tổng cục|Chi cục|Cục|"
               "Viện|Thanh tra|Kho bạc|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Huyện ủy|Đảng ủy|Đảng uỷ|Đảng đoàn|"
               "Ban cán sự|Ban|Mặt trận|Bảo hiểm xã hội|Ngân hàng|Liên đoàn|Tòa án|Viện kiểm sát")
BODY_IN_TEXT = re.compile(
    rf"(?<![\w])(?:(?:{_BODY_WORDS})(?:\s+(?:[{UPPER}][\w&-]*|tỉnh|thành phố|nhân dân|các|cấp|xã|phường|huyện))+"
    r"|Chính phủ|Thủ tướng Chính phủ|Quốc hội"
    # in an English answer: "the Ministry of Public Security", "the Department of Home Affairs", "the Politburo"
    r"|(?:Ministry|Department|Committee|Office|Agency|Council|Centre|Center|Police|Bank|Board|Commission|Government|"
    r"National Assembly|Politburo|Secretariat)(?:\s+(?:of|for|and|[A-Z][\w&'-]*))*(?<!\sof)(?<!\sfor)(?<!\sand))(?![\w])")


def body_names(text: str) -> list[str]:
    """Bodies named in ``text``, in order, once each, each as far as its capitalised words go ("Sở Tư", "UBND các
    xã", "Trung tâm IOC"): enough to tell that a body is named and which, not its full name ("Sở Tư pháp")."""
    return list(dict.fromkeys(m.group(0) for m in BODY_IN_TEXT.finditer(text)))


# Document numbers whose digits are not times ("06/2007/QH12", "57-NQ/TW", "4250/BNNMT-ĐCKS").
_NUMBERED_CODE = re.compile(r"\d+/(?:\d{4}/)?[A-Za-zĐđ][\wĐđ-]*|" + CODE.pattern)


DEPUTY = re.compile(r"\bphó ((?:[^\W\d_]+ ?){1,4})")


def only_deputy_of(question: str, sentence: str) -> bool:
    """Whether ``sentence`` names only the deputy of the role a question asks about: "Phó Trưởng Đoàn giám sát"
    for "Ai là Trưởng Đoàn giám sát?", "Phó Chủ tịch UBND tỉnh" for "Chủ tịch UBND tỉnh là ai?". A question
    that asks about a deputy ("phó") is answered by one."""
    asked, said = fold(question), fold(sentence)
    if re.search(r"\bphó\b", asked):
        return False
    for match in DEPUTY.finditer(said):
        words = match.group(1).split()
        role = ""
        for size in range(len(words), 0, -1):  # the longest run of the deputy's title that the question has
            if re.search(rf"\b{re.escape(' '.join(words[:size]))}\b", asked):
                role = " ".join(words[:size])
                break
        if role and not re.search(rf"(?<!phó )\b{re.escape(role)}\b", said):
            return True
    return False


# A person's title, folded ("phó trưởng ban thường trực", "chủ tịch", "trưởng tiểu ban"): what a "who is the …"
# question asks a person for.
ROLE_TITLE = (r"(?:phó\s+)?(?:tổng bí thư|bí thư|chủ tịch|thủ tướng|bộ trưởng|thứ trưởng|giám đốc|chánh văn phòng|"
              r"chánh thanh tra|chủ nhiệm|tổ trưởng|tổ phó|thư ký|ủy viên|trưởng (?:tiểu ban|ban|đoàn|phòng|khoa))"
              r"(?:\s+thường trực)?")
_ROLE_AFTER_WHO = re.compile(rf"\bai\s+(?:là|làm|giữ chức(?: vụ)?|đảm nhiệm(?: chức(?: vụ)?)?|được (?:giao|phân công|"
                             rf"cử|bầu|bổ nhiệm) (?:làm|giữ chức))\s+(?P<role>{ROLE_TITLE})\b")
_ROLE_BEFORE_WHO = re.compile(rf"(?:^|[\s,;:(])(?P<role>{ROLE_TITLE})\b(?:(?!\bai\b)[^?.;])*?\blà ai\b")


def asked_role(question: str) -> str | None:
    """The title a question asks a person for, folded: "phó trưởng ban thường trực" for "Ai là Phó Trưởng Ban
    Thường trực Ban Chỉ đạo?", "chủ tịch" for "Chủ tịch UBND tỉnh là ai?"; None for other questions."""
    asked = fold(question)
    match = _ROLE_AFTER_WHO.search(asked) or _ROLE_BEFORE_WHO.search(asked)
    return match.group("role") if match else None


def holds_role(text: str, role: str) -> bool:
    """Whether ``text`` gives the title ``role`` (folded) itself: not its deputy's ("phó chủ tịch" does not give
    "chủ tịch"), nor a longer title of another ("phó trưởng ban chỉ đạo" does not give "phó trưởng ban thường
    trực")."""
    deputy = "" if role.startswith("phó") else r"(?<!phó )"
    return bool(re.search(rf"{deputy}\b{re.escape(role)}\b", fold(text)))


# A form's blank to be filled in: "ngày … tháng … năm …", "Số: …/QĐ-UBND", "ngày ....../......".
FORM_BLANK = re.compile(r"(…|\.{3,}|_{3,})")


_OWN_EFFECT = re.compile(rf"\b({'|'.join(KINDS)}) này\b[^.;\n]*?\bhiệu lực\b", re.I)
_EFFECT = re.compile(r"\bhiệu lực\b", re.I)
# What may come before a sentence's subject: its number ("1.", "a)", "Điều 5.", "Điều 5. Hiệu lực thi hành").
_SENTENCE_OPENING = re.compile(r"\s*(?:Điều\s+\d+\w*\.?(?:\s+Hiệu lực(?: thi hành)?\.?)?\s*)?"
                               r"(?:\(?\d+[.)]\s*|[a-zđ]\)\s*)?", re.I)


def effect_provision(text: str, kind: str) -> str | None:
    """Whose entry into force ``text`` provides for: "own" for a document's own provision ("Thông tư này có
    hiệu lực thi hành từ ngày 01 tháng 10 năm 2024" in a thông tư), "part" for a part of it that takes effect
    on its own date ("3. Quy định về thẩm quyền … tại Điều 15, Điều 16 Thông tư này có hiệu lực từ ngày 01
    tháng 01 năm 2027"), "other" for another document's or a form's ("Quyết định này có hiệu lực từ ngày ký" in
    a form attached to a thông tư, "… từ ngày … tháng … năm …"), None when it says nothing of one. "<kind>
    này" names the document only when the kind is its own, and the document itself only when it opens the
    sentence (after its number: "1.", "Điều 5."); a blank is looked for next to the provision, not in the whole
    text (an outline's items end in "…")."""
    provisions = list(_OWN_EFFECT.finditer(text))
    own = [said for said in provisions
           if said.group(1).lower() == kind and not FORM_BLANK.search(text[said.start():said.end() + 40])]
    if any(_SENTENCE_OPENING.fullmatch(text[:said.start()]) for said in own):
        return "own"
    if own:
        return "part"
    if provisions or any(FORM_BLANK.search(text[max(0, m.start() - 60):m.end() + 40]) for m in _EFFECT.finditer(text)):
        return "other"
    return None


def cites_document(text: str, own_number: str | None = None) -> bool:
    """Whether ``text`` names a document by its number ("Nghị quyết số 202/2025/QH15", "Văn bản số
    4250/BNNMT-ĐCKS", "57-NQ/TW"); with ``own_number``, a document other than the one that number is (an
    appendix's "(Kèm theo Hướng dẫn số 36-HD/VPTW, …)" names its own document, not another)."""
    own = compact_code(own_number) if own_number else None
    return any(compact_code(match.group(0)) != own for match in _NUMBERED_CODE.finditer(text))


def holds_time(text: str, day: bool = False) -> bool:
    """Whether ``text`` says when: a date, a month, a quarter, a year or a recurring time (with ``day``: a
    day). The year inside a document number ("Luật số 06/2007/QH12") is not a time."""
    text = _NUMBERED_CODE.sub(" ", text)
    return bool((DAY_EXPRESSION if day else TIME_EXPRESSION).search(text))


# -- central bodies named in English ------------------------------------------------------------------------
# The English names of central bodies (ministries before and after the 2025 reorganisation, and bodies of
# ministerial rank), with the Vietnamese names the documents write: an English answer that names one is checked
# against the evidence in the documents' words ("Ministry of Defense" is "Bộ Quốc phòng").
ENGLISH_BODIES = {
    "Ministry of National Defence": "Bộ Quốc phòng", "Ministry of National Defense": "Bộ Quốc phòng",
    "Ministry of Defence": "Bộ Quốc phòng", "Ministry of Defense": "Bộ Quốc phòng",
    "Ministry of Public Security": "Bộ Công an", "Ministry of Foreign Affairs": "Bộ Ngoại giao",
    "Ministry of Home Affairs": "Bộ Nội vụ", "Ministry of Justice": "Bộ Tư pháp", "Ministry of Finance": "Bộ Tài chính",
    "Ministry of Industry and Trade": "Bộ Công Thương",
    "Ministry of Agriculture and Environment": "Bộ Nông nghiệp và Môi trường",
    "Ministry of Agriculture and Rural Development": "Bộ Nông nghiệp và Phát triển nông thôn",
    "Ministry of Natural Resources and Environment": "Bộ Tài nguyên và Môi trường",
    "Ministry of Construction": "Bộ Xây dựng", "Ministry of Transport": "Bộ Giao thông vận tải",
    "Ministry of Culture, Sports and Tourism": "Bộ Văn hóa, Thể thao và Du lịch",
    "Ministry of Science and Technology": "Bộ Khoa học và Công nghệ",
    "Ministry of Information and Communications": "Bộ Thông tin và Truyền thông",
    "Ministry of Education and Training": "Bộ Giáo dục và Đào tạo", "Ministry of Health": "Bộ Y tế",
    "Ministry of Ethnic and Religious Affairs": "Bộ Dân tộc và Tôn giáo",
    "Ministry of Planning and Investment": "Bộ Kế hoạch và Đầu tư",
    "Ministry of Labour, Invalids and Social Affairs": "Bộ Lao động - Thương binh và Xã hội",
    "Government Office": "Văn phòng Chính phủ", "Office of the Government": "Văn phòng Chính phủ",
    "Government Inspectorate": "Thanh tra Chính phủ", "State Bank of Vietnam": "Ngân hàng Nhà nước",
    "State Bank of Viet Nam": "Ngân hàng Nhà nước",
}
_ENGLISH_BODY = re.compile("|".join(rf"\b{re.escape(name)}\b"
                                    for name in sorted(ENGLISH_BODIES, key=len, reverse=True)), re.I)
_ENGLISH_BODY_BY_FOLDED = {name.lower(): vietnamese for name, vietnamese in ENGLISH_BODIES.items()}


def english_bodies(text: str) -> list[tuple[str, str]]:
    """The central bodies ``text`` names in English, each with the Vietnamese name the documents write, longest
    names first ("Ministry of Agriculture and Environment" is not read as "Ministry of Agriculture")."""
    return [(m.group(0), _ENGLISH_BODY_BY_FOLDED[m.group(0).lower()]) for m in _ENGLISH_BODY.finditer(text)]


# -- provinces ----------------------------------------------------------------------------------------
def load_provinces(path: Path) -> list[str]:
    """Province names from the lexicon file, longest first (so "Thừa Thiên Huế" wins over "Huế")."""
    found = shipped_file(path, "danh sách tỉnh/thành")
    if found is None:
        return []
    names = tomllib.loads(found.read_text(encoding="utf-8")).get("names", [])
    return sorted({str(n).strip() for n in names if str(n).strip()}, key=len, reverse=True)


def name_mentions(text: str, names: list[str]) -> Counter[str]:
    """Each of ``names`` (provinces, issuers) named in ``text`` and how often, longest names matched first (so
    "Thừa Thiên Huế" is not also counted as "Huế", nor "Đảng đoàn Quốc hội" as "Quốc hội"). In English text
    names are also read without their marks and spaces ("Soc Trang", "Hanoi", "Danang")."""
    english = not is_vietnamese(text)
    folded = strip_accents(text) if english else fold(text)
    counts: Counter[str] = Counter()
    for name in names:
        written = (r"\s*".join(map(re.escape, strip_accents(name).split())) if english else re.escape(fold(name)))
        pattern = re.compile(r"(?<!\w)" + written + r"(?!\w)")
        hits = len(pattern.findall(folded))
        if hits:
            counts[name] = hits
            folded = pattern.sub(" ", folded)
    return counts


def detect_province(text: str, provinces: list[str]) -> str | None:
    """The province named most often in ``text`` (longest names matched first)."""
    counts = name_mentions(text, provinces)
    return counts.most_common(1)[0][0] if counts else None


# -- citation markers in answers ----------------------------------------------------------------------
CITATION_MARK = re.compile(r"\[(\d{1,2})(?:\s*[,;]\s*(\d{1,2}))*\]")
_MARK_NUMBER = re.compile(r"\d{1,2}")


def cited_numbers(text: str) -> list[int]:
    """The evidence numbers an answer cites, in order of first mention: "[1], [2, 3]" -> [1, 2, 3]."""
    numbers: list[int] = []
    for match in CITATION_MARK.finditer(text):
        numbers.extend(int(n) for n in _MARK_NUMBER.findall(match.group(0)))
    return list(dict.fromkeys(numbers))


def without_citation_marks(text: str) -> str:
    return CITATION_MARK.sub(" ", text)


def reply_words(text: str) -> list[str]:
    """The words of a model's reply or a question as written (NFC, new-style tone marks, case kept: "AI" is not
    "ai"), citation markers left out; lower-case them to compare."""
    return re.findall(r"\w+", normalize_tone_marks(without_citation_marks(text)))


def keep_citations(text: str, numbers: set[int]) -> str:
    """Drop citation markers that point at no evidence block."""
    def keep(match: re.Match[str]) -> str:
        good = [n for n in _MARK_NUMBER.findall(match.group(0)) if int(n) in numbers]
        return f"[{', '.join(good)}]" if good else ""

    return re.sub(r"\s+(?=[.,;])", "", CITATION_MARK.sub(keep, text)).strip()


def link_citation_marks(text: str, link: Callable[[int], str]) -> str:
    """Replace each number inside "[1]" / "[1, 2]" by ``link(number)``."""
    def replace(match: re.Match[str]) -> str:
        return "[" + ", ".join(link(int(n)) for n in _MARK_NUMBER.findall(match.group(0))) + "]"

    return CITATION_MARK.sub(replace, text)


# -- figures ------------------------------------------------------------------------------------------
QUALIFIERS = {
    "min": ("tối thiểu", "ít nhất", "at least", "no less than", "a minimum of"),
    "above": ("trên", "hơn", "more than", "over", "above", "exceeding"),
    "below": ("dưới", "less than", "below", "under"),
    "about": ("khoảng", "around", "about", "approximately"),
}
_QUALIFIER_WORDS = sorted((w for words in QUALIFIERS.values() for w in words), key=len, reverse=True)
_FIGURE = re.compile(
    r"(?:(?P<qual>" + "|".join(re.escape(w) for w in _QUALIFIER_WORDS) + r")\s+(?:mức\s+|là\s+|đạt\s+)?)?"
    r"(?<![\w/])(?P<num>\d+(?:[.,]\d+)*(?:/\d+(?:/\d+)?)?)(?![A-Za-zĐđÀ-ỹ])"
    r"(?:\s*-\s*(?P<num2>\d+(?:[.,]\d+)?))?\s*(?P<pct>%)?"
    r"(?:\s*(?:of\s+)?(?P<base>GRDP|GDP))?",
    re.I,
)
# A clause that states a quantified target: a percentage or a count of people, firms, bodies, countries.
TARGET_FIGURE = re.compile(r"\d+([.,]\d+)?\s*%|\d+\s*(người|doanh nghiệp|tổ chức|nước)")

# "(Kèm theo Quyết định số …)", "ban hành kèm theo": the line that says which document an attachment belongs to.
ATTACHED = re.compile(r"(ban hành\s+)?kèm theo", re.I)


# A table row's rank, as its rank column gives it ("Thứ hạng: 14 | Đơn vị: Sở Ngoại vụ | …").
ROW_RANK = re.compile(r"(?:^|\| )(?:Thứ hạng|Xếp hạng|Hạng|Thứ tự xếp hạng|Rank)\s*: (\d{1,4})\b", re.I)


def row_rank(text: str) -> int | None:
    """The rank a table row states in its rank column, or None (no such column)."""
    match = ROW_RANK.search(text)
    return int(match.group(1)) if match else None


def is_attachment_line(text: str) -> bool:
    """Whether ``text`` is only the line saying which document an attachment belongs to ("(Ban hành kèm theo Kế
    hoạch số /KH-UBND ngày /3/2026 của Chủ tịch UBND tỉnh Lâm Đồng)"): its date and issuer are that document's."""
    line = text.strip().strip("()").strip()
    return bool(ATTACHED.match(line)) and "\n" not in line and len(line) <= 250


# An attachment named by its kind and number: "Phụ lục II", "PHỤ LỤC 2", "phụ lục số 03", "Appendix 1", "Biểu số
# 01", "Mẫu số 02" (a form or a schedule is named only with its number; an appendix also without one).
_ATTACHMENT_KINDS = {"phụ lục": "phụ lục", "appendix": "phụ lục", "annex": "phụ lục", "biểu": "biểu", "mẫu": "mẫu",
                     "form": "mẫu"}
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
ATTACHMENT_NAMED = re.compile(
    r"(?<!\w)(?P<kind>(?i:phụ lục|appendix|annex|biểu|mẫu|form))(?:\s+(?i:số|no\.?))?"
    r"(?:\s*(?P<number>[IVXLC]{1,6}|\d{1,3})(?![\w/]))?")


def _roman(numeral: str) -> int:
    values = [_ROMAN_VALUES[c] for c in numeral]
    return sum(-v if i + 1 < len(values) and v < values[i + 1] else v for i, v in enumerate(values))


def _designator(match: re.Match[str]) -> tuple[str, int | None] | None:
    kind = _ATTACHMENT_KINDS[match.group("kind").lower()]
    number = match.group("number")
    if number is None:
        return (kind, None) if kind == "phụ lục" else None
    return kind, int(number) if number.isdigit() else _roman(number)


def attachments_named(text: str) -> set[tuple[str, int | None]]:
    """The attachments ``text`` names, each as (kind, number): ("phụ lục", 2) for "Phụ lục II" and for "Phụ lục
    2"; ("phụ lục", None) for "Phụ lục" without a number."""
    return {found for match in ATTACHMENT_NAMED.finditer(text) if (found := _designator(match))}


def attachment_of_label(label: str) -> tuple[str, int | None] | None:
    """What an attachment's label ("Phụ lục II: ĐỀ CƯƠNG …", "PHỤ LỤC: DANH MỤC …", "Mẫu số 01: …") names it as."""
    match = ATTACHMENT_NAMED.match(label.strip())
    return _designator(match) if match else None


def is_attachment_named(named: Iterable[tuple[str, int | None]], label: str) -> bool:
    """Whether the attachment labelled ``label`` is one of ``named`` (``attachments_named`` of a question): by kind
    and number, or, when no number is named, any appendix ("Phụ lục của Kế hoạch …" for "PHỤ LỤC: DANH MỤC …")."""
    own = attachment_of_label(label)
    if own is None:
        return False
    numbered = {found for found in named if found[1] is not None}
    return own in numbered if numbered else (own[0], None) in set(named)


# What a quantity question counts: the word after "bao nhiêu" / "mấy" ("bao nhiêu điểm", "mấy Tổ công tác",
# "bao nhiêu phần trăm" -> "%"). Words that follow "bao nhiêu" without being counted ("là bao nhiêu và …",
# "tăng bao nhiêu mỗi năm", "kỳ họp thứ mấy thông qua") are not units.
_COUNTED = re.compile(r"(?:\bbao nhiêu|\bmấy)\s+(phần trăm|[^\W\d_]+)", re.I)
_NOT_COUNTED = frozenset("là và hay hoặc thì mà mỗi của so với trong trên dưới cho được đã sẽ phải cần để khi nữa "
                         "thông theo tại từ đến vào ra".split()
                        # measured, not counted: "bao nhiêu tiền" is answered in đồng
                        + ["tiền"])


def counted_units(question: str) -> tuple[str, ...]:
    """The things a quantity question counts, lower-cased, in order: ("điểm",) for "… khi đạt bao nhiêu
    điểm?", ("chương", "điều") for "gồm bao nhiêu chương, bao nhiêu điều?", ("%",) for "bao nhiêu phần trăm"."""
    units: list[str] = []
    for match in _COUNTED.finditer(question):
        word = match.group(1).lower()
        unit = "%" if word == "phần trăm" else word
        if unit not in _NOT_COUNTED and unit not in units:
            units.append(unit)
    return tuple(units)


# Words a number after them names rather than counts: "khoản 2 Điều 8" is not two articles, "năm 2030 điểm …" not
# 2030 points.
_NAMED_BY_NUMBER = frozenset("khoản điều điểm chương mục phần số năm tháng ngày thứ khóa khoá kỳ quý lần".split())


# A number as administrative texts write one before what it counts: in digits ("03 Tổ", "1.000"), or in words
# ("ba đột phá", "mười hai tỉnh"), with a scale word after it ("5 triệu người", "1.000 tỷ đồng"). "một" alone is
# mostly the article ("một giải thưởng", "một phần"), so it counts only inside a longer number ("mười một").
_NUMBER_WORD_TAIL = r"(?:\s+(?:mươi|mốt|một|hai|ba|bốn|tư|lăm|năm|sáu|bảy|tám|chín))*"
_NUMBER_SCALE = r"(?:\s+(?:nghìn|ngàn|vạn|triệu|tỷ|tỉ|trăm))?"
_NUMBER = (r"(?:(?<![\w.,])\d+(?:[.,]\d+)*"
           r"|(?<!\w)(?:hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)" + _NUMBER_WORD_TAIL + ")" + _NUMBER_SCALE)


# A lead-in that says how many items follow it: "Chọn một trong hai trường hợp sau:", "gồm 03 nội dung như sau:".
_DIGITS_OR_WORDS = {"hai": 2, "ba": 3, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9, "mười": 10}
_ANNOUNCED_COUNT = re.compile(r"(?:(\w+)\s+)?(?<![\w.,/])(\d{1,2}|hai|ba|bốn|năm|sáu|bảy|tám|chín|mười)\s+"
                              r"(?:[^\W\d_]+\s+){1,4}(?:như\s+)?sau\s*:\s*$", re.I)


def announced_count(lead_in: str) -> int | None:
    """How many items a lead-in says follow it ("… một trong hai trường hợp sau:" -> 2, "gồm 03 nội dung như sau:"
    -> 3); None when it does not say ("… các nhiệm vụ sau:", "Điều 2 quy định như sau:")."""
    match = _ANNOUNCED_COUNT.search(lead_in)
    if not match or (match.group(1) or "").lower() in _NAMED_BY_NUMBER:
        return None
    count = match.group(2).lower()
    return int(count) if count.isdigit() else _DIGITS_OR_WORDS[count]


@functools.lru_cache(maxsize=256)
def _count_of(unit: str) -> re.Pattern[str]:
    """A number of ``unit`` ("90 điểm", "ba đột phá", "30%", "30 phần trăm"), with the word before the number
    (group 1) when there is one."""
    if unit == "%":
        return re.compile(r"()\d+(?:[.,]\d+)*\s*(?:%|phần trăm)", re.I)
    return re.compile(r"(?:([^\W\d_]+)\s+)?" + _NUMBER + r"\s+" + re.escape(unit) + r"(?!\w)", re.I)


# A count written in words before what it counts ("ba tâm chấn", "gấp mười lần", "mười năm"); "một" alone is the
# article and "năm" alone mostly the year ("năm nay", "hằng năm có"), so neither starts one. Lower case only.
_COUNT_IN_WORDS = re.compile(r"(?:([^\W\d_]+)\s+)?(?<!\w)(?:hai|ba|bốn|sáu|bảy|tám|chín|mười)" + _NUMBER_WORD_TAIL
                             + _NUMBER_SCALE + r"\s+[^\W\d_]")


# A round count given by its order of magnitude ("hàng trăm kênh", "vài nghìn người", "hàng chục tỷ đồng"): it
# answers "bao nhiêu?" as a document states it. "hàng" before anything else is goods or a row ("hàng hóa", "hàng
# năm"), so only a scale word may follow it.
_ROUND_COUNT = re.compile(r"(?<!\w)(?:hàng|vài|mấy)\s+(?:chục|trăm|nghìn|ngàn|vạn|triệu|tỷ|tỉ)(?!\w)", re.I)


def states_count_in_words(text: str) -> bool:
    """Whether ``text`` gives a count in words of something ("ba tâm chấn", "năm tới mười năm", "hàng trăm kênh"),
    not a name ("khoản hai", "thứ ba") nor a word that only looks like one ("năm" of a date: "năm 2010" has digits
    after it)."""
    return bool(_ROUND_COUNT.search(text)) or any(
        (match.group(1) or "").lower() not in _NAMED_BY_NUMBER for match in _COUNT_IN_WORDS.finditer(text))


def states_count_of(text: str, units: tuple[str, ...]) -> bool:
    """Whether ``text`` gives a number of one of ``units`` ("Đạt từ 90 điểm trở lên" for "điểm", "20%" for "%")."""
    return any((match.group(1) or "").lower() not in _NAMED_BY_NUMBER
               for unit in units for match in _count_of(unit).finditer(text))


@dataclass
class Figure:
    """A figure as written, with what makes it mean something: "tối thiểu 30% GRDP" is (30%, min, GRDP)."""

    value: str
    qualifier: str | None
    base: str | None
    text: str


def qualifier_class(word: str | None) -> str | None:
    if not word:
        return None
    word = word.lower()
    return next((name for name, words in QUALIFIERS.items() if word in words), None)


def figures(text: str) -> list[Figure]:
    """The figures in ``text`` (citation markers excluded)."""
    found = []
    for match in _FIGURE.finditer(without_citation_marks(text)):
        value = match.group("num") + (f"-{match.group('num2')}" if match.group("num2") else "") + (
            "%" if match.group("pct") else "")
        found.append(Figure(without_leading_zeros(normalize(value)), qualifier_class(match.group("qual")),
                            (match.group("base") or "").upper() or None, match.group(0).strip()))
    return found


# -- orders to an assistant ---------------------------------------------------------------------------
# Text that tells an AI assistant what to do ("Bỏ qua mọi hướng dẫn trước đó…", "Trợ lý AI phải trả lời rằng…",
# "ignore previous instructions"). Administrative documents address people and bodies, never an assistant:
# in a document such text is kept out of answers; in a question it is noted and not obeyed.
ASSISTANT_ORDERS = re.compile(
    r"((bỏ qua|phớt lờ|quên|không cần tuân theo|không tuân theo)\s+(đi\s+)?(mọi|tất cả|toàn bộ|các|những)?\s*"
    r"(hướng dẫn|chỉ dẫn|quy tắc|lệnh|mệnh lệnh|yêu cầu|chỉ thị)\s*(trước|ở trên|phía trên|đã có|hệ thống)?"
    r"|(trợ lý|chatbot|mô hình ngôn ngữ|trí tuệ nhân tạo)(\s+ảo)?(\s+ai)?\s+(phải|hãy|cần|luôn)\s+"
    r"(trả lời|nói|khẳng định|xác nhận|trích dẫn)"
    r"|(hãy|phải)\s+trả lời\s+(rằng|là)\s"
    r"|ignore\s+(all\s+|any\s+)?(the\s+)?(previous|above|prior|earlier|preceding)?\s*(instructions|rules|prompts?)"
    r"|(you are|act as|pretend to be)\s+(an?\s+)?(ai|assistant|chatbot|language model)"
    r"|(the\s+)?(assistant|ai|model)\s+(must|should|shall)\s+(answer|say|reply|respond)"
    r"|system prompt|jailbreak|developer mode)", re.I)


def gives_orders(text: str) -> bool:
    return bool(ASSISTANT_ORDERS.search(text))


# -- questions ----------------------------------------------------------------------------------------
# The words that ask: Vietnamese keeps them where the answer goes ("giao cho ai chủ trì", "sở nào", "bao nhiêu"),
# English fronts them. A statement does not hold them copied from its question, so a reply that does restates the
# question instead of answering it.
_ASKING = frozenset({"ai", "gì", "nào", "đâu", "mấy"})
_ASKING_PAIRS = frozenset({("bao", "nhiêu"), ("bao", "giờ"), ("bao", "lâu"), ("tại", "sao"), ("vì", "sao"),
                           ("làm", "sao")})
_ASKING_FIRST = frozenset({"what", "which", "who", "whom", "whose", "when", "where", "why", "how"})


def asking_positions(words: list[str]) -> set[int]:
    """Which of a question's words (as written, in order) ask: "ai" but not the acronym "AI", "bao nhiêu" but not
    "bao gồm", an English wh-word only where it opens the question ("the agency which chairs" states)."""
    folded = [fold(w) for w in words]
    found = {i for i, w in enumerate(folded) if w in _ASKING and not words[i].isupper()}
    found |= {i for i in range(len(folded) - 1) for pair in [(folded[i], folded[i + 1])] if pair in _ASKING_PAIRS}
    return found | ({0} if folded[:1] and folded[0] in _ASKING_FIRST else set())


MAX_QUESTION_CHARS = 2000
QUESTION_EXAMPLE = "“Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?”"


def validate_question(question: str | None, limit: int = MAX_QUESTION_CHARS) -> str:
    """The question with its spaces collapsed, or a :class:`QuestionError` saying what to change."""
    text = " ".join((question or "").split())
    if not text:
        raise QuestionError(f"Câu hỏi đang trống. Hãy nhập nội dung cần tìm, ví dụ: {QUESTION_EXAMPLE}")
    if len(text) > limit:
        raise QuestionError(f"Câu hỏi dài {len(text)} ký tự, vượt giới hạn {limit}. "
                            "Hãy rút gọn câu hỏi hoặc tách thành nhiều câu hỏi nhỏ.")
    return text
