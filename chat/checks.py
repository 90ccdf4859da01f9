"""The facts the code owns: which sources an answer cites, and whether its figures are supported.

A figure (percentage, count, year, date, money) is supported when it occurs in the cited evidence with
the same qualifier ("tối thiểu", "trên"…) and the same base (GDP vs GRDP). A model that writes "30% GDP"
from a clause that says "30% GRDP" fails, and its answer is replaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nghiquyet.core.lexicon import (
    KINDS,
    PERIOD_GOES_ON,
    ROLE_TITLE,
    Figure,
    asked_role,
    cited_numbers,
    english_bodies,
    figures,
    holds_role,
    person_names,
)
from nghiquyet.core.textnorm import (
    LOWER,
    UPPER,
    fold,
    is_year,
    normalize,
    sentences,
    years_in,
)
from nghiquyet.index.query import Query
from nghiquyet.index.tokenizer import tokenize


@dataclass
class CheckResult:
    ok: bool
    cited: list[int]
    dropped: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    invented: bool = False  # a figure occurs nowhere in the evidence (not just a wrong qualifier or base)


_LOCATOR = r"\b(?:đoạn|dòng|tr\.)\s*\d+(?:–\d+)?"  # the paragraph or page a locator names ("đoạn 2", "tr. 12")
_HEADING_MARKER = r"\(?\d+(?:\.\d+)*[.)]|[IVXLC]+\."  # a heading's list marker ("2.", "(3)", "IV.")
_NOT_DOCUMENT_WORDS = re.compile(rf"^\[\d+\]|{_LOCATOR}|(?:^|(?<=› ))(?:{_HEADING_MARKER})\s")


# Numbers in an answer that state nothing: a list marker opening a line ("1. 2% GDP"), a locator or a heading's marker
# copied from the evidence ("… — đoạn 2", "› 4."). Read as figures, they had correct answers thrown out.
_NOT_CLAIMS = re.compile(rf"(?m)^[^\S\n]*[-–•*]?[^\S\n]*\(?\d{{1,2}}[.)](?=\s|$)"
                         rf"|{_LOCATOR}|(?<=› )(?:{_HEADING_MARKER})")


def checked_question(query: Query) -> str:
    """The question as the checks read it: an English question with its terms in the documents' words ("kinh tế
    số"), so that which evidence sentence is about it can be told (in English words alone, none was)."""
    return f"{query.text} ({query.translated})" if query.translated else query.text


def claimed_figures(answer: str) -> list[Figure]:
    """The figures an answer states, list markers, locators and heading markers aside."""
    return figures(_NOT_CLAIMS.sub(" ", answer))


def header_words(block: str) -> str:
    """The document's own words in an evidence block's header line: its title and number, its headings; not
    the evidence number, the paragraph or page a locator names, nor a heading's list marker ("› 2. …")."""
    header = block.split("\n", 1)[0] if "\n" in block else ""
    return _NOT_DOCUMENT_WORDS.sub(" ", header)


def _supported(figure: Figure, evidence: list[str]) -> str | None:
    """None when ``figure`` is backed by ``evidence``, else the reason it is not."""
    bodies = [block.split("\n", 1)[-1] for block in evidence]
    occurrences = [f for text in bodies for f in figures(text) if f.value == figure.value]
    if not occurrences:
        # The header is the document's words too: its number ("Công văn số 3917/BTP-BTTP"), a heading's figure
        # ("Sau hơn 13 năm thực hiện…", "PHỤ LỤC 2"); a year may sit in a range ("2021-2025").
        occurrences = [f for block in evidence for f in figures(header_words(block)) if f.value == figure.value]
        if not occurrences and is_year(figure.value) and any(figure.value in normalize(t) for t in evidence):
            occurrences = [Figure(figure.value, None, None, figure.value)]
        if not occurrences:
            return f"con số “{figure.text}” không có trong đoạn trích được dẫn"
    if figure.base and all(o.base and o.base != figure.base for o in occurrences):
        return f"“{figure.text}” sai đơn vị: đoạn trích ghi {occurrences[0].base}"
    wanted = {o.qualifier for o in occurrences}
    if None not in wanted and figure.qualifier not in wanted:
        return f"“{figure.text}” thiếu hoặc sai từ định lượng so với đoạn trích (“{occurrences[0].text}”)"
    return None


RELEVANCE_RATIO = 0.5


def _relevance(sentence: str, question_tokens: set[str]) -> int:
    return len(question_tokens & set(tokenize(sentence)))


def off_topic_figures(answer: str, evidence: list[str], question: str) -> list[str]:
    """Figures the answer takes from a sentence that is much less about the question than the best
    figure-bearing sentence ("trên 55%" from the TFP sentence, asked about the digital economy)."""
    words = set(tokenize(question))
    pieces = [s for block in evidence for s in sentences(block)]
    with_figures = [(s, {f.value for f in figures(s)}) for s in pieces]
    scored = [(_relevance(s, words), values) for s, values in with_figures if values]
    if not scored:
        return []
    best = max(score for score, _ in scored)
    problems = []
    given = {f.value for f in figures(question)}  # "… theo Nghị quyết 57 …": the question's number, not a claim
    for figure in claimed_figures(answer):
        if figure.value in given:
            continue
        holders = [score for score, values in scored if figure.value in values]
        if holders and best > 0 and max(holders) < RELEVANCE_RATIO * best:
            problems.append(f"con số “{figure.text}” lấy từ câu không nói về điều được hỏi")
    return problems


def wrong_year_figures(answer: str, evidence: list[str], question: str) -> list[str]:
    """Figures taken only from sections about another target year than the one asked about
    ("50% GDP" from "Tầm nhìn đến năm 2045" for a question about 2030)."""
    asked = years_in(question)
    if not asked:
        return []
    problems = []
    for figure in claimed_figures(answer):
        if is_year(figure.value):
            continue
        holders = [block for block in evidence if any(f.value == figure.value and (not figure.base or f.base == figure.base)
                                                      for f in figures(block))]
        headers = [years_in(block.split("\n", 1)[0]) for block in holders]
        if headers and all(years and not (years & asked) for years in headers):
            problems.append(f"“{figure.text}” là chỉ tiêu của năm {', '.join(sorted(headers[0]))}, "
                            f"câu hỏi hỏi năm {', '.join(sorted(asked))}")
    return problems


_NAME = re.compile(rf"(?<![\w])([{UPPER}][{LOWER}]+(?:\s+[{UPPER}][{LOWER}]+){{1,3}})(?![\w])")


# Text before a word that leaves it at the start of a sentence, a line or a list item. Not textnorm's sentence
# split on purpose: a capital after ":" is grammar too, although a colon does not end a sentence to be quoted.
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n])[\s\-–•*\d.)\]\[]*$")


def unknown_names(answer: str, evidence: list[str], question: str | None) -> list[str]:
    """Capitalised names (people, bodies, places) in the answer that occur neither in the evidence nor in
    the question: a model that makes up "Nguyễn Văn Trung" as the head of a committee fails."""
    known = fold(" ".join(evidence) + " " + (question or ""))
    for english, _ in english_bodies(answer):  # checked in the documents' words (unknown_english_bodies)
        answer = answer.replace(english, " " * len(english))
    names = []
    for match in _NAME.finditer(answer):
        name = match.group(1)
        if _SENTENCE_START.search(answer[:match.start()]):  # "Trong Phụ lục 2 …": the first word is capitalised
            name = name.split(" ", 1)[1]                      # because it starts the sentence
            if " " not in name:
                continue
        names.append(name)
    return [f"tên “{name}” không có trong đoạn trích" for name in dict.fromkeys(names) if fold(name) not in known]


_ABBREVIATION_IN_BRACKETS = re.compile(r"\(([^\W\d_][\w&.-]{1,11})\)")
ABBREVIATION_BOUND_WORDS = 3  # the words before "(SOC)" that it abbreviates, as far as a check needs to read them


def misbound_abbreviations(answer: str, evidence: list[str]) -> list[str]:
    """An abbreviation in brackets put after words that the evidence abbreviates otherwise: "Trung tâm kiểm soát an
    toàn thông tin mạng tỉnh (IOC)" where the clause says "(SOC)", and "IOC" is another centre's. Both names are in
    the evidence, so no name check sees it; the words before the brackets are read where the evidence has them."""
    known = fold(" ".join(evidence))
    problems = []
    for match in _ABBREVIATION_IN_BRACKETS.finditer(answer):
        abbreviation = match.group(1)
        if sum(ch.isupper() for ch in abbreviation) < 2:
            continue
        words = re.findall(r"\w+", fold(answer[:match.start()]))[-ABBREVIATION_BOUND_WORDS:]
        if len(words) < ABBREVIATION_BOUND_WORDS:
            continue
        bound = re.findall(r"\b" + r"\W+".join(map(re.escape, words)) + r"\s*\(([^()]{1,15})\)", known)
        if bound and fold(abbreviation) not in {fold(b) for b in bound}:
            problems.append(f"“{abbreviation}” không phải tên viết tắt mà đoạn trích dùng cho “{' '.join(words)}” "
                            f"({', '.join(dict.fromkeys(b.upper() for b in bound))})")
    return problems


_PERIOD = re.compile(r"(?:19|20)\d{2}(?:-(?:19|20)\d{2})?")


def cut_periods(answer: str, evidence: list[str]) -> list[str]:
    """A period or year the answer gives where every clause that states it goes on to a horizon the answer leaves out
    ("giai đoạn 2021-2025" for "giai đoạn 2021-2025, định hướng đến năm 2030"): faithful to the clause, and half of
    what it says."""
    text = "\n".join(evidence)
    said = years_in(answer)
    problems = []
    for figure in figures(answer):
        if not _PERIOD.fullmatch(figure.value):
            continue
        written = r"\s*[-–]\s*".join(map(re.escape, figure.value.split("-")))
        horizons = [PERIOD_GOES_ON.match(text[m.end():]) for m in re.finditer(rf"(?<!\d){written}(?!\d)", text)]
        if horizons and all(horizons) and not {h.group(1) for h in horizons if h} & said:
            problems.append(f"“{figure.text}” trong văn bản còn đi tiếp: “{horizons[0].group(0).strip(' ,;')}”")
    return problems


def unknown_english_bodies(answer: str, evidence: list[str], question: str | None) -> list[str]:
    """Central bodies an English answer names ("the Ministry of Defense") whose Vietnamese names ("Bộ Quốc
    phòng") occur neither in the evidence nor in the question: translated names escape the capitalised-name
    check, so a made-up ministry would pass."""
    known = fold(" ".join(evidence) + " " + (question or ""))
    return [f"tên “{english}” ({vietnamese}) không có trong đoạn trích" for english, vietnamese
            in dict.fromkeys(english_bodies(answer)) if fold(vietnamese) not in known and fold(english) not in known]


def other_role(answer: str, evidence: list[str], question: str) -> list[str]:
    """A person given under another title than the one asked ("Phó Trưởng Ban Chỉ đạo" for "ai là Phó Trưởng Ban
    Thường trực?", a vice-chairman for "Chủ tịch … là ai?"), when a retrieved clause gives the title asked. Both
    names are in the evidence, so no name check sees it. The answer's own words may repeat the title asked ("Trưởng
    ban … là Nguyễn Đăng Định, …, Phó Trưởng ban"): what counts then is the title the evidence gives the people it
    names, none of whom holds the one asked. An answer that names neither a title nor a person is left alone."""
    role = asked_role(question)
    if not role or not any(holds_role(block, role) for block in evidence):
        return []
    problem = [f"câu hỏi hỏi người giữ chức “{role}”, câu trả lời nêu người giữ chức khác"]
    if not holds_role(answer, role):
        return problem if re.search(rf"\b{ROLE_TITLE}\b", fold(answer)) else []
    evidence_sentences = [sentence for block in evidence for sentence in sentences(block)]
    said = [[sentence for sentence in evidence_sentences if name in sentence] for name in person_names(answer)]
    if said and all(said) and not any(holds_role(sentence, role) for found in said for sentence in found):
        return problem  # everyone it names is, in the evidence, under another title
    return []


_DOCUMENT_NUMBER = r"\d+/(?:\d{4}/)?[a-zđ][\w-]*"  # "69/2025/qh15", "2319/qđ-ttg", folded


def other_document(answer: str, question: str) -> list[str]:
    """An answer about another document of the kind the question names ("Luật Hóa chất số 06/2007/QH12 có hiệu
    lực …" for "Luật Hóa chất số 69/2025/QH15 có hiệu lực từ ngày nào?"), that never names the one asked."""
    asked_text, said = fold(question), fold(answer)
    numbers = list(dict.fromkeys(re.findall(_DOCUMENT_NUMBER, asked_text)))
    if len(numbers) != 1 or numbers[0] in said:
        return []
    kinds = "|".join(map(fold, KINDS))  # as folded text spells them
    kind = re.search(rf"\b({kinds})\b[^?.;\n]{{0,60}}?{re.escape(numbers[0])}", asked_text)
    if not kind:
        return []
    other = re.search(rf"\b{kind.group(1)}\b[^.;\n]{{0,60}}?\bsố\s+({_DOCUMENT_NUMBER})", said)
    if not other:
        return []
    written = re.search(rf"\b({'|'.join(KINDS)})\b", question, re.I)  # the kind as the question writes it
    named = written.group(1).lower() if written else kind.group(1)
    return [f"câu hỏi hỏi về {named} số {numbers[0].upper()}, câu trả lời nói về số {other.group(1).upper()}"]


def missing_asked_figure(answer: str, evidence: list[str], asks_quantity: bool) -> list[str]:
    """A question that asks for a quantity, answered without any figure although the evidence holds one
    ("[4] Mục tiêu tổng quát" for "… là bao nhiêu?"): the answer does not answer."""
    if not asks_quantity:
        return []
    has = any(not is_year(f.value) for f in claimed_figures(answer))
    available = any(not is_year(f.value) for block in evidence for f in figures(block.split("\n", 1)[-1]))
    return ["câu hỏi hỏi một con số nhưng câu trả lời không nêu con số nào"] if available and not has else []


def check_answer(answer: str, evidence: list[str], question: str | None = None) -> CheckResult:
    """Check an answer that refers to ``evidence`` blocks as [1], [2]…"""
    valid = set(range(1, len(evidence) + 1))
    cited = cited_numbers(answer)
    dropped = [n for n in cited if n not in valid]
    cited = [n for n in cited if n in valid]
    problems: list[str] = []
    sources = [evidence[n - 1] for n in cited] or evidence
    invented = False
    for figure in claimed_figures(answer):
        reason = _supported(figure, sources)
        if reason:
            problems.append(reason)
            invented = invented or _supported(figure, evidence) == reason and "không có trong" in reason
    # Not "invented": a made-up name is no reason to say the documents lack a figure.
    # Names as figures: in the clauses the answer cites (all of them when it cites none), or in the question.
    problems.extend(unknown_names(answer, sources, question))
    problems.extend(unknown_english_bodies(answer, sources, question))
    problems.extend(misbound_abbreviations(answer, sources))
    problems.extend(cut_periods(answer, sources))
    if question:
        problems.extend(other_role(answer, evidence, question) + other_document(answer, question))
    if question and not problems:
        problems.extend(wrong_year_figures(answer, sources, question) or off_topic_figures(answer, sources, question))
    return CheckResult(ok=not problems, cited=cited, dropped=dropped, problems=problems, invented=invented)
