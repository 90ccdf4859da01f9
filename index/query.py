"""Query analysis: a question is read once, into a :class:`Query` that every later stage reads (candidate
retrieval, re-rank rules, comparison sides, answering).

Documents, provinces and comparison sides are read against the corpus that is loaded (its numbers, kinds and
provinces), with abbreviations expanded from the data file a person can extend.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping, Sequence

from nghiquyet.core.lexicon import (
    CODE,
    DOCUMENT_ASKED,
    DOCUMENT_NAME,
    KIND_WORD,
    NATIONAL,
    NUMBER_MENTION,
    PROPOSAL_ASKED,
    PROVINCIAL,
    asked_role,
    attachments_named,
    compact_code,
    counted_units,
    document_kind_asked,
    english_kind,
    gives_orders,
    iso_dates,
    kind_phrases,
    name_mentions,
    number_head,
)
from nghiquyet.core.models import SearchFilters
from nghiquyet.core.textnorm import fold, is_vietnamese, years_in
from nghiquyet.index.abbreviations import AbbreviationExpander
from nghiquyet.index.corpus import Corpus
from nghiquyet.index.tokenizer import tokenize
from nghiquyet.index.tokenizer import words as word_tokens

# What a question asks for, each intent defined once.
# "mấy" counts ("mấy tổ công tác?"), except after a unit of time, where it asks when ("tháng mấy?" = which month).
HOW_MANY = r"(?<!ngày )(?<!tháng )(?<!năm )(?<!quý )mấy"
COMPARISON = re.compile(r"\b(so sánh|so với|khác nhau|khác gì|khác biệt|giống nhau|compare|comparison|versus|"
                        r"vs\.?|differ)\b", re.I)
META = re.compile(
    r"(ai ký|người ký|ký ngày|ký khi nào|ký vào|ngày ban hành|ban hành ngày|ban hành khi nào|ban hành vào|"
    r"số hiệu|mang số|cơ quan nào ban hành|ai ban hành|do ai|who signed|signed by|signatory|"
    r"when was|date of|issued|issuing body|what number)", re.I)
FIGURE = re.compile(
    rf"(bao nhiêu|{HOW_MANY}|tỷ lệ|tỉ lệ|chỉ tiêu|mục tiêu|quy mô|tối thiểu|phần trăm|how many|how much|percent|"
    r"target|goal|rate|share)", re.I)
LIST = re.compile(r"(gồm những|gồm các|những gì|(những|các)( nhóm)? (nhiệm vụ|giải pháp|mục tiêu|quan điểm|"
                  r"nội dung|chỉ tiêu)|liệt kê|kể tên|bao gồm|list|what are|which tasks|main tasks)", re.I)
# Several things asked for beyond ``LIST``'s nouns ("những hình thức kiểm tra nào", "các mức nào", "những ai"): a
# list, whatever its noun. Read only for answering (a list the documents hold is quoted whole, ``asks_several`` is
# this or ``LIST``); retrieval reads the narrower ``LIST`` alone.
SEVERAL = re.compile(r"(\b(những|các)\s+(?:[^\W\d]+\s+){0,5}?nào\b|\bnhững ai\b|\bgồm (những )?gì\b|"
                     r"\bwhich \w+ (are|were)\b)", re.I)
# A target or a quantity (answering: a quoted sentence with a figure counts double).
TARGET = re.compile(rf"(mục tiêu|chỉ tiêu|bao nhiêu|{HOW_MANY}|tỷ lệ|tỉ lệ|quy mô|target|goal|how many|how much|"
                    r"percent)", re.I)
# How a question names the two levels of a comparison: "Trung ương … tỉnh", "cả nước … tỉnh", "national … provincial".
NATIONAL_WORDS = re.compile(r"\b(trung ương|cả nước|toàn quốc|quốc gia|national|nationwide|central)\b", re.I)
PROVINCIAL_WORDS = re.compile(r"\b(tỉnh|province|provincial)\b", re.I)
# Someone a question names only through a document: "Người ký Chương trình 67 đã phát biểu ở đâu?".
SIGNER_OF = re.compile(r"(người (đã )?ký|người ký ban hành|the signer of|the person who signed)", re.I)
# Who or when (answering: the quoted sentence must name a person, or say when). "Những ai" asks for groups of
# people, a list; "AI" in capitals is artificial intelligence.
WHO = re.compile(r"((?<!những )(?<!các )\b[Aa]i\b|(?i:người nào|đồng chí nào|\bwho\b|\bwhom\b))")
WHEN = re.compile(r"(khi nào|bao giờ|bao lâu|lúc nào|ngày nào|ngày bao nhiêu|tháng nào|năm nào|quý nào|"
                  r"(ngày|tháng|năm|quý) mấy|thời gian nào|"
                  r"thời điểm nào|thời hạn|giai đoạn nào|"
                  r"ngày ban hành|ngày ký|\bsố (và|,) ?ngày|\bwhen\b|what date|which date|what year|which year|"
                  r"deadline|what period)", re.I)
# Who signed ("ai ký", "người ký là ai", "who signed"): answered by the signer, not by any person the document names.
SIGNER_ASKED = re.compile(r"(\bai ký\b|\bngười ký\b|\bwho signed\b|\bsigned by\b|\bsignatory\b)", re.I)
# When, to the day ("ngày nào", "what date"): a year alone does not answer it.
DAY_ASKED = re.compile(r"(ngày nào|ngày bao nhiêu|ngày mấy|ngày ban hành|ngày ký|ký ngày|\bsố (và|,) ?ngày|what date|"
                       r"which date|what day|which day)", re.I)
# Which number a document carries ("mang số nào", "số hiệu", "Số và ngày của công văn …"): answered by the
# document's own number. "chỉ số nào" (which indicator) and "tổng số" (a total) are not about a number.
NUMBER_ASKED = re.compile(r"((?<!chỉ )(?<!tổng )\bsố (hiệu )?(nào|mấy)\b|mang số|số hiệu|\bsố (và|,) ?ngày|"
                          r"\b(what|which) number|document number|reference number)", re.I)
# When a document takes effect ("có hiệu lực từ ngày nào", "when does … take effect"): answered by its own
# provision ("Thông tư này có hiệu lực thi hành từ ngày …").
EFFECT_ASKED = re.compile(r"(hiệu lực|\btakes? effect|\bcomes? into (force|effect)|\bin force\b|\beffective\b)", re.I)
# The question is that date itself ("có hiệu lực từ ngày nào?", "hiệu lực trong thời gian nào?", "ngày có hiệu
# lực"), not one that only names it ("giấy chứng nhận cấp trước khi Luật có hiệu lực được dùng đến khi nào?").
EFFECT_DATE_ASKED = re.compile(
    r"(hiệu lực(\s+thi hành)?(\s+(kể\s+)?từ|\s+trong|\s+vào)?\s+(ngày|thời gian|thời điểm|lúc|năm)\s+nào|"
    r"hiệu lực(\s+thi hành)?(\s+(kể\s+)?từ)?\s+(khi nào|bao giờ)|ngày\s+(có\s+)?hiệu lực|"
    r"\bwhen\b.*\b(takes? effect|comes? into (force|effect))|\beffective date\b)", re.I)
# Whom a letter is addressed to ("Công văn … gửi những cơ quan nào?"): answered by its "Kính gửi" list.
RECIPIENTS_ASKED = re.compile(r"(\bgửi (tới |đến |cho )?(những |các )?(cơ quan|đơn vị|tổ chức|ai|nơi)\b|kính gửi|"
                              r"addressed to|sent to|recipients?)", re.I)
# Which body ("cơ quan nào chủ trì?", "do sở nào tham mưu?", "which ministry …?"): answered by a body's name, not a
# person's. "những cơ quan nào" is a list, and "gửi cơ quan nào" asks the addressees.
AGENCY_ASKED = re.compile(r"((?<!những )(?<!các )(?<!gửi )(?<!tới )(?<!đến )\b(cơ quan|đơn vị|sở|bộ|ban|tổ chức đảng|"
                          r"tổ chức) nào\b|\b(which|what) (ministry|agency|body|department|office|organ)\b)", re.I)
# What an English question keeps for the BM25 side beside its translated terms: numbers and codes ("2030",
# "67-CTr/TU", "5G"), acronyms ("GRDP", "R&D") and words written in Vietnamese ("Sóc Trăng").
ENGLISH_KEPT = re.compile(r"[\w&/.-]*\d[\w&/.-]*|\b[A-Z][A-Z&]+\b|\b\w*[^\W\x00-\x7f]\w*\b")
# Which one ranks first, or last, in a ranked table ("sở nào dẫn đầu", "xã nào xếp cuối"): answered by the row
# the table's rank column puts first or last.
TOP_ASKED = re.compile(r"(dẫn đầu|đứng đầu|đứng thứ nhất|xếp (hạng )?(thứ )?(nhất|đầu|1)\b|hạng nhất|cao nhất|"
                       r"\branked first|\branks first|\bfirst place|\bhighest)", re.I)
BOTTOM_ASKED = re.compile(r"(xếp (hạng )?cuối|đứng cuối|cuối bảng|thấp nhất|hạng chót|\branked last|\branks last|"
                          r"\blast place|\blowest)", re.I)
# A superlative of a quantity ("cụm nào có diện tích nhỏ nhất", "ai có điểm thi thấp nhất"): answered by the row
# whose cell in the column the question names holds the largest or the smallest number. "nhiều nhất" and "ít nhất"
# are left out: they mostly mean "at most" and "at least" ("phải có ít nhất 3 thành viên").
MAX_ASKED = re.compile(r"(cao nhất|lớn nhất|\bhighest|\blargest|\bbiggest)", re.I)
MIN_ASKED = re.compile(r"(thấp nhất|nhỏ nhất|\blowest|\bsmallest)", re.I)
# A quantity as such (answering: a made-up number for it means the documents do not give one).
# "số lượng" and "tỷ lệ" ask it unless the question asks which thing they are of ("sự gia tăng số lượng học sinh
# thuộc sắc tộc nào?": a group, not a number); "thế nào" is how, not which ("số lượng … khác nhau thế nào?").
QUANTITY = re.compile(rf"(bao nhiêu|{HOW_MANY}|(số lượng|tỷ lệ|tỉ lệ)(?!.*(?<!thế )\bnào\b)|how many|how much|"
                      r"what percent|what share)", re.I)


@dataclass(frozen=True)
class Query:
    """A question as every stage reads it."""

    text: str  # the question, spaces collapsed
    language: str  # "vi" or "en": the answer's language
    expanded: str  # with the long forms of its abbreviations (an English question: its terms in the documents'
    # words) appended: what the dense side reads, and BM25 unless ``sparse_text`` is set
    wants_meta: bool  # who signed / when / which number
    wants_figure: bool
    wants_list: bool
    asks_target: bool
    asks_quantity: bool
    comparison: bool  # says "so sánh", "khác nhau", "compare"…
    gives_orders: bool  # tries to change how the assistant works
    years: frozenset[str]
    codes: frozenset[str]  # document codes written in it ("03/NQ-CP"), compacted
    mentioned_documents: frozenset[str]  # doc ids named by number ("Nghị quyết 57", "NQ57", "67-CTr/TU")
    subject_documents: frozenset[str]  # doc ids the question is about (the first kind named, with its number)
    provinces: frozenset[str]  # provinces of loaded documents named in it
    levels: frozenset[str] = field(default=frozenset())  # levels it names: national ("Trung ương", "cả nước"),
    # provincial ("tỉnh", or a province of a loaded document)
    issuers: frozenset[str] = field(default=frozenset())  # issuers of loaded documents it names ("Bộ Tư pháp")
    sides: tuple[SearchFilters, ...] = field(default=())  # comparison sides, one filter each
    side_query: str = ""  # the topic of a comparison without the names of its sides, expanded
    # Second retrieval steps: the question with a fact read from the index in place of what it stood for
    # ("người ký Chương trình 67" -> the signer's name on that document's card).
    bridges: tuple[str, ...] = field(default=())
    asks_who: bool = False  # "ai …?", "who …?": answered by a person's name
    asks_signer: bool = False  # "ai ký …?": that person is the signer
    asks_role: str | None = None  # "ai là Trưởng ban …?": the title asked, folded (core.lexicon.asked_role)
    asks_when: bool = False  # "khi nào …?", "when …?": answered by a date, month, quarter or year
    asks_day: bool = False  # "ngày nào?": answered by a day, not a year alone
    asks_number: bool = False  # "mang số nào?", "số hiệu?": answered by the document's own number
    asks_recipients: bool = False  # "gửi những cơ quan nào?": answered by the "Kính gửi" list
    asks_agency: bool = False  # "cơ quan nào chủ trì?": answered by a body's name
    asks_effect: bool = False  # "có hiệu lực từ ngày nào?": answered by the document's own provision
    asks_effect_date: bool = False  # that date is what is asked (not a question that only names it)
    asks_document: bool = False  # "viện dẫn Nghị quyết nào?": answered by a sentence naming one by its number
    asks_proposal: bool = False  # "theo đề nghị của ai?": answered by the preamble's "Theo đề nghị của …"
    document_kind: str | None = None  # the kind asked for: "tờ trình" in "theo đề nghị tại tờ trình nào?"
    counted: tuple[str, ...] = field(default=())  # what a quantity question counts ("bao nhiêu điểm" -> "điểm")
    translated: str = ""  # an English question's terms in the documents' Vietnamese words ("kinh tế số; mục tiêu")
    # What the BM25 side searches when it differs from ``expanded``: an English question's translated terms
    # with its numbers, codes, acronyms and Vietnamese names (English words match nothing in the documents).
    sparse_text: str = ""
    abbreviations: tuple[tuple[str, tuple[str, ...]], ...] = field(default=())  # written in it, with long forms
    # Every province of the country's list named in the question as asked, loaded or not, with how often
    # (longest names matched first): what the refusal gate and the province notes read.
    named_provinces: tuple[tuple[str, int], ...] = field(default=())
    # Documents named by their kind and title rather than a number ("Kế hoạch kiểm tra công tác cải cách hành chính
    # năm 2026 của UBND tỉnh Lâm Đồng"): most drafts and many plans are known by their title.
    titled_documents: frozenset[str] = field(default=frozenset())
    # How rare each of its words (and word pairs) is in the index (BM25's inverse document frequency): a sentence
    # sharing "Đam Rông" with the question says more about it than one sharing "năm 2026". Empty: all count alike.
    rarity: Mapping[str, float] = field(default_factory=dict, compare=False, hash=False)
    asks_top: bool = False  # "dẫn đầu", "cao nhất": the row a ranked table puts first
    asks_bottom: bool = False  # "xếp cuối", "thấp nhất": the row it puts last
    extreme: str | None = None  # "max" | "min": a superlative of a quantity ("diện tích nhỏ nhất")
    # Attachments it names, as (kind, number): "Phụ lục II" and "Phụ lục 2" -> ("phụ lục", 2) (``attachments_named``)
    attachments: frozenset[tuple[str, int | None]] = field(default=frozenset())
    asks_several: bool = False  # "những … nào", "liệt kê", "what are": a list asked for (see ``SEVERAL``)

    @property
    def province_asked(self) -> str | None:
        """The province the question names most often (the first named on a tie), loaded or not."""
        return max(self.named_provinces, key=lambda named: named[1])[0] if self.named_provinces else None


# A document is named by its title when the question writes its kind and this share of its title's words (at least
# this many): "Kế hoạch kiểm tra công tác cải cách hành chính năm 2026 của UBND tỉnh Lâm Đồng" names the plan titled
# "Kế hoạch kiểm tra công tác cải cách hành chính năm 2026 trên địa bàn tỉnh Lâm Đồng".
TITLE_SHARE = 0.6
TITLE_MIN_WORDS = 3
# Words a title shares with any question about anything: they name nothing.
_TITLE_FILLER = frozenset("của và về trên tại các những cho với theo trong việc số năm địa_bàn".split())


def extreme_asked(question: str) -> str | None:
    """"max" or "min" for a question asking for the largest or the smallest of something; None when it asks for
    neither, or for both."""
    wanted = {name for name, asked in (("max", MAX_ASKED), ("min", MIN_ASKED)) if asked.search(question)}
    return wanted.pop() if len(wanted) == 1 else None


def title_words(text: str) -> set[str]:
    """The words of ``text`` that can name a document by its title ("2026-2030" is two years, however spaced)."""
    words = {t for t in word_tokens(text) if t not in _TITLE_FILLER}
    return {part for w in words for part in (re.split(r"[-–]", w) if re.fullmatch(r"\d+[-–]\d+", w) else [w])}


class QueryAnalyzer:
    """Reads questions against one corpus."""

    def __init__(self, corpus: Corpus, abbreviations: AbbreviationExpander | None = None,
                 country_provinces: Sequence[str] = (),
                 rarity: Callable[[Iterable[str]], Mapping[str, float]] | None = None) -> None:
        self.corpus = corpus
        self.rarity = rarity  # the index's weight of each token (``Query.rarity``); None: all count alike
        self.abbreviations = abbreviations or AbbreviationExpander({})
        self.country_provinces = list(country_provinces)  # every province's name, longest first
        # The loaded documents' provinces and issuers, longest first (read once: the corpus does not change).
        self.loaded_provinces = sorted(corpus.provinces(), key=len, reverse=True)
        self.loaded_issuers = sorted(corpus.issuers(), key=len, reverse=True)
        # Each title's words but its kind's (a title that only repeats its kind, "Thông báo", names nothing), read
        # once with the document's kind and the title's whole weight.
        titles = {d.doc_id: title_words(d.title) - title_words(d.kind) for d in corpus.documents.values() if d.title}
        # A word in few titles tells documents apart ("tuyên truyền" among plans that all say "cải cách hành chính")
        counts = Counter(w for words in titles.values() for w in words)
        self.title_weight = {w: math.log(1 + len(titles) / n) for w, n in counts.items()}
        self.titles = {doc_id: (fold(corpus.documents[doc_id].kind), words, math.fsum(self.title_weight[w] for w in words))
                       for doc_id, words in titles.items() if words}

    def analyse(self, question: str) -> Query:
        expanded = self._with_dated_documents(question, self.abbreviations.expand(question))
        folded = fold(expanded)
        numbers = {m.group(1) for m in NUMBER_MENTION.finditer(folded)}
        mentioned = self._mentioned_documents(folded, numbers)
        titled = self._titled_documents(question)
        provinces = frozenset(name_mentions(expanded, self.loaded_provinces))
        language = "vi" if is_vietnamese(question) else "en"
        translated = sparse_text = ""
        if language == "en":  # the documents' own words: for searching, and for picking the sentence to quote
            # "Soc Trang", "Dak Nong": a province written without its marks, loaded or only named in a clause
            written = {*provinces, *name_mentions(question, self.country_provinces)}
            named = sorted(p for p in written if p not in question)
            terms = self.abbreviations.translations(question) + named
            translated = "; ".join(terms)
            kept = [m.group(0) for m in ENGLISH_KEPT.finditer(question)]
            # joined by "; " so that no word pair is read across two terms ("Sóc Trăng; GRDP")
            sparse_text = "; ".join([*terms, *kept, *self.abbreviations.expansions(question)])
            if terms:  # the dense side reads both languages: the documents' words bring it closer to them
                expanded = f"{expanded} ({translated})"
        comparison = bool(COMPARISON.search(question))
        wants_list = bool(LIST.search(question))
        recipients = bool(RECIPIENTS_ASKED.search(question))
        levels = frozenset(level for level, named in ((NATIONAL, NATIONAL_WORDS.search(folded)),
                                                      (PROVINCIAL, PROVINCIAL_WORDS.search(folded) or provinces))
                           if named)
        issuers = frozenset(name_mentions(self.abbreviations.spelled_out(question), self.loaded_issuers))
        sides = self._sides(numbers, provinces, levels, comparison)
        return Query(
            text=question, language=language, expanded=expanded, translated=translated, sparse_text=sparse_text,
            wants_meta=bool(META.search(question)),
            wants_figure=bool(FIGURE.search(question)), wants_list=wants_list,
            asks_target=bool(TARGET.search(question)), asks_quantity=bool(QUANTITY.search(question)),
            comparison=comparison, gives_orders=gives_orders(question), years=frozenset(years_in(question)),
            codes=frozenset(compact_code(m.group(0)) for m in CODE.finditer(question)),
            mentioned_documents=mentioned, titled_documents=titled,
            subject_documents=self._subject_documents(question, mentioned | titled, issuers, titled),
            provinces=provinces, levels=levels, issuers=issuers, sides=sides,
            side_query=self._side_query(question, expanded, sides) if sides else "",
            bridges=self._signer_bridges(question),
            # "theo đề nghị của ai?" asks on whose proposal, not for a person: the "ai" in it is no "who"
            asks_who=bool(WHO.search(PROPOSAL_ASKED.sub(" ", question))),
            asks_signer=bool(SIGNER_ASKED.search(question)), asks_proposal=bool(PROPOSAL_ASKED.search(question)),
            asks_role=asked_role(question),
            asks_when=bool(WHEN.search(question)),
            asks_day=bool(DAY_ASKED.search(question)), asks_number=bool(NUMBER_ASKED.search(question)),
            asks_recipients=recipients, asks_agency=bool(AGENCY_ASKED.search(question)) and not recipients,
            asks_effect=bool(EFFECT_ASKED.search(question)), asks_effect_date=bool(EFFECT_DATE_ASKED.search(question)),
            asks_document=bool(DOCUMENT_ASKED.search(question)), document_kind=document_kind_asked(question),
            counted=counted_units(question),
            abbreviations=tuple(self.abbreviations.written(question)),
            named_provinces=tuple(name_mentions(question, self.country_provinces).items()),
            rarity=self.rarity(set(tokenize(f"{expanded} {sparse_text}"))) if self.rarity else {},
            asks_top=bool(TOP_ASKED.search(question)), asks_bottom=bool(BOTTOM_ASKED.search(question)),
            extreme=extreme_asked(question),
            attachments=frozenset(attachments_named(question)),
            asks_several=wants_list or bool(SEVERAL.search(question)),
        )

    def _with_dated_documents(self, question: str, expanded: str) -> str:
        """A loaded document named by its date ("nghị quyết Bộ Chính trị ban hành ngày 22/12/2024") gains its
        number in the search text, so both search engines see which document is meant. When the question
        names a kind, only documents of that kind count."""
        dates = iso_dates(question)
        if not dates:
            return expanded
        kinds = {english_kind(m.group(1)) for m in KIND_WORD.finditer(question)}
        numbers = sorted({d.number for d in self.corpus.documents.values()
                          if d.date in dates and d.number and (not kinds or fold(d.kind) in kinds)
                          and fold(d.number) not in fold(expanded)})
        return f"{expanded} ({'; '.join(numbers)})" if numbers else expanded

    def _signer_bridges(self, question: str) -> tuple[str, ...]:
        """"Người ký <document>" in a question about something else: a second search with the signer's name
        from the document's card in place of the phrase."""
        match = SIGNER_OF.search(question)
        if not match:
            return ()
        rest = question[match.end():]
        name = DOCUMENT_NAME.search(rest)
        if not name or rest[:name.start()].strip():
            return ()
        written = fold(self.abbreviations.expand(name.group(0)))
        named = self._mentioned_documents(written, {m.group(1) for m in NUMBER_MENTION.finditer(written)})
        signers = {self.corpus.documents[d].signer for d in named if self.corpus.documents[d].signer}
        if len(signers) != 1:
            return ()
        bridged = question[:match.start()] + signers.pop() + rest[name.end():]
        return (self.abbreviations.expand(bridged),)

    def _mentioned_documents(self, folded: str, numbers: set[str]) -> frozenset[str]:
        """Documents the question names by number, with their number or kind written out."""
        named: set[str] = set()
        for document in self.corpus.documents.values():
            head = number_head(document.number)
            if not head or head not in numbers:
                continue
            if fold(document.number or "") in folded or fold(document.kind) in folded:
                named.add(document.doc_id)
        return frozenset(named)

    def _titled_documents(self, question: str) -> frozenset[str]:
        """Documents the question names by kind and title: after a kind ("kế hoạch") it writes most of the
        title's words, weighted by how few titles have them (``TITLE_SHARE``, at least ``TITLE_MIN_WORDS``
        words); of several, those it names best."""
        shares: dict[str, float] = {}
        for kind, phrase in kind_phrases(question):
            words = title_words(self.abbreviations.expand(phrase))
            for doc_id, (doc_kind, title, whole) in self.titles.items():
                if doc_kind != kind:
                    continue
                shared = title & words
                share = math.fsum(self.title_weight[w] for w in shared) / whole
                if len(shared) >= TITLE_MIN_WORDS and share >= TITLE_SHARE:
                    shares[doc_id] = max(share, shares.get(doc_id, 0.0))
        best = max(shares.values(), default=0.0)
        return frozenset(d for d, share in shares.items() if share == best)

    def _subject_documents(self, question: str, mentioned: frozenset[str], issuers: frozenset[str],
                           titled: frozenset[str] = frozenset()) -> frozenset[str]:
        """The document a who/when question is about: the first document kind it names, with its number
        if one follows ("Ai ký Chương trình 67", "Hướng dẫn ... Nghị quyết 57 ... do ai ký" is the guidance),
        or its title ("Kế hoạch kiểm tra công tác cải cách hành chính năm 2026 của UBND tỉnh Lâm Đồng": of the
        plans, that one), of the issuer it names when documents of that issuer are among them ("công văn của Bộ
        Tư pháp")."""
        match = KIND_WORD.search(question)
        if not match:
            return mentioned
        kind = english_kind(match.group(1))
        following = question[match.end():match.end() + 24]
        number = re.match(r"\s*(?:số\s*)?(\d+)", following)
        chosen = {d.doc_id for d in self.corpus.documents.values()
                  if fold(d.kind) == kind and (number is None or number_head(d.number) == number.group(1))}
        chosen = (chosen & titled) or chosen
        of_issuer = {d for d in chosen if self.corpus.documents[d].issuer in issuers}
        return frozenset(of_issuer or chosen) or mentioned

    def _sides(self, numbers: set[str], provinces: frozenset[str], levels: frozenset[str],
               comparison: bool) -> tuple[SearchFilters, ...]:
        """The documents or provinces a comparison sets side by side (empty if none)."""
        if len(provinces) >= 2:  # "Quảng Trị và Sóc Trăng ...": one side per province
            return tuple(SearchFilters(provinces=[p]) for p in sorted(provinces))
        if not comparison:
            return ()
        sides: list[SearchFilters] = []
        for document in self.corpus.documents.values():
            head = number_head(document.number)
            if head and head in numbers and not any(document.doc_id in s.docs for s in sides):
                sides.append(SearchFilters(docs=[document.doc_id]))
        if len(sides) >= 2:
            return tuple(sides)
        return self._level_sides(provinces, levels)

    def _level_sides(self, provinces: frozenset[str], levels: frozenset[str]) -> tuple[SearchFilters, ...]:
        """A comparison between levels ("Trung ương và tỉnh", "cả nước so với tỉnh"): one side per level, when
        documents of both levels are loaded (the provincial side held to the province the question names)."""
        if not {NATIONAL, PROVINCIAL} <= levels or not {NATIONAL, PROVINCIAL} <= set(self.corpus.levels()):
            return ()
        return (SearchFilters(levels=[NATIONAL]), SearchFilters(levels=[PROVINCIAL], provinces=sorted(provinces)))

    def _side_query(self, question: str, expanded: str, sides: tuple[SearchFilters, ...]) -> str:
        """Each side is held by its filter, so the names of the sides leave the query."""
        topic = DOCUMENT_NAME.sub(" ", question)
        if any(side.levels for side in sides):
            topic = PROVINCIAL_WORDS.sub(" ", NATIONAL_WORDS.sub(" ", topic))
        for side in sides:
            for province in side.provinces:
                topic = re.sub(re.escape(province), " ", topic, flags=re.I)
        return self.abbreviations.expand(" ".join(topic.split())) if topic.strip() else expanded
