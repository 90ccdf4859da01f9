"""The ``nghiquyet`` command: ingest, docs, search, ask, talking-points, eval.

Every message a user reads is in Vietnamese; errors are one actionable line, the traceback goes to the
log file.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import Sequence

from nghiquyet.cli.commands import (
    cmd_ask,
    cmd_docs,
    cmd_eval,
    cmd_ingest,
    cmd_search,
    cmd_talking_points,
    cmd_targets,
)
from nghiquyet.core.config import ANSWER_MODES, load_settings
from nghiquyet.core.errors import NghiQuyetError
from nghiquyet.core.logs import setup_logging

log = logging.getLogger("nghiquyet")


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
    p.add_argument("--mode", choices=ANSWER_MODES, default=None,
                   help="constrained: mô hình chọn câu làm căn cứ và viết theo khuôn JSON được kiểm tra; free: văn "
                        "tự do có số trích dẫn; extractive: trích nguyên văn (mặc định: answer_mode trong cấu hình)")
    p.add_argument("--json", action="store_true", help="in dạng JSON")
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser("targets", help="bảng chỉ tiêu định lượng, có nguồn, so sánh Trung ương – tỉnh")
    p.add_argument("--doc", default=None, help="chỉ văn bản này (số hiệu như 67-CTr/TU, hoặc một phần tên)")
    p.add_argument("--level", default=None, help="cấp: 'quốc gia' hoặc 'tỉnh'")
    p.add_argument("--province", default=None, help="tỉnh, ví dụ: 'Sóc Trăng'")
    p.add_argument("--year", type=int, default=None, help="năm mục tiêu, ví dụ: 2030")
    p.add_argument("--no-compare", action="store_true", help="không so sánh Trung ương – tỉnh")
    p.add_argument("--json", action="store_true", help="in dạng JSON (giao diện ổn định)")
    p.add_argument("--out", default=None, help="ghi ra tệp .xlsx (mỗi văn bản một trang, thêm trang So sánh) hoặc .csv")
    p.add_argument("--check", default=None, help="chấm bảng trích được với bảng chuẩn viết tay (.jsonl)")
    p.add_argument("--check-alignment", default=None, help="chấm cả kết luận so sánh với tệp chuẩn (.jsonl)")
    p.set_defaults(func=cmd_targets)

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
    p.add_argument("--mode", default=None,
                   help="cách trả lời: constrained, free, extractive hoặc vài cách, ví dụ constrained,free "
                        "(mặc định: answer_mode trong cấu hình)")
    p.add_argument("--out", default="var/eval", help="thư mục báo cáo (mặc định: var/eval)")
    p.add_argument("--limit", type=int, default=None, help="chỉ chấm N câu đầu")
    p.add_argument("--ids", default=None, help="chỉ chấm các câu có id này (phân cách bằng dấu phẩy)")
    p.add_argument("--systems", default="hybrid,bm25,dense,standard", help="các hệ so sánh")
    p.add_argument("--budget", type=int, default=None, help="ngân sách ngữ cảnh (ký tự)")
    p.add_argument("--corpus", default=None,
                   help="thư mục văn bản để nạp riêng (như người dùng mới, không dùng tệp documents.toml) rồi chấm")
    p.add_argument("--corpus-index", default=None,
                   help="giữ chỉ mục của --corpus ở thư mục này và dùng lại ở lần chấm sau (chỉ nạp lại tệp đã đổi)")
    p.add_argument("--expected", default=None,
                   help="tệp expected.toml (siêu dữ liệu kiểm tay của các văn bản trong --corpus) để chấm việc đọc văn bản")
    p.add_argument("--replay", default=None,
                   help="answers.csv của một lần chấm trước: chấm lại các câu trả lời mô hình đã viết "
                        "(cột model_reply) bằng các bước kiểm tra hiện tại, không chạy mô hình")
    p.add_argument("--ablate", action="store_true",
                   help="thêm một hệ cho mỗi luật xếp hạng, với luật đó tắt (đo giá trị của từng luật)")
    p.set_defaults(func=cmd_eval)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        quiet = args.quiet or not sys.stderr.isatty()
        settings = load_settings(args.config, overrides={"index_dir": args.index_dir,
                                                         "show_progress": False if quiet else None})
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
