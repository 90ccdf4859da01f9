"""Retrieval, one stage after another: query analysis -> candidates (dense, BM25) -> fusion -> re-rank
rules -> hits -> context packing under a budget.

Comparisons ("NQ57 và CTr67 khác nhau thế nào", "Sóc Trăng so với Quảng Trị") retrieve for each side
separately and interleave the results, so each side gets room in the budget. A question that names someone
through a document ("người ký Chương trình 67 đã phát biểu ở đâu") gets a second step with the fact read
from the index (the signer's name), interleaved the same way.
"""

from __future__ import annotations

from nghiquyet.core.config import Settings
from nghiquyet.core.errors import ConfigError
from nghiquyet.core.lexicon import load_provinces, validate_question
from nghiquyet.core.models import Hit, SearchFilters
from nghiquyet.index.abbreviations import AbbreviationExpander
from nghiquyet.index.backends import index_is_stale, open_index
from nghiquyet.index.candidates import RETRIEVAL_MODES
from nghiquyet.index.corpus import Corpus
from nghiquyet.index.embedders import Embedder, create_embedder
from nghiquyet.index.fusion import check_fusion
from nghiquyet.index.packing import Fit, complete_lead_ins, fill_with_cuts, focus, interleave, to_hits, within_budget
from nghiquyet.index.query import Query, QueryAnalyzer
from nghiquyet.index.rerank import RULES, Reranker, RuleContext
from nghiquyet.index.search import search_candidates
from nghiquyet.index.store import IndexData, versions
from nghiquyet.index.tokenizer import tokenize


class HybridRetriever:
    """Search one index with BM25, dense vectors or both."""

    def __init__(self, data: IndexData, embedder: Embedder, settings: Settings,
                 abbreviations: AbbreviationExpander | None = None) -> None:
        check_fusion(settings.retrieval)
        disabled = {name.strip() for name in settings.retrieval.disabled_rules.split(",") if name.strip()}
        if disabled - set(RULES):
            raise ConfigError(f"Luật xếp hạng không biết: {', '.join(sorted(disabled - set(RULES)))}; "
                              f"các luật có: {', '.join(RULES)}.")
        self.data = data
        self.corpus = Corpus(data.documents, data.chunks)
        self.embedder = embedder
        self.settings = settings
        # The glossary of the settings unless one is given: a retriever built here to switch a rule off reads
        # questions as the one built by ``from_settings`` does (it used to read them with no abbreviations).
        if abbreviations is None:
            abbreviations = AbbreviationExpander.load(settings.retrieval.abbreviations_file)
        self.analyzer = QueryAnalyzer(self.corpus, abbreviations, load_provinces(settings.provinces_file),
                                      data.bm25.rarity)
        self.rerank = Reranker.without(disabled)

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder | None = None) -> "HybridRetriever":
        embedder = embedder or create_embedder(settings)
        data = open_index(settings, versions(embedder.name, embedder.dim))
        return cls(data, embedder, settings)

    def is_stale(self) -> bool:
        """Whether another process has committed a newer index since this one was loaded (reload to see it)."""
        return index_is_stale(self.settings, self.data)

    def analyse(self, question: str) -> Query:
        """The question as every stage reads it (validated: empty or too long raises QuestionError)."""
        return self.analyzer.analyse(validate_question(question, self.settings.retrieval.max_question_chars))

    def search(self, question: str | Query, k: int | None = None, budget_chars: int | None = None,
               filters: SearchFilters | None = None, mode: str = "hybrid") -> list[Hit]:
        """The best clauses for ``question``, at most ``k`` and within ``budget_chars`` characters."""
        if mode not in RETRIEVAL_MODES:
            raise ValueError(f"mode must be one of {RETRIEVAL_MODES}")
        query = question if isinstance(question, Query) else self.analyse(question)
        k = k or self.settings.retrieval.default_k
        budget = budget_chars or self.settings.retrieval.context_budget_chars
        if query.sides and (filters is None or filters.is_empty()):
            per_side = [self._ranked_hits(query, query.side_query, mode, side, query.sparse_text)
                        for side in query.sides]
            kept = within_budget(interleave(per_side), k, budget, self._fit(query))
        elif query.bridges:  # the question as asked, then with the bridged fact: the best of each step in turn
            steps = [self._ranked_hits(query, text, mode, filters) for text in (query.expanded, *query.bridges)]
            kept = within_budget(interleave(steps), k, budget, self._fit(query))
        else:
            ranked = self._ranked_hits(query, query.expanded, mode, filters, query.sparse_text)
            kept = within_budget(ranked, k, budget)
            fit = self._fit(query)
            kept = fill_with_cuts(ranked, kept, k, budget, fit) if fit else kept
        return complete_lead_ins(kept, self.corpus, budget)

    def _fit(self, query: Query) -> Fit | None:
        """With packing by sentence, a clause that does not fit whole is cut to its sentences about the question
        (at most ``sentence_max_chars``); a question asking for a list keeps its clauses whole (the list is the
        answer)."""
        if self.settings.retrieval.packing != "sentence" or query.wants_list:
            return None
        words = set(tokenize(query.expanded))
        limit = self.settings.retrieval.sentence_max_chars
        return lambda hit, room: focus(hit, query, min(room, limit), words)

    def _ranked_hits(self, query: Query, text: str, mode: str, filters: SearchFilters | None,
                     sparse_text: str = "") -> list[Hit]:
        allowed = self.corpus.allowed_rows(filters)
        found, fused = search_candidates(text, mode, filters, allowed, self.data, self.embedder,
                                         self.settings.retrieval, self.corpus.flagged_rows, sparse_text)
        ranked = self.rerank(fused, query, RuleContext(self.corpus, filtered=allowed is not None))
        return to_hits(ranked, found, self.corpus)
