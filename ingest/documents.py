"""Find the documents inside one cleaned source file and detect their metadata.

A file may hold several documents (a PDF bundle): they are split at their title blocks (a line that is
only a document kind in capitals: NGHỊ QUYẾT, CHƯƠNG TRÌNH, HƯỚNG DẪN, ...). Incoming-mail stamps
("VĂN BẢN ĐẾN ... Số: 22/2024") are removed and never read as document numbers. Closing blocks
("Nơi nhận", signature) leave the searchable text; the signer stays as metadata. A number or date the
document does not state itself is taken from how another document in the same file cites it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from nghiquyet.core.lexicon import (
    CITATION,
    CLOSING_START,
    GENERIC_KIND,
    NATIONAL,
    NEWS_KIND,
    NUMERIC_DATE,
    OWN_NUMBER,
    SIGN_ROLE_PREFIX,
    STAMP_FIELD,
    STAMP_START,
    VERBAL_DATE,
    detect_province,
    kind_of_title_line,
    level_of_issuer,
    normalise_number,
)
from nghiquyet.core.textnorm import fold, is_upper_line
from nghiquyet.ingest.clean import CleanedText, ends_with_terminal

_SIGN_DATE = re.compile(r"Ngày ký\s*:\s*(\d{1,2})[-/](\d{1,2})[-/](\d{4})", re.I)
_SIGN_AGENCY = re.compile(r"^Cơ quan\s*:\s*(.+)$", re.I)
_DATELINE = re.compile(r"^(?:(?:Sáng|Chiều|Tối|Trưa|Đêm)\s+)?(?:(?:hôm\s+)?ngày\s+)?(\d{1,2})/(\d{1,2})/(\d{4})\b", re.I)
_ISSUER_IN_BODY = re.compile(
    r"^((?:Ban|Bộ|Sở|Ủy ban|Uỷ ban|UBND|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|Hội đồng|Chính phủ|Thủ tướng|"
    r"Thường trực)[^,.;:]{0,80}?)\s+(?:ban hành|hướng dẫn|quyết định|yêu cầu|chỉ thị)\b"
)
_PERSON_NAME = re.compile(r"^([A-ZĐÀ-Ỹ][\wÀ-ỹ]+)(\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]+){1,4}$")


@dataclass
class DetectedDocument:
    """A document found in a file: its metadata (with provenance) and its body paragraphs."""

    ordinal: int
    kind: str
    title: str
    body: list[str]
    metadata: dict[str, str | None] = field(default_factory=dict)
    provenance: dict[str, str] = field(default_factory=dict)
    outline_hint: list[str] = field(default_factory=list)

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


def _iso(day: str, month: str, year: str) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return None


def _skip_stamp(paragraphs: list[str], start: int) -> int:
    """If a mail stamp starts at ``start`` (or its agency line does), return the index after it."""
    index = start
    if index + 1 < len(paragraphs) and is_upper_line(paragraphs[index]) and STAMP_START.search(paragraphs[index + 1]):
        index += 1
    if index < len(paragraphs) and STAMP_START.search(paragraphs[index]):
        index += 1
        while index < len(paragraphs) and STAMP_FIELD.match(paragraphs[index]):
            index += 1
        return index
    return start


def _parse_title_block(paragraphs: list[str], start: int) -> tuple[str | None, list[str], int]:
    """Read the issuer ("CỦA ...") and subject lines after a kind line; return where the body starts."""
    issuer: str | None = None
    subject: list[str] = []
    index = start
    while index < len(paragraphs):
        after_stamp = _skip_stamp(paragraphs, index)
        if after_stamp != index:
            index = after_stamp
            continue
        line = paragraphs[index]
        if is_upper_line(line) and fold(line).startswith("của "):
            issuer = line[4:].strip()
        elif line[:1].islower():
            subject.append(line)
        elif not subject and not ends_with_terminal(line) and len(line) > 20 and not is_upper_line(line):
            subject.append(line)
        else:
            break
        index += 1
    return issuer, subject, index


def _split_closing(body: list[str]) -> tuple[list[str], list[str]]:
    for index, line in enumerate(body):
        if CLOSING_START.match(line) and index > 0:
            return body[:index], body[index:]
    return body, []


def _parse_closing(closing: list[str], doc: DetectedDocument, provinces: list[str]) -> None:
    role_lines: list[str] = []
    for line in closing:
        if (match := _SIGN_DATE.search(line)):
            doc.set("date", _iso(*match.groups()), "văn bản (ngày ký số)")
        elif (match := _SIGN_AGENCY.match(line)):
            doc.set("signing_agency", match.group(1).strip(), "văn bản")
        elif is_upper_line(line) and (len(line.split()) >= 2 or SIGN_ROLE_PREFIX.match(line)):
            if not fold(line).startswith("nơi nhận"):
                role_lines.append(line)
    names = [line for line in closing if _PERSON_NAME.match(line) and not is_upper_line(line)]
    if names:
        doc.set("signer", names[-1], "văn bản (chữ ký)")
    if role_lines:
        doc.set("signer_role", ", ".join(role_lines), "văn bản (chữ ký)")
        first = SIGN_ROLE_PREFIX.sub("", role_lines[0]).strip()
        if fold(role_lines[0]).startswith(("t/m", "tm.")) and first:
            doc.set("issuer", first, "văn bản (chữ ký)")
    agency = doc.metadata.get("signing_agency")
    if agency:
        doc.set("province", detect_province(agency, provinces), "văn bản (cơ quan ký)")


def _administrative_document(ordinal: int, kind: str, header: list[str], paragraphs: list[str],
                             provinces: list[str]) -> DetectedDocument:
    issuer_caps, subject, body_start = _parse_title_block(paragraphs, 1)
    body, closing = _split_closing(paragraphs[body_start:])
    subject_text = " ".join(subject)
    title = kind.capitalize()
    if subject_text:
        title = f"{title} {subject_text[0].lower()}{subject_text[1:]}" if not subject_text[:1].islower() else f"{title} {subject_text}"
    doc = DetectedDocument(ordinal, kind, title, body)
    doc.provenance["title"] = "văn bản"
    doc.provenance["kind"] = "văn bản"
    for line in header:
        if (match := OWN_NUMBER.match(line)):
            doc.set("number", normalise_number(match.group(1)), "văn bản")
        if (match := VERBAL_DATE.search(line)):
            doc.set("date", _iso(*match.groups()), "văn bản")
    for line in body[:3]:
        if (match := _ISSUER_IN_BODY.match(line)):
            doc.set("issuer", match.group(1), "văn bản")
            break
    if issuer_caps:
        doc.set("issuer", issuer_caps, "văn bản (tiêu đề)")
    _parse_closing(closing, doc, provinces)
    return doc


def _news_document(ordinal: int, cleaned: CleanedText, paragraphs: list[str],
                   provinces: list[str]) -> DetectedDocument:
    body = list(paragraphs)
    title_source = "văn bản"
    if body and len(body[0]) <= 200 and not ends_with_terminal(body[0]) and len(body) > 1:
        title = body.pop(0)
    else:
        first = body[0] if body else ""
        title = first[:100].rsplit(" ", 1)[0] + "…" if len(first) > 100 else first
        title_source = "suy luận (câu đầu)"
    author = None
    if body and len(body[-1].split()) <= 5 and not ends_with_terminal(body[-1]):
        author = body.pop()
    is_news = cleaned.had_web_boilerplate or author is not None or bool(cleaned.page_dates)
    doc = DetectedDocument(ordinal, NEWS_KIND if is_news else GENERIC_KIND, title, body)
    doc.provenance.update(title=title_source, kind="suy luận")
    doc.set("author", author, "văn bản (dòng tác giả)")
    # A stamp printed before the title is the page's own (crawl) date; one after it is the article's.
    for position, line in cleaned.page_dates:
        if position >= 1 and (match := NUMERIC_DATE.search(line)):
            doc.set("date", _iso(*match.groups()), "văn bản (dòng ngày đăng)")
    if body and (match := _DATELINE.match(body[0])):
        doc.set("date", _iso(*match.groups()), "văn bản (câu mở đầu)")
    province = detect_province(" ".join([title] + body), provinces)
    doc.set("province", province, "suy luận (tên tỉnh nhắc nhiều nhất)")
    if province:
        doc.set("level", "tỉnh", "suy luận")
    return doc


def _citations(documents: list[DetectedDocument]) -> list[Citation]:
    found: list[Citation] = []
    for doc in documents:
        for paragraph in doc.body:
            for match in CITATION.finditer(paragraph):
                kind = fold(match.group("kind")).replace(" hành động", "")
                issuer = match.group("issuer")
                found.append(Citation(
                    kind, normalise_number(match.group("number")),
                    _iso(*match.group("date").split("/")), issuer.strip() if issuer else None, doc.ordinal,
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


def _finish(doc: DetectedDocument, provinces: list[str]) -> None:
    issuer = doc.metadata.get("issuer")
    if issuer:
        doc.set("level", level_of_issuer(issuer), "suy luận (cơ quan ban hành)")
    if doc.metadata.get("level") is None and (province := detect_province(doc.title, provinces)):
        doc.set("province", province, "văn bản (tiêu đề)")
        doc.set("level", "tỉnh", "suy luận (tiêu đề nêu tên tỉnh)")
    if doc.metadata.get("level") not in (None, NATIONAL):
        doc.set("province", detect_province(" ".join(doc.body), provinces), "suy luận (tên tỉnh nhắc nhiều nhất)")


def split_documents(cleaned: CleanedText, provinces: list[str]) -> list[DetectedDocument]:
    """Split a cleaned file into its documents and detect each one's metadata."""
    paragraphs = cleaned.paragraphs
    starts = [i for i, line in enumerate(paragraphs) if kind_of_title_line(line)]
    if not starts:
        documents = [_news_document(0, cleaned, paragraphs, provinces)]
    else:
        documents = []
        preface = paragraphs[: starts[0]]
        for ordinal, start in enumerate(starts):
            end = starts[ordinal + 1] if ordinal + 1 < len(starts) else len(paragraphs)
            header = preface if ordinal == 0 else []
            kind = kind_of_title_line(paragraphs[start]) or GENERIC_KIND
            documents.append(_administrative_document(ordinal, kind, header, paragraphs[start:end], provinces))
        _fill_from_citations(documents)
    for doc in documents:
        _finish(doc, provinces)
    return [doc for doc in documents if doc.body]
