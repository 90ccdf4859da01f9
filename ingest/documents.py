"""Find the documents inside one cleaned source file, their parts and their metadata.

A file may hold several documents (a PDF bundle, a letter followed by the plan it forwards): a new document
starts at a header block (two of: the national motto or the Party's title, a number line, a place-and-date
line) or at a title line (NGHỊ QUYẾT, QUYẾT ĐỊNH…) once the document before it has closed. After its
signature, a document's attachments (the Chương trình / Kế hoạch "ban hành kèm theo", Phụ lục, Biểu, Danh
mục, Mẫu, Đề cương) stay parts of it, with their own heading paths; a form inside an attachment, whose
header has a blank number and date, does not start a new document.

Incoming-mail stamps ("VĂN BẢN ĐẾN … Số: 22/2024") are never read as document numbers. The closing block
("Nơi nhận", signature) leaves the searchable text on purpose: the signer and role become metadata. A number
or date the document does not state itself is taken from how another document in the same file cites it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from nghiquyet.core.lexicon import (
    ATTACHED,
    CITATION,
    GENERIC_KIND,
    NATIONAL,
    NEWS_KIND,
    NUMERIC_DATE,
    SIGN_ROLE_PREFIX,
    STAMP_FIELD,
    STAMP_START,
    detect_province,
    iso_date,
    normalise_number,
    opens_recipients,
)
from nghiquyet.core.textnorm import fold, is_upper_line, strip_accents
from nghiquyet.ingest.blocks import Block
from nghiquyet.ingest.clean import CleanedText, ends_with_terminal
from nghiquyet.ingest.header import (
    DATE_LINE,
    MOTTO,
    NUMBER_LINE,
    OCR_SPECKS,
    PERSON_NAME,
    ROLE_WORDS,
    SUBJECT_START,
    HeaderFacts,
    address_span,
    display_case,
    issuer_from,
    kind_line,
    kind_of_number,
    level_and_province,
    read_closing,
    read_header_line,
    read_recipients,
)

_DATELINE = re.compile(r"^(?:(?:Sáng|Chiều|Tối|Trưa|Đêm)\s+)?(?:(?:hôm\s+)?ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})\b", re.I)
_ISSUER_IN_BODY = re.compile(
    r"^((?:Ban|Bộ|Sở|Ủy ban|Uỷ ban|UBND|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Hội đồng|Chính phủ|Thủ tướng|"
    r"Thường trực)[^,.;:]{0,80}?)\s+(?:ban hành|hướng dẫn|quyết định|yêu cầu|chỉ thị)\b"
)
ATTACHMENT_TITLE = re.compile(r"^(PHỤ LỤC|Phụ lục|BIỂU|Biểu số|DANH MỤC|MẪU|Mẫu số|ĐỀ CƯƠNG|BẢNG|Bảng)\b")
OWN_ISSUER = re.compile(r"^(CỦA|Của)\s+\S")
HEADER_WINDOW = 6  # lines between two signals of one header block
ISSUER_LINES_BEFORE = 3
DATE_LINE_CHARS = 80  # a place and date line on its own, not a sentence that dates something


@dataclass
class Part:
    """An attachment after the signature: its label ("Phụ lục I: Danh mục …") and its lines. ``titled`` holds
    the positions of the leading title lines the label already holds word for word: they are the label, not headings inside
    it (read as headings, every path under them named the attachment twice, "PHỤ LỤC I: DANH MỤC … › DANH
    MỤC …", and the attachment's outline listed its own title instead of its sections)."""

    label: str
    blocks: list[Block]
    titled: frozenset[int] = frozenset()

    @property
    def content(self) -> list[Block]:
        """The lines under the label: all of them but the title lines the label holds."""
        return [b for i, b in enumerate(self.blocks) if i not in self.titled] or self.blocks


@dataclass
class DetectedDocument:
    """A document found in a file: its metadata (with provenance), its body, its attachments, and the lines
    left out of the searchable text on purpose (header, closing, stamps), each with why."""

    ordinal: int
    kind: str
    title: str
    body: list[Block]
    parts: list[Part] = field(default_factory=list)
    metadata: dict[str, str | None] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    left_out: list[tuple[str, str]] = field(default_factory=list)  # (line, why)

    def set(self, key: str, value: str | None, source: str) -> None:
        if value and not self.metadata.get(key):
            self.metadata[key] = value
            self.provenance[key] = source


@dataclass
class Citation:
    kind: str
    number: str
    date: str | None
    issuer: str | None
    in_document: int


# -- what each line is -----------------------------------------------------------------------------------
def _stamps(paragraphs: list[Block]) -> set[int]:
    """Lines of incoming-mail stamps: the receiving office's line, "VĂN BẢN ĐẾN", and its fields."""
    found: set[int] = set()
    for index, block in enumerate(paragraphs):
        if STAMP_START.search(block.text):
            found.add(index)
            if index > 0 and is_upper_line(paragraphs[index - 1].text) and len(paragraphs[index - 1].text) < 60:
                found.add(index - 1)
            following = index + 1
            while following < len(paragraphs) and STAMP_FIELD.match(paragraphs[following].text):
                found.add(following)
                following += 1
    return found


def _header_signal(text: str) -> bool:
    return bool(MOTTO.search(text) or NUMBER_LINE.match(text) or DATE_LINE.search(text))


_EXAMPLE = re.compile(r"^(Ví dụ|Mẫu|Ghi chú)\b", re.I)


def _is_closing_start(paragraphs: list[Block], index: int) -> bool:
    """Where a document's closing block starts: "Nơi nhận", or a signature ("TM. …", "KT. …", "CHỦ TỊCH" over
    a name) that is not an example ("Ví dụ:" just above it, in a guide to writing documents)."""
    text = re.sub(r"^\*+", "", paragraphs[index].text).strip()
    if opens_recipients(text, colon=True):
        return True
    if any(_EXAMPLE.match(b.text.strip()) for b in paragraphs[max(0, index - 6):index]):
        return False
    if SIGN_ROLE_PREFIX.match(text):
        return True
    if is_upper_line(text) and ROLE_WORDS.search(text) and len(text) <= 60:
        # "CHỦ TỊCH QUỐC HỘI" over a name: a signature without a "TM./KT." line.
        window = [re.sub(r"\*+", "", b.text).strip() for b in paragraphs[index + 1:index + 4]]
        return any(PERSON_NAME.match(line) for line in window)
    return False


def _attachment_start(paragraphs: list[Block], index: int) -> bool:
    """A title that opens an attachment: "PHỤ LỤC I", "Mẫu số 01", or a title line with "kèm theo" below."""
    text = paragraphs[index].text.strip()
    if ATTACHMENT_TITLE.match(text) and len(text) <= 120 and (is_upper_line(text) or len(text) <= 30):
        return True
    if len(text) <= 30 and re.search(r"(PHỤ LỤC|Phụ lục)\s*[IVX\d]*\s*$", text):
        return True  # "„ Sa „ Phụ lục": a title OCR read with noise in front
    if kind_line(text, lenient=True):
        window = " ".join(b.text for b in paragraphs[index + 1:index + 5])
        return bool(ATTACHED.search(window))
    return False


# -- segmenting a file into documents ----------------------------------------------------------------------
def _walk_back(paragraphs: list[Block], index: int, stamps: set[int]) -> int:
    """The first line of the header block that ``index`` is in: the agency lines, decorations and number lines
    just above it (a header read column by column puts them before the motto or the title)."""
    first = index
    taken = 0
    while first > 0 and taken < ISSUER_LINES_BEFORE and first - 1 not in stamps:
        above = paragraphs[first - 1].text.strip()
        if (DECORATIVE.match(above) or _BLANK_NUMBER.match(above) or NUMBER_LINE.match(above)
                or (len(above) <= DATE_LINE_CHARS and DATE_LINE.search(above))):
            first -= 1  # "-------" under an agency name; a number line, with or without its digits; the place and
            # date, which a header with no number puts straight above the title ("TP. Hồ Chí Minh, ngày … 2025")
            continue
        if not (is_upper_line(above) and len(above) <= 80) or kind_line(above):
            break
        first -= 1
        taken += 1
    return first


def _cluster(paragraphs: list[Block], index: int, stamps: set[int]) -> tuple[int, int, HeaderFacts]:
    """The header block around the signal at ``index``: (first line, last line, what it says)."""
    last = index
    position = index + 1
    while position < len(paragraphs) and position - last <= HEADER_WINDOW:
        if position not in stamps and _header_signal(paragraphs[position].text):
            last = position
        position += 1
    first = _walk_back(paragraphs, index, stamps)
    facts = HeaderFacts()
    for block in paragraphs[first:last + 1]:
        read_header_line(block.text, facts)
    return first, last, facts


def document_starts(paragraphs: list[Block], stamps: set[int]) -> list[int]:
    """Where each document of the file begins."""
    starts: list[int] = []
    closed = False  # the current document's closing block has been seen
    in_attachments = False
    samples = False  # inside an attachment of forms or samples ("Mẫu …"): its headers are part of it
    index = 0
    while index < len(paragraphs):
        text = paragraphs[index].text
        if index in stamps:
            index += 1
            continue
        if starts and not closed and _is_closing_start(paragraphs, index):
            closed = True
        if closed and _attachment_start(paragraphs, index):
            in_attachments = True
            title = " ".join(b.text for b in paragraphs[index:index + 3])
            samples = samples or bool(re.search(r"\bmẫu\b|biểu mẫu|ví dụ", title, re.I))
            index += 1
            continue
        if _header_signal(text):
            first, last, facts = _cluster(paragraphs, index, stamps)
            real = bool(facts.number and facts.date)
            fresh = not starts or (closed and (not in_attachments or (real and not samples)))
            if facts.strong and fresh:
                starts.append(first)
                closed = in_attachments = samples = False
                index = last + 1
                continue
            index = last + 1
            continue
        if kind_line(text):
            own = any(OWN_ISSUER.match(b.text) for b in paragraphs[index + 1:index + 3])
            if not starts or (closed and (not in_attachments or (own and not samples))):
                starts.append(_walk_back(paragraphs, index, stamps) if not starts else index)
                closed = in_attachments = samples = False
        index += 1
    return starts


# -- one document ------------------------------------------------------------------------------------------
# A number line whose digits are blank, as a layout dump splits it: "Số" then "-CTr/TU".
_BLANK_NUMBER = re.compile(r"^(Số\s*:?|[-/][\wĐđ/\-]+)$")
_BODY_OPENING = re.compile(r"^(Căn cứ|Kính gửi|Thực hiện|Theo đề nghị|Xét đề nghị|Trên cơ sở|Ngày \d|"
                           r"(?:[IVX]+|\d{1,2})[.\-–)]\s)", re.I)


def _continues_subject(subject: list[str], text: str) -> bool:
    """A line that carries on a subject cut over several lines ("V/v đề nghị hướng dẫn hợp nhất" /
    "Đoàn Luật sư khi thực hiện …")."""
    return (bool(subject) and not ends_with_terminal(subject[-1]) and len(text) <= 400
            and not _header_signal(text) and not _BODY_OPENING.match(text) and not ends_with_terminal(text)
            and not kind_line(text))


def _title_block(paragraphs: list[Block], start: int, stamps: set[int]) -> tuple[HeaderFacts, int, list[str]]:
    """Read the header and title lines from ``start``: agency lines, motto, number, place and date, kind line,
    "CỦA …" issuer line, subject lines ("Về …", "V/v …"), in whatever order the reader gives them. Return what
    they say, where the body starts, and the issuer lines."""
    facts = HeaderFacts()
    issuer_lines: list[str] = []
    index = start
    seen_kind = False
    subject_level = 0  # the heading level the format states for the subject's first line (0: none)
    while index < len(paragraphs):
        if index in stamps:
            index += 1
            continue
        text = re.sub(r"^\*+|\*+$", "", paragraphs[index].text).strip()
        if not OCR_SPECKS.sub("", text).strip():  # no letter nor digit: "*", "-----" under a name or a title,
            # "+" or "¬" a scan reads there
            index += 1
            continue
        kind = None if seen_kind else kind_line(text)
        if kind:
            facts.kind, seen_kind = kind, True
            facts.kind_text = text
        elif seen_kind and issuer_lines and fold(text) == fold(" ".join(issuer_lines)):
            pass  # the enacting body named again under the title ("ỦY BAN THƯỜNG VỤ QUỐC HỘI" before "Căn cứ …")
        elif seen_kind and OWN_ISSUER.match(text) and is_upper_line(text):
            issuer_lines = [text[4:].strip()]
        elif (seen_kind or facts.kind == "công văn") and (
                text[:1].islower() or (not facts.subject and (SUBJECT_START.match(text) or (
                    not ends_with_terminal(text) and len(text) > 20 and not _header_signal(text)
                    and not _BODY_OPENING.match(text))))):
            facts.subject.append(text)
            subject_level = paragraphs[index].heading
        elif text.lower().startswith("v/v") and not facts.subject:
            facts.kind = facts.kind or "công văn"
            facts.subject.append(text)
            subject_level = paragraphs[index].heading
        elif _continues_subject(facts.subject, text) and (not is_upper_line(text) or is_upper_line(facts.subject[-1])) \
                and paragraphs[index].heading == subject_level:
            facts.subject[-1] = f"{facts.subject[-1]} {text}"  # a line in the subject's own style: a heading the
            # format states under a plain title ("Mục tiêu" in Word's "Heading 1") starts the body instead
        elif _BLANK_NUMBER.match(text) and not seen_kind:
            facts.number_line = True
            if text.startswith(("-", "/")):
                facts.symbol = facts.symbol or text
        elif _header_signal(text) or DECORATIVE.match(text) or (is_upper_line(text) and not seen_kind):
            rest = read_header_line(text, facts)
            if rest and is_upper_line(rest) and not seen_kind:
                issuer_lines.append(rest)
        elif is_upper_line(text) and seen_kind and not facts.subject and len(text) <= 160:
            facts.subject.append(text)  # a subject in capitals ("VỀ VIỆC CHẤN CHỈNH …", "HÓA CHẤT")
            subject_level = paragraphs[index].heading
        elif seen_kind and facts.subject and _enacting_authority(text, issuer_lines, paragraphs[index + 1:index + 3]):
            pass  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …" before "Căn cứ …": who decides, not a section of the body
        else:
            break
        index += 1
    return facts, index, issuer_lines


DECORATIVE = re.compile(r"^[\s*_\-–—=.~]+$")


def _enacting_authority(text: str, issuer_lines: list[str], following: list[Block]) -> bool:
    """Whether ``text`` is the line naming who enacts the document, between its title and its preamble: in
    capitals, naming the issuer ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG", "BỘ TRƯỞNG BỘ NỘI VỤ", "THƯỜNG TRỰC
    HỘI ĐỒNG NHÂN DÂN TỈNH THANH HÓA") and followed by the preamble ("Căn cứ …", "Theo đề nghị …"). Read as a
    heading, it headed every article of the document."""
    if not (is_upper_line(text) and len(text) <= 160 and following and _PREAMBLE.match(following[0].text.strip())):
        return False
    line = fold(text)
    return any(len(issuer) > 3 and (fold(issuer) in line or _read_alike(issuer, text)) for issuer in issuer_lines)


OCR_ALIKE_SHARE = 0.85  # of an issuer's letters found, in order, in a line a scan read


def _read_alike(name: str, line: str) -> bool:
    """Whether ``line`` holds ``name`` as a scan may have read either ("BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH CỦA CHÍNH
    PHỦ" read "… CAI CÁCH HÀNH CHÍNH CA CHÍNH PHÙ" in the header and "… CHÍ ĐẠO CAI CÁCH HÀNH CHÍNH CỦA CHÍNH PHÙ"
    under the title): without marks, most of the name's letters match, in order."""
    bare_name, bare_line = strip_accents(fold(name)), strip_accents(fold(line))
    if len(bare_name) < 12:
        return False
    matcher = SequenceMatcher(None, bare_name, bare_line, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks())
    return matched >= OCR_ALIKE_SHARE * len(bare_name)


_PREAMBLE = re.compile(r"^(Căn cứ|Theo đề nghị|Xét đề nghị|Xét tờ trình|Trên cơ sở)", re.I)


MAX_CLOSING_LINES = 30


def _in_closing(text: str) -> bool:
    """A line a closing block is made of: the "Nơi nhận" list (items and their continuations), roles, names,
    stamps, short noise; not a paragraph of text or a title."""
    if len(text) <= 60 or text.startswith(("-", "+", "•")) or text[:1].islower() or text.endswith((";", ",")):
        return True
    return bool(opens_recipients(text) or re.match(r"^(Email|Cơ quan|Ngày ký|Thời gian ký|Lưu)", text, re.I)
                or (is_upper_line(text) and ROLE_WORDS.search(text)) or SIGN_ROLE_PREFIX.match(text))


def _split_closing(blocks: list[Block]) -> tuple[list[Block], list[Block], list[Block]]:
    """(body, closing, what follows the closing) of a document's own lines. The closing ends after the
    signer's name, or at the first line that is not closing material (a title, a paragraph)."""
    for index in range(1, len(blocks)):
        if _is_closing_start(blocks, index):
            end = index
            last_name = None
            while end < len(blocks) and end - index < MAX_CLOSING_LINES:
                text = re.sub(r"\*+", "", blocks[end].text).strip()
                if PERSON_NAME.match(text):
                    last_name = end
                if last_name is not None and end > last_name + 3:
                    break
                # A recipient's line going on ("- VPCP: BTCN, …," then "Trợ lý TTg, …: :") is closing material too.
                goes_on = end > index and blocks[end - 1].text.rstrip().endswith((",", ";"))
                if end > index and (_attachment_start(blocks, end) or not (goes_on or _in_closing(text))):
                    break
                end += 1
            stop = (last_name + 1) if last_name is not None else min(end, len(blocks))
            # Digital-signature stamps right after the name belong to the closing too.
            while stop < len(blocks) and re.match(r"^(Email|Cơ quan|Ngày ký|Thời gian ký)\s*:", blocks[stop].text, re.I):
                stop += 1
            return blocks[:index], blocks[index:stop], blocks[stop:]
    return blocks, [], []


def _parts(blocks: list[Block]) -> tuple[list[Block], list[Part]]:
    """Lines after the closing: (lines before the first attachment, attachments)."""
    starts: list[int] = []
    for i in range(len(blocks)):
        if _attachment_start(blocks, i) and not (starts and i - starts[-1] <= 2 and _title_lines(blocks, starts[-1] + 1, i)):
            # A title line right under an attachment's marker is its subtitle: "PHỤ LỤC I" / "DANH MỤC …", and
            # "Phụ lục II" / "ĐỀ CƯƠNG BÁO CÁO …" (a marker in small letters opened a second, empty attachment).
            starts.append(i)
    if not starts:
        return blocks, []
    parts: list[Part] = []
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(blocks)
        segment = blocks[start:end]
        titles: dict[int, str] = {}  # position in the segment: title line
        for offset, block in enumerate(segment[:4]):
            text = block.text.strip()
            if offset == 0 or (is_upper_line(text) and len(text) <= 160) or (text.startswith("(") and ATTACHED.search(text)):
                if not text.startswith("("):
                    titles[offset] = text
            else:
                break
        label, used = _part_label(list(titles.values()))
        named = list(titles.items())[:used]
        held = frozenset(i for i, text in named if _spaceless(text) in _spaceless(label))
        parts.append(Part(label, segment, held))
    return blocks[:starts[0]], parts


def _spaceless(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


def _title_lines(blocks: list[Block], start: int, end: int) -> bool:
    """Whether the lines from ``start`` up to ``end`` are all short title lines."""
    return all(len(b.text) <= 160 and (is_upper_line(b.text) or b.text.startswith("(")) for b in blocks[start:end + 1])


LABEL_CHARS = 120  # a label heads every path under it: a title over two or three lines still fits


def _title_goes_on(line: str, label: str) -> bool:
    """Whether a title line under an attachment's subtitle continues it: words, not a section heading ("I. …")
    nor a table's header cell ("STT"), and the whole still fits a label."""
    return len(line.split()) >= 2 and not re.match(r"^[IVXLC\d]+[.)]", line) and len(label) + 1 + len(line) <= LABEL_CHARS


def _part_label(titles: list[str]) -> tuple[str, int]:
    """ "Phụ lục II: ĐỀ CƯƠNG BÁO CÁO PHỤC VỤ KIỂM TRA CÔNG TÁC CẢI CÁCH HÀNH CHÍNH NĂM 2026": the marker and the
    title lines under it (without them, two appendices titled "KẾT QUẢ CHỈ SỐ …" over different lines were
    labelled alike), with how many of ``titles`` it is made of."""
    label, used = (titles[0], 1) if titles else ("Phụ lục", 0)
    if len(titles) > 1 and len(label) <= 30:
        label, used = f"{label}: {titles[1]}", 2
        for line in titles[2:]:
            if not _title_goes_on(line, label):
                break
            label, used = f"{label} {line}", used + 1
    return (label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS].rsplit(" ", 1)[0] + "…"), used


def _address_as_one_block(body: list[Block]) -> list[Block]:
    """A letter's "Kính gửi:" line and the addressees listed under it are one clause: apart, the address line
    says nothing and each addressee is a paragraph of the preamble."""
    span = address_span([b.text for b in body])
    if span is None or span[1] - span[0] < 2:
        return body
    start, end = span
    address = Block("\n".join(b.text for b in body[start:end]), page=body[start].page,
                    markup=tuple(span for b in body[start:end] for span in b.markup))
    return [*body[:start], address, *body[end:]]


def _administrative_document(ordinal: int, paragraphs: list[Block], stamps: set[int],
                             provinces: list[str]) -> DetectedDocument:
    facts, body_start, issuer_lines = _title_block(paragraphs, 0, stamps)
    own = [b for i, b in enumerate(paragraphs) if i >= body_start and i not in stamps]
    body, closing, after = _split_closing(own)
    lead, parts = _parts(after)
    body = body + lead
    recipients = read_recipients([b.text for b in body])
    body = _address_as_one_block(body)
    kind = facts.kind or kind_of_number(facts.number) or GENERIC_KIND
    lines = [display_case(line, provinces) if is_upper_line(line) else line for line in facts.subject]
    subject = re.sub(r"[\s_\-–—=*.]{3,}$", "", " ".join(lines)).strip()
    named = display_case(facts.kind_text, provinces) if facts.kind_text else kind.capitalize()  # as the kind line says
    if subject.lower().startswith("v/v"):
        title = subject
    elif subject:
        title = f"{named} {subject[0].lower()}{subject[1:]}" if not subject[:1].islower() else f"{named} {subject}"
    else:
        title = named
    doc = DetectedDocument(ordinal, kind, title, body, parts)
    doc.provenance.update(title="văn bản", kind="văn bản")
    doc.set("number", facts.number, "văn bản")
    doc.set("symbol", facts.symbol, "văn bản")
    doc.set("date", facts.date, "văn bản")
    doc.set("place", facts.place, "văn bản")
    issuer, parent = issuer_from(issuer_lines, provinces)
    doc.set("issuer", issuer, "văn bản (tiêu đề)")
    doc.set("parent_issuer", parent, "văn bản (tiêu đề)")
    if not issuer:
        for block in body[:3]:
            if (match := _ISSUER_IN_BODY.match(block.text)):
                doc.set("issuer", match.group(1), "văn bản")
                break
    doc.set("recipients", recipients, "văn bản")
    signed = read_closing([b.text for b in closing])
    doc.set("signer", signed.signer, "văn bản (chữ ký)")
    if signed.role:
        doc.set("signer_role", ", ".join(signed.role), "văn bản (chữ ký)")
        if not doc.metadata.get("issuer"):
            first = re.sub(r"^(T/M|TM\.)\s*", "", signed.role[0]).strip()
            if re.match(r"^(T/M|TM\.)", signed.role[0]) and first:
                doc.set("issuer", display_case(first, provinces), "văn bản (chữ ký)")
    doc.set("date", signed.signed_on, "văn bản (ngày ký số)")
    doc.set("signing_agency", signed.signing_agency, "văn bản")
    header_lines = {i for i in range(body_start)} | stamps
    doc.left_out += [(paragraphs[i].text, "khối tiêu đề văn bản (số, ngày, cơ quan ban hành: ở thẻ văn bản)")
                     for i in sorted(header_lines) if i < len(paragraphs) and i not in stamps]
    doc.left_out += [(paragraphs[i].text, "dấu văn bản đến") for i in sorted(stamps) if i < len(paragraphs)]
    doc.left_out += [(b.text, "nơi nhận và chữ ký (người ký ở thẻ văn bản)") for b in closing]
    return doc


def _news_document(ordinal: int, cleaned: CleanedText, paragraphs: list[Block],
                   provinces: list[str]) -> DetectedDocument:
    body = list(paragraphs)
    title_source = "văn bản"
    if body and len(body[0].text) <= 200 and not ends_with_terminal(body[0].text) and len(body) > 1:
        title = body.pop(0).text
    else:
        first = body[0].text if body else ""
        title = first[:100].rsplit(" ", 1)[0] + "…" if len(first) > 100 else first
        title_source = "suy luận (câu đầu)"
    author = None
    if body and len(body[-1].text.split()) <= 5 and not ends_with_terminal(body[-1].text):
        author = body.pop().text
    is_news = cleaned.had_web_boilerplate or author is not None or bool(cleaned.page_dates)
    doc = DetectedDocument(ordinal, NEWS_KIND if is_news else GENERIC_KIND, title, body)
    doc.provenance.update(title=title_source, kind="suy luận")
    doc.set("author", author, "văn bản (dòng tác giả)")
    # A stamp printed before the title is the page's own (crawl) date; one after it is the article's.
    for position, line in cleaned.page_dates:
        if position >= 1 and (match := NUMERIC_DATE.search(line)):
            doc.set("date", iso_date(*match.groups()), "văn bản (dòng ngày đăng)")
    if body and (match := _DATELINE.match(body[0].text)):
        doc.set("date", iso_date(*match.groups()), "văn bản (câu mở đầu)")
    province = detect_province(" ".join([title] + [b.text for b in body]), provinces)
    doc.set("province", province, "suy luận (tên tỉnh nhắc nhiều nhất)")
    if province:
        doc.set("level", "tỉnh", "suy luận")
    return doc


# -- what the documents of one file say about each other -------------------------------------------------
def _citations(documents: list[DetectedDocument]) -> list[Citation]:
    found: list[Citation] = []
    for doc in documents:
        for block in doc.body:
            for match in CITATION.finditer(block.text):
                kind = fold(match.group("kind")).replace(" hành động", "")
                issuer = match.group("issuer")
                found.append(Citation(
                    kind, normalise_number(match.group("number")),
                    iso_date(*match.group("date").split("/")), issuer.strip() if issuer else None, doc.ordinal,
                ))
    return found


def _fill_from_citations(documents: list[DetectedDocument]) -> None:
    citations = _citations(documents)
    for doc in documents:
        if doc.kind in (NEWS_KIND, GENERIC_KIND):
            continue
        issuer = fold(doc.metadata.get("issuer") or "")
        candidates = Counter(
            (c.number, c.date, c.issuer) for c in citations
            if c.in_document != doc.ordinal and c.kind == doc.kind and c.issuer and issuer
            and (fold(c.issuer) in issuer or issuer in fold(c.issuer))
        )
        if not candidates:
            continue
        (number, cited_date, cited_issuer), _ = candidates.most_common(1)[0]
        source = "trích dẫn trong văn bản khác cùng tệp"
        doc.set("number", number, source)
        doc.set("date", cited_date, source)
        if cited_issuer and is_upper_line(doc.metadata.get("issuer") or ""):
            doc.metadata["issuer"] = cited_issuer  # same body, written in normal case


def _inherit_from_siblings(documents: list[DetectedDocument]) -> None:
    """A letter whose header lost its agency lines ("Số: /BTP-BTTP" only) takes issuer and place from a document
    of the same file with the same symbol after the number."""
    for doc in documents:
        symbol = doc.metadata.get("symbol")
        if not symbol or doc.metadata.get("issuer"):
            continue
        for sibling in documents:
            number = sibling.metadata.get("number") or ""
            if sibling is not doc and sibling.metadata.get("issuer") and number.endswith(symbol):
                doc.set("issuer", sibling.metadata["issuer"], "suy luận (văn bản cùng tệp, cùng ký hiệu)")
                doc.set("parent_issuer", sibling.metadata.get("parent_issuer"), "suy luận (văn bản cùng tệp)")
                doc.set("place", sibling.metadata.get("place"), "suy luận (văn bản cùng tệp)")
                break


def _level_and_province(documents: list[DetectedDocument], provinces: list[str]) -> None:
    """From the issuer (and its parent); a provincial body that does not name its province ("Ban Thường vụ
    Tỉnh ủy") takes it from the signing agency's stamp, or from the documents of the same file that do."""
    for doc in documents:
        if doc.kind == NEWS_KIND:
            continue
        level, province = level_and_province(doc.metadata.get("issuer"), doc.metadata.get("parent_issuer"), provinces)
        doc.set("level", level, "suy luận (cơ quan ban hành)")
        doc.set("province", province, "cơ quan ban hành")
        agency = doc.metadata.get("signing_agency")
        if doc.metadata.get("level") != NATIONAL and agency:
            doc.set("province", detect_province(agency, provinces), "văn bản (cơ quan ký)")
        if not doc.metadata.get("issuer") and (province := detect_province(doc.title, provinces)):
            # no issuer read at all: a title that names a province ("Kế hoạch … tỉnh Bạc Liêu") says whose it is
            doc.set("province", province, "văn bản (tiêu đề)")
            doc.set("level", "tỉnh", "suy luận (tiêu đề nêu tên tỉnh)")
    known = Counter(d.metadata["province"] for d in documents if d.metadata.get("province") and d.kind != NEWS_KIND)
    for doc in documents:
        issuer = fold(doc.metadata.get("issuer") or "")
        if doc.kind != NEWS_KIND and not doc.metadata.get("province") and known and re.search(r"tỉnh|thành phố", issuer):
            doc.set("level", "tỉnh", "suy luận (cơ quan ban hành)")
            doc.set("province", known.most_common(1)[0][0], "suy luận (văn bản cùng tệp)")
        # "Ban Thường vụ Tỉnh ủy" of a known province is the body's full name with the province.
        province = doc.metadata.get("province")
        if province and issuer and fold(province) not in issuer and re.search(r"(tỉnh|thành) (ủy|uỷ)$", issuer):
            doc.metadata["issuer"] = f"{doc.metadata['issuer']} {province}"


def split_documents(cleaned: CleanedText, provinces: list[str]) -> list[DetectedDocument]:
    """Split a cleaned file into its documents and detect each one's metadata."""
    paragraphs = cleaned.paragraphs
    stamps = _stamps(paragraphs)
    starts = document_starts(paragraphs, stamps)
    if not starts:
        documents = [_news_document(0, cleaned, paragraphs, provinces)]
    else:
        documents = []
        for ordinal, start in enumerate(starts):
            end = starts[ordinal + 1] if ordinal + 1 < len(starts) else len(paragraphs)
            segment_stamps = {i - start for i in stamps if start <= i < end}
            doc = _administrative_document(ordinal, paragraphs[start:end], segment_stamps, provinces)
            if ordinal == 0 and start > 0:
                doc.body = paragraphs[:start] + doc.body  # text before the first header is kept, never lost
            documents.append(doc)
        _fill_from_citations(documents)
        _inherit_from_siblings(documents)
        _level_and_province(documents, provinces)
    return [doc for doc in documents if doc.body or doc.parts]
