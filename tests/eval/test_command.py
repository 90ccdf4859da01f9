"""`nghiquyet eval` end to end on a SQuAD-format file: its paragraphs become a throwaway corpus."""

import csv
import json
import re
from pathlib import Path

from nghiquyet.eval.command import run_eval_command

from tests.conftest import fake_settings, make_settings


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
    settings = make_settings(tmp_path)  # the real embedder: the dense baselines are the real ones
    report = run_eval_command(settings, path, retrieval_only=True, out=tmp_path / "out")
    text = report.read_text(encoding="utf-8")
    for label in ("Hybrid", "BM25 only", "Dense only", "Standard recipe"):
        assert label in text
    data = json.loads((tmp_path / "out/report.json").read_text(encoding="utf-8"))
    hybrid = next(s for s in data["summary"] if s["system"] == "hybrid")
    assert hybrid["questions"] == 2 and hybrid["recall_in_budget"] == 1.0
    rows = list(csv.DictReader((tmp_path / "out/questions.csv").open(encoding="utf-8")))
    assert {r["id"] for r in rows} == {"q1", "q2", "q3"} and {r["system"] for r in rows} == {"hybrid", "bm25", "dense", "standard"}


XQUAD_SAMPLE = Path(__file__).parent / "data" / "xquad-vi-sample.json"


def test_the_squad_sampler_keeps_every_paragraph_and_draws_the_same_questions_for_a_seed():
    from nghiquyet.eval.squad_sample import sample_squad

    data = json.loads(XQUAD_SAMPLE.read_text(encoding="utf-8"))
    first, again, other = sample_squad(data, 4, seed=1), sample_squad(data, 4, seed=1), sample_squad(data, 4, seed=3)
    asked = [[qa["id"] for p in s["data"][0]["paragraphs"] for qa in p["qas"]] for s in (first, again, other)]
    assert len(asked[0]) == 4 and asked[0] == asked[1] and asked[0] != asked[2]
    assert [p["context"] for p in first["data"][0]["paragraphs"]] == [p["context"] for p in data["data"][0]["paragraphs"]]


class SpanPicker:
    """A stand-in for a model in constrained mode that always finds the right span: it knows each question's
    gold answer and points at the numbered sentence that holds it (so what is tested is the eval's scoring)."""

    name = "span-picker"
    supports_schema = True

    def __init__(self, golds: dict[str, str]) -> None:
        self.golds = golds

    def chat(self, messages, max_tokens, on_token=None, schema=None):
        from nghiquyet.chat.generator import Generation

        prompt = messages[-1]["content"]
        gold = self.golds[prompt.split("Câu hỏi: ")[1].split("\n")[0]]
        reply = {"sentences": [], "short_answer": "", "answer": ""}
        for number, sentence in re.findall(r"^\[(\d+)\] (.*)$", prompt, re.MULTILINE):
            if gold in sentence:
                reply = {"sentences": [int(number)], "short_answer": gold, "answer": f"Đó là {gold}."}
                break
        return Generation(json.dumps(reply, ensure_ascii=False), self.name, 10, 5, 1.0, 2.0)


def test_an_external_squad_set_is_scored_by_short_answer_and_gold_span(tmp_path):
    from nghiquyet.chat.answer import AnswerService

    data = json.loads(XQUAD_SAMPLE.read_text(encoding="utf-8"))
    golds = {qa["question"]: qa["answers"][0]["text"] for p in data["data"][0]["paragraphs"] for qa in p["qas"]}
    settings = fake_settings(tmp_path).evolve({"generation.table_answers": False})
    report = run_eval_command(settings, XQUAD_SAMPLE, retrieval_only=False, out=tmp_path / "out",
                              systems=("hybrid",), modes=["constrained", "extractive"],
                              answer_service_factory=lambda r, s: AnswerService(r, s, generator=SpanPicker(golds)))
    text = report.read_text(encoding="utf-8")
    assert "short answer EM" in text and "gold span in answer" in text
    summary = json.loads((tmp_path / "out/report.json").read_text(encoding="utf-8"))["answers"]["summary"]
    constrained = next(s for s in summary if s["profile"].endswith("/ constrained"))
    extractive = next(s for s in summary if s["profile"].endswith("/ extractive"))
    assert constrained["questions"] == extractive["questions"] == 9
    # The picker copies the gold span whenever retrieval put its sentence in the evidence.
    assert constrained["short_em"] > extractive["short_em"] and constrained["short_em"] >= 0.5
    assert constrained["gold_in_answer"] >= constrained["short_em"]


def test_a_stopped_answer_run_keeps_the_answers_it_had(tmp_path):
    """Answers are written as they are graded: a run stopped on its fourth question leaves the first three in
    answers.partial.csv; a run that ends replaces that file with answers.csv."""
    import pytest
    from nghiquyet.chat.answer import AnswerService
    from nghiquyet.eval.command import PARTIAL_ANSWERS

    class StopsOnFourth(AnswerService):
        calls = 0

        def ask(self, *args, **kwargs):
            StopsOnFourth.calls += 1
            if StopsOnFourth.calls == 4:
                raise KeyboardInterrupt
            return super().ask(*args, **kwargs)

    settings = fake_settings(tmp_path)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_eval_command(settings, XQUAD_SAMPLE, retrieval_only=False, out=out, systems=("hybrid",),
                         modes=["extractive"], answer_service_factory=StopsOnFourth)
    rows = list(csv.DictReader((out / PARTIAL_ANSWERS).open(encoding="utf-8")))
    assert len(rows) == 3 and all(row["answer"] for row in rows)
    assert not (out / "answers.csv").exists()
    run_eval_command(settings, XQUAD_SAMPLE, retrieval_only=False, out=out, systems=("hybrid",),
                     modes=["extractive"], answer_service_factory=AnswerService)
    assert not (out / PARTIAL_ANSWERS).exists()
    assert len(list(csv.DictReader((out / "answers.csv").open(encoding="utf-8")))) == 9
