"""Quantified targets (chỉ tiêu) read from a clause or a table row at ingest time.

A target is a figure that a document sets for a horizon: "Quy mô kinh tế số đạt tối thiểu 30% GRDP" (≥ 30,
"% GRDP", 2030), a range ("tăng trung bình 16 - 18%/năm"), a count ("tối thiểu có 5 doanh nghiệp") or a rank
("nhóm 3 nước dẫn đầu Đông Nam Á"). One sentence often holds several; each is its own record. The wording
rules (comparators, units, what a number that is not a target looks like) are the Vietnamese administrative
style's, not any one document's. Every record is checked before it is kept: its quote is verbatim in the
clause, and its number and unit are inside the quote; records that fail are counted, never silently kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nghiquyet.core.models import Chunk, Target
from nghiquyet.core.tables import row_cells, to_number
from nghiquyet.core.textnorm import UPPER

TARGETS_VERSION = "3"  # 3: a second header row's labels are cells of their own (core/tables.row_cells)

# Words just before a figure that say how it binds, longest first (matched on lower-cased text).
COMPARATORS: tuple[tuple[str, str], ...] = (
    ("tối thiểu từ", ">="), ("ít nhất từ", ">="), ("không thấp hơn", ">="), ("không dưới", ">="),
    ("tối thiểu", ">="), ("ít nhất", ">="), ("từ", ">="),
    ("không vượt quá", "<="), ("không quá", "<="), ("tối đa", "<="), ("không cao hơn", "<="),
    ("cao hơn", ">"), ("vượt", ">"), ("trên", ">"), ("hơn", ">"),
    ("thấp hơn", "<"), ("dưới", "<"),
    ("trên dưới", "approx"), ("khoảng", "approx"), ("xấp xỉ", "approx"), ("gần", "approx"),
    ("≥", ">="), (">=", ">="), ("≤", "<="), ("<=", "<="), (">", ">"), ("<", "<"), ("~", "approx"), ("≈", "approx"),
)
# Verbs that introduce a target figure; with one of them (or a comparator) a bare number is a target.
TARGET_VERBS = ("đạt", "chiếm", "duy trì", "tăng", "giảm", "phấn đấu", "bảo đảm", "đảm bảo", "có", "thu hút",
                "hoàn thành", "xây dựng", "phát triển", "ở mức", "bằng", "là", "còn", "lên")
# Words that, right before a number, make it a name or a date rather than a figure.
NOT_A_FIGURE_BEFORE = ("năm", "số", "ngày", "tháng", "khóa", "khoá", "điều", "khoản", "điểm", "mục", "giai đoạn",
                       "phụ lục", "thứ", "trang", "tr.", "đợt", "kỳ", "quý", "lần thứ", "phần", "chương", "bước",
                       "tuần", "tổ", "ấp", "khu phố", "phòng", "lô", "thôn", "bản", "đường", "quốc lộ", "tỉnh lộ")
# Units that are counted things; the longest that follows a number is its unit.
MEASURE_NOUNS = (
    "nghìn tỷ đồng", "tỷ đồng", "triệu đồng", "nghìn đồng", "triệu USD", "tỷ USD", "USD", "đồng",
    "doanh nghiệp", "tổ chức", "hợp tác xã", "hộ kinh doanh", "hộ gia đình", "hộ", "người", "lượt người", "lượt",
    "lần", "sản phẩm", "dự án", "nhiệm vụ", "đề tài", "sáng chế", "công trình", "cơ sở", "trường", "xã", "phường",
    "huyện", "tỉnh", "thôn", "ấp", "km", "ha", "héc-ta", "m2", "tấn", "MW", "kWh", "giờ", "ngày", "tháng", "năm",
    "học viên", "sinh viên", "cán bộ", "công chức", "viên chức", "hồ sơ", "thủ tục", "dịch vụ", "trạm", "mô hình",
    "chương trình", "cuộc", "lớp", "bài", "tin", "điểm", "cơ sở dữ liệu", "nền tảng", "ứng dụng", "trung tâm",
    "phòng thí nghiệm", "chuyên gia", "nhà khoa học", "công bố", "bằng", "văn bằng", "đơn", "tài khoản", "thuê bao",
)
RANK_NOUNS = ("nước", "quốc gia", "tỉnh", "tỉnh, thành phố", "địa phương", "nền kinh tế", "trường", "doanh nghiệp")

_NUMBER = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_FIGURE = re.compile(rf"(?<![\w/.,\-–])({_NUMBER})(?:\s*(?:-|–|đến)\s*({_NUMBER}))?(?![\w/]|[.,]\d|-\d)")
_PERCENT = re.compile(r"\s*%(\s*/\s*năm|\s+(?:GDP|GRDP|GNI|NSNN)\b)?")
_PER_POPULATION = re.compile(r"\s+(\w+(?: \w+)?) (?:trên|/) ?(?:một |1 )?(vạn|nghìn|triệu|trăm nghìn) (dân|người)\b")
_RANK = re.compile(rf"\bnhóm\s+({_NUMBER})\s+({'|'.join(re.escape(n) for n in RANK_NOUNS)})\b")
_SEGMENT_END = re.compile(rf";\s+|\.\s+(?=[{UPPER}(\-–•]|[a-zđ]\)\s)|\n+")
_HORIZON_WORDS = re.compile(r"(?:\b(?:phấn đấu|mục tiêu)\s+)?\b(?:đến|tới|vào|trước|đến hết|hết)\s+(?:năm\s+)?20\d\d\b"
                            r"|\bgiai đoạn\s+20\d\d\s*[-–]\s*20\d\d\b|\bnăm\s+20\d\d\b", re.IGNORECASE)
_YEAR_IN_TEXT = re.compile(r"\b(?:đến|tới|vào|trước|trong|đến hết|hết)\s+(?:năm\s+)?(20\d\d)\b"
                           r"|\bgiai đoạn\s+20\d\d\s*[-–]\s*(20\d\d)\b|\bnăm\s+(20\d\d)\b")
_LEAD = re.compile(r"^(?:[-–•+*]\s*|\(?\d{1,2}[.)]\s+|\([a-zđ0-9]{1,3}\)\s*|[a-zđ][)]\s+)+")
_TRAILING_LINKS = re.compile(r"(?:\s|,|:)*(?:\b(?:đạt|ở mức|chiếm|là|có|duy trì|tăng trung bình|tăng|giảm|bằng|"
                             r"còn|lên|thuộc|trong đó|phấn đấu|bảo đảm|đảm bảo|đạt mức|đạt được|bình quân|"
                             r"trung bình|thêm|mỗi năm|hằng năm|hàng năm|và|với)\b(?:\s|,|:)*)*$", re.IGNORECASE)


@dataclass(frozen=True)
class Extraction:
    """What one chunk yields: the targets that passed the checks, and how many did not."""

    targets: list[Target]
    dropped: int


def _years(text: str) -> list[int]:
    return [int(y) for match in _YEAR_IN_TEXT.finditer(text) for y in match.groups() if y]


def horizon(text: str, heading_path: list[str], title: str | None, lead_in: int | None = None) -> int | None:
    """The year a target is set for: stated in its own part of the sentence, else in the sentence's lead-in
    ("Đến năm 2030: a; b; c"), else in the nearest heading, else the title."""
    stated = _years(text)
    if stated:
        return stated[0]
    if lead_in is not None:
        return lead_in
    for where in [*reversed(heading_path), title or ""]:
        years = _years(where)
        if years:
            return max(years)
    return None


def _comparator(before: str) -> tuple[str, int]:
    """The comparator written just before a figure, and how many characters of ``before`` it takes."""
    lowered = before.lower().rstrip()
    for words, sign in sorted(COMPARATORS, key=lambda pair: len(pair[0]), reverse=True):
        for tail in (words, words + " có", words + " là", words + " đạt"):
            symbol = not words[0].isalpha()
            if lowered.endswith(" " + tail) or lowered == tail or (symbol and lowered.endswith(tail)):
                return sign, len(before.rstrip()) - len(tail)
    return "=", len(before.rstrip())


def _unit_after(text: str, end: int) -> tuple[str, int]:
    """The unit right after a figure, and where it ends: '%', '% GDP', '%/năm', 'người/vạn dân', a counted noun."""
    percent = _PERCENT.match(text, end)
    if percent:
        tail = re.sub(r"\s+", " ", (percent.group(1) or "")).strip()
        return ("%" + ("/năm" if tail.replace(" ", "") == "/năm" else (" " + tail if tail else ""))), percent.end()
    per = _PER_POPULATION.match(text, end)
    if per:
        return f"{per.group(1)}/{per.group(2)} {per.group(3)}", per.end()
    rest = text[end:]
    lowered = rest.lower()
    for noun in sorted(MEASURE_NOUNS, key=len, reverse=True):
        if re.match(rf"\s+{re.escape(noun.lower())}(?![\w])", lowered):
            taken = len(rest) - len(rest.lstrip()) + len(noun)
            if noun == "tổ chức" and re.match(r"\s*, doanh nghiệp", rest[taken:]):
                taken += len(re.match(r"\s*, doanh nghiệp", rest[taken:]).group(0))
            return rest[:taken].strip(), end + taken
    return "", end


def _is_name_or_date(segment: str, start: int, number: str) -> bool:
    before = segment[:start].lower().rstrip()
    if any(before.endswith(" " + word) or before == word for word in NOT_A_FIGURE_BEFORE):
        return True
    value = to_number(number)
    return "," not in number and value.is_integer() and 1900 <= value <= 2100


def _has_target_word(before: str) -> bool:
    lowered = " " + before.lower()
    return any(f" {verb}" in lowered[-40:] for verb in TARGET_VERBS)


def _indicator(text: str, last_clause: bool = True) -> str:
    """The words that name what is measured, without list markers and the verbs that lead to the figure."""
    cleaned = _HORIZON_WORDS.sub(" ", text)  # the year is a field of its own
    if ":" in cleaned and len(cleaned.rsplit(":", 1)[1].split()) >= 1:
        cleaned = cleaned.rsplit(":", 1)[1]  # "Về ngân sách: Bố trí …": the heading word is not the indicator
    cleaned = re.sub(r"^\s*(?:theo|căn cứ)\s[^,]+,\s*", "", cleaned, flags=re.IGNORECASE)  # "Theo Quyết định …, "
    cleaned = _LEAD.sub("", cleaned.strip(" ,;:.")).strip()
    cleaned = re.sub(r"^(?:trong đó|theo đó|đồng thời|và)\b[\s,:]*", "", cleaned, flags=re.IGNORECASE)
    cleaned = _TRAILING_LINKS.sub("", cleaned).strip(" ,;:.")
    words = cleaned.split()
    if last_clause and len(words) > 15 and ", " in cleaned:  # a long sentence: the last clause names the figure
        last = cleaned.rsplit(", ", 1)[1]
        cleaned = last if len(last.split()) >= 3 else cleaned
    return cleaned


def _capitalised(text: str, limit: int = 120) -> str:
    text = re.sub(r"\s+", " ", text).strip(" ,;:.")
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:") + " …"
    return text[:1].upper() + text[1:]


def _figures(segment: str) -> list[dict]:
    """Every figure in one segment, in order, with its value span, comparator, number(s) and unit."""
    found: list[dict] = []
    taken: list[tuple[int, int]] = []
    for match in _RANK.finditer(segment):
        found.append({"start": match.start(), "comparator": "rank",
                      "number": to_number(match.group(1)), "number_max": None, "number_text": match.group(1),
                      "unit": f"nhóm {match.group(2)}", "value_end": _rank_value_end(segment, match.end())})
        taken.append((match.start(), match.end()))
    for match in _FIGURE.finditer(segment):
        if any(a <= match.start() < b for a, b in taken) or _is_name_or_date(segment, match.start(), match.group(1)):
            continue
        unit, unit_end = _unit_after(segment, match.end())
        comparator, value_start = _comparator(segment[:match.start()])
        if not unit and comparator == "=":
            continue  # a bare number with neither unit nor comparator is not a target ("3 nhóm giải pháp")
        if unit and comparator == "=" and unit[0] != "%" and not _has_target_word(segment[:match.start()]):
            continue  # "5 doanh nghiệp" told as a fact, not set as a target
        if match.group(2):
            comparator = "range"
        found.append({"start": value_start, "comparator": comparator,
                      "number": to_number(match.group(1)),
                      "number_max": to_number(match.group(2)) if match.group(2) else None,
                      "number_text": match.group(1), "unit": unit, "value_end": unit_end})
    return sorted(found, key=lambda f: f["start"])


def _rank_value_end(segment: str, end: int) -> int:
    """'nhóm 3 nước' + 'dẫn đầu Đông Nam Á': the value runs to the next comma, 'về' or the segment's end."""
    return end + re.search(r",|\s+về\s|\s+trong\s|$", segment[end:]).start()


def _segments(text: str) -> list[str]:
    return [piece.strip() for piece in _SEGMENT_END.split(text) if piece and piece.strip()]


_PAST = re.compile(r"\b(?:đã|đạt được|tăng được|hoàn thành được)\b", re.IGNORECASE)


_INDICATOR_HEADER = re.compile(r"chỉ tiêu|nội dung|tên|mục tiêu cụ thể|nhiệm vụ|lĩnh vực", re.IGNORECASE)
_UNIT_HEADER = re.compile(r"đơn vị|đvt", re.IGNORECASE)
_VALUE_HEADER = re.compile(r"kết quả|mục tiêu|giá trị|chỉ tiêu đến|năm\s+20\d\d|đến năm|giai đoạn|kế hoạch|phấn đấu",
                           re.IGNORECASE)
_CELL_FIGURE = re.compile(rf"({_NUMBER})\s*%?(?:\s*(?:-|–|đến)\s*({_NUMBER}))?")


def table_group_year(row: str) -> int | None:
    """The year of a table's row group: a row that names only a horizon ("TT: I | Chỉ tiêu: Đến năm 2030")."""
    years = _years(row)
    if not years:
        return None
    rest = re.sub(r"\b(?:S?TT)\s*:\s*[\w.]+", " ", _HORIZON_WORDS.sub(" ", row))
    return years[0] if not re.search(r"\d", rest) else None


def table_row_targets(chunk: Chunk, title: str | None, issued_year: int | None,
                      context_year: int | None) -> Extraction:
    """Targets of one table row: the indicator from its 'Chỉ tiêu' (or 'Nội dung') cell, the unit from its
    'Đơn vị' cell, each figure of a 'Kết quả' / 'Mục tiêu' / 'Năm 2030' cell its own target; the year from
    that column's header, else the row group above it ("Đến năm 2030"), else the headings and title."""
    cells = row_cells(chunk.text, chunk.table or "")
    indicator = next((text for header, text in cells if _INDICATOR_HEADER.search(header)
                      and not _VALUE_HEADER.search(header)), "")
    unit_cell = next((text for header, text in cells if _UNIT_HEADER.search(header)), "")
    if not indicator:
        return Extraction([], 0)
    found: list[Target] = []
    dropped = 0
    for header, text in cells:
        if not _VALUE_HEADER.search(header) or text == indicator:
            continue
        header_years = _years(header) or [int(y) for y in re.findall(r"\b(20\d\d)\b", header)]
        year = header_years[-1] if header_years else context_year or horizon("", chunk.heading_path, title)
        if year is None or (issued_year is not None and year < issued_year):
            continue
        for piece in (p.strip() for p in re.split(r";\s*", text) if p.strip()):
            match = _CELL_FIGURE.search(piece)
            if not match:
                continue
            comparator = "range" if match.group(2) else _comparator(piece[:match.start()])[0]
            if not (unit_cell or "%" in piece or comparator != "="):
                continue  # a bare number with no unit anywhere is not a figure to compare
            unit = "%" if "%" in piece[match.end():match.end() + 2] else unit_cell
            target = Target(indicator=_capitalised(indicator), value=piece, comparator=comparator,
                            number=to_number(match.group(1)),
                            number_max=to_number(match.group(2)) if match.group(2) else None,
                            unit=unit, year=year, quote=chunk.text)
            if _checked(target, chunk.text, match.group(1)):
                found.append(target)
            else:
                dropped += 1
    return Extraction(found, dropped)


def extract_targets(chunk: Chunk, title: str | None, issued: str | None = None,
                    context_year: int | None = None) -> Extraction:
    """The targets a clause or table row states. Outlines and document cards repeat clauses: they yield none.
    A figure for a year before the document was issued (``issued``: its ISO date) is a result, not a target;
    so is one told in the past tense ("đã đạt 90%") for the year of issue or before."""
    issued_year = int(issued[:4]) if issued and issued[:4].isdigit() else None
    if chunk.table:
        return table_row_targets(chunk, title, issued_year, context_year)
    if chunk.kind in ("outline", "card") or "orders" in chunk.flags:
        return Extraction([], 0)
    targets: list[Target] = []
    dropped = 0
    lead_in: int | None = None
    for segment in _segments(chunk.text):
        figures = _figures(segment)
        year = horizon(segment, chunk.heading_path, title, lead_in)
        lead_in = (_years(segment) or [lead_in])[0]
        if not figures or year is None:
            continue
        if issued_year is not None and (year < issued_year or (year == issued_year and _PAST.search(segment))):
            continue
        previous_end = 0
        previous_indicator = ""
        figure_first = False
        for number, figure in enumerate(figures):
            lead = _indicator(segment[previous_end:figure["start"]])
            if figure["comparator"] == "rank":
                about = re.search(r"\bvề\s+([^,;]+)", segment[figure["value_end"]:])
                lead = _indicator(about.group(1)) if about else lead
            if len(lead.split()) < 3 or figure_first:
                # the figure comes first ("Tối thiểu có 5 doanh nghiệp công nghệ số …", "Bố trí ít nhất 3% tổng
                # chi ngân sách …", "95% chất thải … và 85% chất thải …"): what it measures follows it
                figure_first = True
                following = figures[number + 1]["start"] if number + 1 < len(figures) else len(segment)
                after = _indicator(segment[figure["value_end"]:following], last_clause=False)
                lead = "" if number and len(lead.split()) >= 3 else lead  # a later figure: only what follows
                counted = "" if figure["unit"].startswith("%") or figure["comparator"] == "rank" else figure["unit"]
                lead = " ".join(part for part in (lead, counted, after) if part) or previous_indicator
            lead = _capitalised(lead or segment[figure["start"]:figure["value_end"]])  # a rank names itself
            value = segment[figure["start"]:figure["value_end"]].strip(" ,;")
            target = Target(indicator=lead, value=value, comparator=figure["comparator"], number=figure["number"],
                            number_max=figure["number_max"], unit=figure["unit"], year=year, quote=segment)
            if _checked(target, chunk.text, figure["number_text"]):
                targets.append(target)
            else:
                dropped += 1
            previous_end = figure["value_end"]
            previous_indicator = lead
    return Extraction(targets, dropped)


def _checked(target: Target, text: str, number_text: str) -> bool:
    """A record is kept only if its quote is verbatim in the clause and its number and unit are in the quote."""
    return (bool(target.indicator) and target.quote in text and number_text in target.quote
            and target.value in target.quote and all(word in target.quote for word in re.split(r"[\s/,]+", target.unit)
                                                     if word))
