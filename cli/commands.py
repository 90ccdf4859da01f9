"""The commands of ``nghiquyet``: each turns parsed arguments into a call on one stage and prints the
result, Vietnamese first."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from nghiquyet.core.config import Settings
from nghiquyet.core.errors import NghiQuyetError
from nghiquyet.core.models import SearchFilters
from nghiquyet.core.reading import document_notes

EXIT_WARNINGS = 3  # done, but some files were skipped (each one is listed with why)


def _print(text: str = "") -> None:
    print(text, flush=True)


# -- ingest ---------------------------------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from nghiquyet.ingest.pipeline import run_ingest

    paths = [Path(p) for p in args.paths] or None
    summary = run_ingest(settings, paths, rebuild=args.rebuild)
    if not summary.changed and not args.rebuild:
        _print(f"Chỉ mục đã cập nhật, không có gì thay đổi ({summary.documents} văn bản, {summary.chunks} đoạn).")
    else:
        resumed = f", {summary.resumed} đoạn lấy lại từ lần nạp trước bị dừng" if summary.resumed else ""
        _print(f"Đã nạp xong: {summary.documents} văn bản, {summary.chunks} đoạn "
               f"({summary.embedded} đoạn mới được nhúng{resumed}, {summary.seconds:.1f} giây).")
        for label, names in (("Thêm mới", summary.added), ("Cập nhật", summary.updated),
                             ("Giữ nguyên", summary.unchanged), ("Gỡ bỏ", summary.removed)):
            if names:
                _print(f"  {label}: {', '.join(names)}")
    if summary.coverage:
        _print("Độ phủ (phần chữ của mỗi văn bản vào chỉ mục hoặc được để riêng có chủ đích):")
        for read in summary.coverage:
            _print(f"  - {read.file} — {read.document}: " + (f"{read.kept:.1%}" if read.kept is not None else "chưa đo")
                   + (f". CẢNH BÁO: {read.warning}" if read.warning else ""))
    if summary.targets or summary.targets_dropped:
        dropped = (f"; {summary.targets_dropped} con số bị loại vì không khớp nguyên văn câu gốc"
                   if summary.targets_dropped else "")
        _print(f"Bảng chỉ tiêu: {summary.targets} chỉ tiêu định lượng (xem: nghiquyet targets){dropped}.")
    if summary.skipped:
        _print(f"Bỏ qua {len(summary.skipped)} tệp (các tệp khác vẫn được nạp):")
        for item in summary.skipped:
            _print(f"  - {item.path}: {item.reason}")
        return EXIT_WARNINGS
    return 0


# -- targets --------------------------------------------------------------------------------------
def cmd_targets(args: argparse.Namespace, settings: Settings) -> int:
    from nghiquyet.index.backends import open_index
    from nghiquyet.index.corpus import Corpus
    from nghiquyet.index.embedders import create_embedder
    from nghiquyet.index.target_export import text_table, write_csv, write_xlsx
    from nghiquyet.index.targets import align, filter_records, target_records

    data = open_index(settings)
    corpus = Corpus(data.documents, data.chunks)
    records = filter_records(target_records(corpus), args.doc, args.level, args.province, args.year)
    alignments = [] if args.no_compare else align(records, create_embedder(settings))
    dropped = sum(d.targets_dropped for d in data.documents.values())
    if args.check:
        from nghiquyet.eval.targets import load_gold, score_targets

        pairs = load_gold(Path(args.check_alignment)) if args.check_alignment else None
        _print(score_targets(records, load_gold(Path(args.check)), alignments, pairs).report())
        return 0
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() == ".xlsx":
            written = [write_xlsx(out, records, alignments)]
        elif out.suffix.lower() == ".csv":
            written = write_csv(out, records, alignments)
        else:
            raise NghiQuyetError(f"Không ghi được '{out.name}': chọn tệp .xlsx hoặc .csv.")
        _print(f"Đã ghi {len(records)} chỉ tiêu vào {', '.join(str(p) for p in written)}.")
    elif args.json:
        _print(json.dumps({"targets": [r.to_json() for r in records], "comparison": [a.to_json() for a in alignments],
                           "dropped": dropped}, ensure_ascii=False, indent=2))
    else:
        _print(text_table(records, alignments))
        if dropped:
            _print(f"\n({dropped} con số bị loại vì không khớp nguyên văn câu gốc.)")
    return 0


# -- docs -----------------------------------------------------------------------------------------
def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    from nghiquyet.index.backends import open_index

    data = open_index(settings)
    documents = sorted(data.documents.values(), key=lambda d: (d.source, d.ordinal))
    if args.json:
        _print(json.dumps([d.to_dict() for d in documents], ensure_ascii=False, indent=2))
        return 0
    _print(f"{len(documents)} văn bản trong chỉ mục ({len(data.chunks)} đoạn):")
    for document in documents:
        _print()
        _print(f"● {document.title}")
        for label, value, source in document.metadata_rows(_DOCS_LABELS):
            _print(f"    {label}: {value}" + (f"  [nguồn: {source}]" if source else ""))
        for line in document_notes(document):
            _print(f"    {line}")
        for warning in document.warnings:
            _print(f"    ⚠ {warning}")
        top = [s for s in document.outline if s.count(" › ") <= 1]
        if top:
            _print("    Mục lục:")
            for section in top[:30]:
                _print(f"      {'  ' * section.count(' › ')}{section.split(' › ')[-1]}")
    return 0


_DOCS_LABELS = {"doc_id": "Mã", "kind": "Loại", "number": "Số hiệu", "issuer": "Cơ quan ban hành",
                "parent_issuer": "Cơ quan cấp trên", "place": "Nơi ban hành", "date": "Ngày",
                "level": "Cấp", "province": "Tỉnh", "signer": "Người ký", "author": "Tác giả", "source": "Tệp nguồn",
                "chunk_count": "Số đoạn", "uploaded_by": "Người tải lên", "uploaded_at": "Lúc tải lên"}


# -- search ---------------------------------------------------------------------------------------
def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from nghiquyet.index.retriever import HybridRetriever

    retriever = HybridRetriever.from_settings(settings)
    filters = SearchFilters(docs=args.doc or [], kinds=args.kind or [], levels=args.level or [],
                            provinces=args.province or [], years=args.year or [])
    hits = retriever.search(args.question, k=args.k, budget_chars=args.budget, filters=filters, mode=args.mode)
    if args.json:
        _print(json.dumps([hit.to_json() for hit in hits], ensure_ascii=False, indent=2))
        return 0
    if not hits:
        _print("Không tìm thấy đoạn nào phù hợp trong các văn bản đã nạp.")
        return 0
    for number, hit in enumerate(hits, start=1):
        document = hit.document
        name = document.display_name()
        _print(f"[{number}] {name} — {hit.chunk.locator}  (điểm {hit.score:.4f})")
        if hit.chunk.table:
            _print(f"    Bảng: {hit.chunk.table}")
        if document.number:
            _print(f"    {document.title}")
        _print("    " + hit.text.replace("\n", "\n    "))
        _print()
    return 0


# -- ask ------------------------------------------------------------------------------------------
def _filters(args: argparse.Namespace) -> SearchFilters:
    return SearchFilters(docs=args.doc or [], kinds=getattr(args, "kind", None) or [],
                         levels=getattr(args, "level", None) or [], provinces=getattr(args, "province", None) or [])


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from nghiquyet.chat.answer import AnswerService
    from nghiquyet.index.retriever import HybridRetriever

    service = AnswerService(HybridRetriever.from_settings(settings), settings)
    streamed: list[str] = []

    def stream(piece: str) -> None:
        streamed.append(piece)
        print(piece, end="", flush=True)

    answer = service.ask(args.question, filters=_filters(args), profile=args.profile,
                         on_token=None if args.json else stream, use_model=not args.no_model, mode=args.mode)
    if args.json:
        _print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return 0
    if streamed:
        _print()
        if answer.mode != "generated":
            _print("[Câu trả lời của mô hình không qua được kiểm tra; thay bằng:]")
    if not streamed or answer.mode != "generated":
        _print(answer.text)
    if answer.short_answer:
        _print(f"\nTrả lời ngắn: {answer.short_answer}")
    for note in answer.notes:
        _print(f"\n* {note}")
    if answer.citations:
        _print("\nNguồn:")
        for citation in answer.citations:
            name = f"{citation.doc_number} — " if citation.doc_number else ""
            pages = f", tr. {', '.join(map(str, citation.pages))}" if citation.pages else ""
            _print(f"  [{citation.n}] {name}{citation.doc_title} › {citation.section}{pages}")
    timings = answer.timings
    _print(f"\n(tìm kiếm {timings.get('retrieve_ms') or 0:.0f} ms; tổng {timings.get('total_ms') or 0:.0f} ms"
           + (f"; mô hình {answer.model}" if answer.model else "") + ")")
    return 0


def cmd_talking_points(args: argparse.Namespace, settings: Settings) -> int:
    from nghiquyet.chat.talking_points import build_talking_points
    from nghiquyet.index.retriever import HybridRetriever

    points = build_talking_points(HybridRetriever.from_settings(settings), args.topic, _filters(args))
    if args.out:
        out = Path(args.out)
        if out.suffix.lower() == ".docx":
            points.save_docx(out)
        else:
            out.write_text(points.to_markdown(), encoding="utf-8")
        _print(f"Đã ghi {out}")
    if args.json:
        _print(json.dumps(points.to_json(), ensure_ascii=False, indent=2))
    elif not args.out:
        _print(points.to_markdown())
    return 0


# -- eval -----------------------------------------------------------------------------------------
def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from nghiquyet.eval.command import ablation_systems, run_eval_command

    systems = tuple(s.strip() for s in args.systems.split(",") if s.strip())
    if args.ablate:
        systems = tuple(dict.fromkeys(("hybrid", *systems, *ablation_systems())))
    profiles = [p.strip() for p in args.profile.split(",")] if args.profile else None
    factory, replayed = None, None
    if args.replay:
        from nghiquyet.chat.answer import AnswerService
        from nghiquyet.eval.replay import RecordedReplies

        replayed = RecordedReplies.load(Path(args.replay))

        def factory(retriever, settings):
            return AnswerService(retriever, settings, generator=replayed)
    report = run_eval_command(settings, Path(args.file), args.retrieval_only, Path(args.out), limit=args.limit,
                              ids=args.ids.split(",") if args.ids else None, systems=systems, budget=args.budget,
                              profiles=profiles, corpus_dir=Path(args.corpus) if args.corpus else None,
                              corpus_index=Path(args.corpus_index) if args.corpus_index else None,
                              expected=Path(args.expected) if args.expected else None,
                              modes=[m.strip() for m in args.mode.split(",")] if args.mode else None,
                              answer_service_factory=factory)
    _print(report.read_text(encoding="utf-8"))
    if replayed is not None and replayed.missing:
        _print(f"Cảnh báo: {len(replayed.missing)} câu không có câu trả lời ghi lại trong {args.replay} (đã dùng câu "
               "trả lời rỗng): " + "; ".join(replayed.missing[:5]))
    _print(f"Báo cáo: {report} (cùng report.json và questions.csv)")
    return 0
