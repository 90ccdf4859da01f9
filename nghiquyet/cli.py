"""The ``nghiquyet`` command: ingest, docs, search.

Every message a user reads is in Vietnamese; errors are one actionable line, the traceback goes to the
log file.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Sequence

from nghiquyet.config import Settings, load_settings
from nghiquyet.errors import NghiQuyetError

log = logging.getLogger("nghiquyet")


def setup_logging(settings: Settings, verbose: bool) -> None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG)
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(logging.INFO if verbose else logging.WARNING)
    console.setFormatter(logging.Formatter("%(message)s"))
    root.addHandler(console)
    try:
        settings.log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(settings.log_file, encoding="utf-8")
        handler.setLevel(logging.DEBUG)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except OSError:
        pass  # a read-only disk must not stop the tool
    for noisy in ("faiss", "bm25s", "httpx", "urllib3", "sentence_transformers", "filelock"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _print(text: str = "") -> None:
    print(text, flush=True)


# -- ingest ---------------------------------------------------------------------------------------
def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from ingest.pipeline import run_ingest

    paths = [Path(p) for p in args.paths] or None
    summary = run_ingest(settings, paths, rebuild=args.rebuild)
    if not summary.changed and not args.rebuild:
        _print(f"Chỉ mục đã cập nhật, không có gì thay đổi ({summary.documents} văn bản, {summary.chunks} đoạn).")
    else:
        _print(f"Đã nạp xong: {summary.documents} văn bản, {summary.chunks} đoạn "
               f"({summary.embedded} đoạn mới được nhúng, {summary.seconds:.1f} giây).")
        for label, names in (("Thêm mới", summary.added), ("Cập nhật", summary.updated),
                             ("Giữ nguyên", summary.unchanged), ("Gỡ bỏ", summary.removed)):
            if names:
                _print(f"  {label}: {', '.join(names)}")
    if summary.skipped:
        _print(f"Bỏ qua {len(summary.skipped)} tệp:")
        for item in summary.skipped:
            _print(f"  - {item.path}: {item.reason}")
    return 0


# -- docs -----------------------------------------------------------------------------------------
def cmd_docs(args: argparse.Namespace, settings: Settings) -> int:
    from index.store import load_index

    data = load_index(settings.index_dir)
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
        top = [s for s in document.outline if s.count(" › ") <= 1]
        if top:
            _print("    Mục lục:")
            for section in top[:30]:
                _print(f"      {'  ' * section.count(' › ')}{section.split(' › ')[-1]}")
    return 0


_DOCS_LABELS = {"doc_id": "Mã", "kind": "Loại", "number": "Số hiệu", "issuer": "Cơ quan ban hành", "date": "Ngày",
                "level": "Cấp", "province": "Tỉnh", "signer": "Người ký", "author": "Tác giả", "source": "Tệp nguồn",
                "chunk_count": "Số đoạn"}


# -- search ---------------------------------------------------------------------------------------
def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from index.retriever import HybridRetriever, SearchFilters

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
        _print(f"[{number}] {name} — {hit.chunk.section}  (điểm {hit.score:.4f})")
        if document.number:
            _print(f"    {document.title}")
        _print("    " + hit.text.replace("\n", "\n    "))
        _print()
    return 0


# -- ask ------------------------------------------------------------------------------------------
def _filters(args: argparse.Namespace):
    from index.retriever import SearchFilters

    return SearchFilters(docs=args.doc or [], kinds=getattr(args, "kind", None) or [],
                         levels=getattr(args, "level", None) or [], provinces=getattr(args, "province", None) or [])


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from chat.answer import AnswerService
    from index.retriever import HybridRetriever

    service = AnswerService(HybridRetriever.from_settings(settings), settings)
    streamed: list[str] = []

    def stream(piece: str) -> None:
        streamed.append(piece)
        print(piece, end="", flush=True)

    answer = service.ask(args.question, filters=_filters(args), profile=args.profile,
                         on_token=None if args.json else stream, use_model=not args.no_model)
    if args.json:
        _print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2))
        return 0
    if streamed:
        _print()
        if answer.mode != "generated":
            _print("[Câu trả lời của mô hình không qua được kiểm tra; thay bằng:]")
    if not streamed or answer.mode != "generated":
        _print(answer.text)
    for note in answer.notes:
        _print(f"\n* {note}")
    if answer.citations:
        _print("\nNguồn:")
        for citation in answer.citations:
            name = f"{citation.doc_number} — " if citation.doc_number else ""
            _print(f"  [{citation.n}] {name}{citation.doc_title} › {citation.section}")
    timings = answer.timings
    _print(f"\n(tìm kiếm {timings.get('retrieve_ms') or 0:.0f} ms; tổng {timings.get('total_ms') or 0:.0f} ms"
           + (f"; mô hình {answer.model}" if answer.model else "") + ")")
    return 0


def cmd_talking_points(args: argparse.Namespace, settings: Settings) -> int:
    from chat.talking_points import build_talking_points
    from index.retriever import HybridRetriever

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
    from eval.command import run_eval_command

    systems = tuple(s.strip() for s in args.systems.split(",") if s.strip())
    profiles = [p.strip() for p in args.profile.split(",")] if args.profile else None
    report = run_eval_command(settings, Path(args.file), args.retrieval_only, Path(args.out), limit=args.limit,
                              ids=args.ids.split(",") if args.ids else None, systems=systems, budget=args.budget,
                              profiles=profiles)
    _print(report.read_text(encoding="utf-8"))
    _print(f"Báo cáo: {report} (cùng report.json và questions.csv)")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nghiquyet", description="Trợ lý Nghị quyết: tra cứu nghị quyết, "
                                     "chương trình và tin bài, trích dẫn đúng văn bản và mục.")
    parser.add_argument("--config", type=Path, help="tệp cấu hình TOML (mặc định: nghiquyet.toml nếu có)")
    parser.add_argument("--index-dir", type=Path, help="thư mục chỉ mục (mặc định: var/index)")
    parser.add_argument("-q", "--quiet", action="store_true", help="không hiện thanh tiến độ")
    parser.add_argument("-v", "--verbose", action="store_true", help="in thêm thông tin")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("ingest", help="nạp tài liệu vào chỉ mục")
    p.add_argument("paths", nargs="*", help="tệp hoặc thư mục (mặc định: data/)")
    p.add_argument("--rebuild", action="store_true", help="dựng lại toàn bộ chỉ mục")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("docs", help="liệt kê các văn bản đã nạp")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser("search", help="tìm các đoạn văn bản liên quan tới câu hỏi")
    p.add_argument("question", help="câu hỏi hoặc từ khoá")
    p.add_argument("-k", type=int, default=None, help="số kết quả tối đa")
    p.add_argument("--budget", type=int, default=None, help="giới hạn tổng số ký tự của kết quả")
    p.add_argument("--doc", action="append", help="chỉ tìm trong văn bản (mã, số hiệu như 57-NQ/TW, hoặc số 57)")
    p.add_argument("--kind", action="append", help="loại văn bản, ví dụ: 'nghị quyết', 'bài báo'")
    p.add_argument("--level", action="append", help="cấp: 'quốc gia' hoặc 'tỉnh'")
    p.add_argument("--province", action="append", help="tỉnh, ví dụ: 'Sóc Trăng'")
    p.add_argument("--year", action="append", type=int, help="năm ban hành")
    p.add_argument("--mode", choices=("hybrid", "dense", "sparse"), default="hybrid", help="cách tìm")
    p.add_argument("--json", action="store_true", help="in dạng JSON (giao diện ổn định)")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="hỏi và nhận câu trả lời có trích dẫn")
    p.add_argument("question", help="câu hỏi")
    p.add_argument("--profile", choices=("fast", "quality"), default=None, help="mô hình nhanh (0.5B) hay tốt (1.5B)")
    p.add_argument("--doc", action="append", help="chỉ dùng văn bản này (mã, số hiệu hoặc số)")
    p.add_argument("--province", action="append", help="chỉ dùng văn bản của tỉnh này")
    p.add_argument("--no-model", action="store_true", help="không dùng mô hình: trích nguyên văn các đoạn tốt nhất")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("talking-points", help="ý chính tuyên truyền về một chủ đề, có nguồn")
    p.add_argument("topic", help="chủ đề, ví dụ: 'chuyển đổi số tỉnh Sóc Trăng'")
    p.add_argument("--doc", action="append", help="chỉ dùng văn bản này")
    p.add_argument("--province", action="append", help="chỉ dùng văn bản của tỉnh này")
    p.add_argument("--out", help="ghi ra tệp .md hoặc .docx")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=cmd_talking_points)

    p = sub.add_parser("eval", help="chấm một bộ câu hỏi (JSONL hoặc SQuAD JSON) và viết báo cáo")
    p.add_argument("file", help="tệp câu hỏi .jsonl hoặc .json (SQuAD)")
    p.add_argument("--retrieval-only", action="store_true", help="chỉ chấm phần truy hồi")
    p.add_argument("--profile", default=None, help="cấu hình mô hình: fast, quality hoặc fast,quality")
    p.add_argument("--out", default="var/eval", help="thư mục báo cáo (mặc định: var/eval)")
    p.add_argument("--limit", type=int, default=None, help="chỉ chấm N câu đầu")
    p.add_argument("--ids", default=None, help="chỉ chấm các câu có id này (phân cách bằng dấu phẩy)")
    p.add_argument("--systems", default="hybrid,bm25,dense,standard", help="các hệ so sánh")
    p.add_argument("--budget", type=int, default=None, help="ngân sách ngữ cảnh (ký tự)")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        quiet = args.quiet or not sys.stderr.isatty()
        settings = load_settings(args.config, index_dir=args.index_dir, show_progress=False if quiet else None)
    except NghiQuyetError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    setup_logging(settings, args.verbose)
    try:
        return int(args.func(args, settings))
    except NghiQuyetError as exc:
        log.debug("user-facing error", exc_info=True)
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # output piped into `head` and closed: nothing left to say
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("Đã dừng theo yêu cầu; chỉ mục trước đó vẫn nguyên vẹn.", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        log.exception("unexpected error")
        print(f"Lỗi không mong đợi: {exc}. Chi tiết đã ghi vào {settings.log_file}.", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
