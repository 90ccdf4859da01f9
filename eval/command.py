"""`nghiquyet eval`: load a question set, pick the systems, run, write the report."""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from nghiquyet.core.config import Settings
from nghiquyet.core.errors import NghiQuyetError
from nghiquyet.eval.dataset import EvalSet, load_eval_set
from nghiquyet.eval.report import write_report
from nghiquyet.eval.runner import run_retrieval_eval
from nghiquyet.eval.systems import PipelineSystem, StandardRecipe, source_doc_keys
from nghiquyet.index.embedders import create_embedder
from nghiquyet.index.rerank import RULES
from nghiquyet.index.retriever import HybridRetriever

ALL_SYSTEMS = ("hybrid", "bm25", "dense", "standard")
ABLATION_PREFIX = "hybrid-no-"  # "hybrid-no-figure": the hybrid pipeline with one re-rank rule switched off


def ablation_systems() -> tuple[str, ...]:
    """One system per re-rank rule, with that rule off: what each rule is worth."""
    return tuple(ABLATION_PREFIX + rule for rule in RULES)


def _retriever_for(settings: Settings, eval_set: EvalSet, workdir: Path, progress: bool,
                   corpus_dir: Path | None = None,
                   corpus_index: Path | None = None) -> tuple[HybridRetriever, list[Path], Settings]:
    if eval_set.corpus is None and corpus_dir is None:
        retriever = HybridRetriever.from_settings(settings)
        sources = sorted(Path(r.path) for r in retriever.data.sources.values())
        return retriever, sources, settings
    from nghiquyet.ingest.pipeline import run_ingest

    if corpus_dir is not None:
        data = corpus_dir  # a folder of real documents, read as they are (no metadata file)
    else:
        data = workdir / "corpus"
        data.mkdir()
        for name, text in (eval_set.corpus or {}).items():
            (data / name).write_text(text, encoding="utf-8")
    # A throwaway corpus (or a folder read apart) never goes into a configured Qdrant collection: local mode in
    # the scratch folder. A kept index (``corpus_index``) is brought up to date by ingest, which skips unchanged
    # files: a second run of a real-document set does not embed it again.
    home = corpus_index if corpus_dir is not None and corpus_index is not None else workdir
    scratch = settings.evolve({"data_dir": data, "index_dir": home / "index",
                               "ingest.metadata_file": workdir / "none.toml", "show_progress": progress,
                               "index.qdrant_url": "", "index.qdrant_path": home / "qdrant"})
    run_ingest(scratch, [data])
    return HybridRetriever.from_settings(scratch), sorted(data.iterdir()), scratch


def score_gate_notes(retriever: HybridRetriever, eval_set: EvalSet) -> list[str]:
    """Top-1 dense cosine and BM25 scores, answerable vs unanswerable: the evidence for a refusal gate."""
    groups: dict[bool, dict[str, list[float]]] = {True: {"dense": [], "sparse": []}, False: {"dense": [], "sparse": []}}
    for question in eval_set.questions:
        for mode in ("dense", "sparse"):
            raw = [h.dense_score if mode == "dense" else h.sparse_score
                   for h in retriever.search(question.question, k=5, mode=mode)]
            groups[question.answerable][mode].append(max((r for r in raw if r is not None), default=0.0))
    notes = []
    for mode, label in (("dense", "e5 top-1 cosine"), ("sparse", "BM25 top-1 score")):
        yes, no = groups[True][mode], groups[False][mode]
        if yes and no:
            notes.append(f"{label}: answerable median {statistics.median(yes):.3f} (min {min(yes):.3f}); "
                         f"unanswerable median {statistics.median(no):.3f} (max {max(no):.3f}).")
    return notes


def _system(name: str, retriever: HybridRetriever, sources: list[Path], settings: Settings):
    if name == "standard":
        return StandardRecipe(sources, retriever.embedder or create_embedder(settings), source_doc_keys(retriever))
    if name.startswith(ABLATION_PREFIX):
        ablated = HybridRetriever(retriever.data, retriever.embedder,
                                  settings.evolve({"retrieval.disabled_rules": name.removeprefix(ABLATION_PREFIX)}),
                                  retriever.analyzer.abbreviations)
        return PipelineSystem(ablated, "hybrid", name)
    return PipelineSystem(retriever, {"hybrid": "hybrid", "bm25": "sparse", "dense": "dense"}[name], name)


# The answers so far of a run in progress (or stopped): one row per graded answer, as answers.csv.
PARTIAL_ANSWERS = "answers.partial.csv"


def run_eval_command(settings: Settings, path: Path, retrieval_only: bool, out: Path, limit: int | None = None,
                     ids: list[str] | None = None, systems: tuple[str, ...] = ALL_SYSTEMS,
                     budget: int | None = None, profiles: list[str] | None = None,
                     answer_service_factory=None, corpus_dir: Path | None = None,
                     expected: Path | None = None, modes: list[str] | None = None,
                     corpus_index: Path | None = None) -> Path:
    """Evaluate ``path``'s questions against the configured index, the SQuAD file's own paragraphs, or
    ``corpus_dir`` (a folder of documents ingested apart, as they are); with ``expected`` (hand-checked
    metadata of those documents) the report also compares the metadata read and each document's coverage;
    ``corpus_index`` keeps the index of ``corpus_dir`` there for the next run."""
    unknown = set(systems) - set(ALL_SYSTEMS) - set(ablation_systems())
    if unknown:
        raise NghiQuyetError(f"Hệ không biết: {', '.join(sorted(unknown))}; chọn trong {', '.join(ALL_SYSTEMS)} "
                             f"hoặc {ABLATION_PREFIX}<luật> (luật: {', '.join(RULES)}).")
    eval_set = load_eval_set(path)
    questions = [q for q in eval_set.questions if not ids or q.id in ids][: limit or None]
    if not questions:
        raise NghiQuyetError("Không còn câu hỏi nào sau khi lọc theo --ids/--limit.")
    budget = budget or settings.retrieval.context_budget_chars
    with tempfile.TemporaryDirectory(prefix="nghiquyet-eval-") as tmp:
        retriever, sources, _ = _retriever_for(settings, eval_set, Path(tmp), settings.show_progress, corpus_dir,
                                              corpus_index)
        chosen = [_system(name, retriever, sources, settings) for name in systems]
        summaries, results = run_retrieval_eval(chosen, questions, budget, settings.show_progress)
        answers = None
        if not retrieval_only:
            from nghiquyet.chat.answer import AnswerService
            from nghiquyet.eval.answers import PartialAnswers, run_answer_eval

            service = (answer_service_factory or AnswerService)(retriever, settings)
            partial = PartialAnswers(out / PARTIAL_ANSWERS)
            try:
                answers = run_answer_eval(service, questions, profiles or [settings.generation.profile],
                                          settings.show_progress, modes, partial)
            finally:
                partial.close()
        notes = score_gate_notes(retriever, EvalSet(questions, eval_set.corpus))
        documents_section = None
        if expected is not None:
            from nghiquyet.eval.metadata import check_documents, load_expected, metadata_table

            documents_section = metadata_table(check_documents(load_expected(expected),
                                                               list(retriever.corpus.documents.values())))
        if "standard" in systems:
            notes.append("Standard-recipe passages know only their source file, so its 'top-1 doc right' counts any "
                         "document of that file (the PDF bundle holds three): it flatters the baseline.")
    report = write_report(out, path.name, budget, summaries, results, notes, settings.to_dict(), answers,
                          documents_section)
    (out / PARTIAL_ANSWERS).unlink(missing_ok=True)  # the full answers.csv is written
    return report
