"""`nghiquyet eval` end to end on a SQuAD-format file: its paragraphs become a throwaway corpus."""

import csv
import json

from nghiquyet.eval.command import run_eval_command

from tests.conftest import make_settings


def test_squad_file_is_evaluated_with_baselines_and_a_report(tmp_path):
    squad = {"data": [{"title": "Cà Mau", "paragraphs": [
        {"context": "Tỉnh Cà Mau đặt mục tiêu phủ sóng 5G tại 100% trung tâm huyện trong năm 2025. "
                    "Sở Thông tin và Truyền thông chủ trì triển khai.",
         "qas": [{"id": "q1", "question": "Cà Mau phủ sóng 5G ở đâu trong năm 2025?",
                  "answers": [{"text": "100% trung tâm huyện", "answer_start": 40}]}]},
        {"context": "Tỉnh Bạc Liêu xây dựng kho dữ liệu dùng chung phục vụ chính quyền số từ năm 2024.",
         "qas": [{"id": "q2", "question": "Bạc Liêu xây dựng gì cho chính quyền số?",
                  "answers": [{"text": "kho dữ liệu dùng chung", "answer_start": 22}]},
                 {"id": "q3", "question": "Dân số Bạc Liêu là bao nhiêu?", "answers": [], "is_impossible": True}]},
    ]}]}
    path = tmp_path / "set.json"
    path.write_text(json.dumps(squad, ensure_ascii=False), encoding="utf-8")
    settings = make_settings(tmp_path)
    report = run_eval_command(settings, path, retrieval_only=True, out=tmp_path / "out")
    text = report.read_text(encoding="utf-8")
    for label in ("Hybrid", "BM25 only", "Dense only", "Standard recipe"):
        assert label in text
    data = json.loads((tmp_path / "out/report.json").read_text(encoding="utf-8"))
    hybrid = next(s for s in data["summary"] if s["system"] == "hybrid")
    assert hybrid["questions"] == 2 and hybrid["recall_in_budget"] == 1.0
    rows = list(csv.DictReader((tmp_path / "out/questions.csv").open(encoding="utf-8")))
    assert {r["id"] for r in rows} == {"q1", "q2", "q3"} and {r["system"] for r in rows} == {"hybrid", "bm25", "dense", "standard"}
