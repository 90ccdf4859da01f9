"""The worked examples (few-shot): each obeys the rules it teaches, as the product's own checks read it, and
they reach the model only when ``[generation] few_shot`` is on, between the system prompt and the question."""

import json

import pytest
from nghiquyet.chat import constrained
from nghiquyet.chat.answer import AnswerService
from nghiquyet.chat.checks import check_answer
from nghiquyet.chat.evidence import number_sentences
from nghiquyet.chat.examples import EXAMPLES, SAMPLE, constrained_examples, free_examples
from nghiquyet.chat.prompts import NOT_FOUND_MARK, evidence_block
from nghiquyet.index.corpus import Corpus
from nghiquyet.index.query import QueryAnalyzer

from tests.fakes import ScriptedGenerator

ANALYZER = QueryAnalyzer(Corpus({SAMPLE.doc_id: SAMPLE}, [hit.chunk for e in EXAMPLES for hit in e.hits()]))


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.question)
def test_each_constrained_example_passes_the_checks_it_teaches(example):
    evidence = number_sentences(example.hits())
    reply = constrained.parse_reply(json.dumps(example.reply, ensure_ascii=False))
    assert reply is not None
    cited, problems = constrained.check_reply(reply, evidence, ANALYZER.analyse(example.question))
    assert [s.id for s in cited] == example.reply["sentences"]
    assert problems == []


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.question)
def test_each_free_example_passes_the_figure_and_citation_checks(example):
    if example.prose == NOT_FOUND_MARK:
        assert example.reply["sentences"] == []  # both modes say "not found" for the same example
        return
    blocks = [evidence_block(n, hit) for n, hit in enumerate(example.hits(), start=1)]
    check = check_answer(example.prose, blocks, example.question)
    assert check.ok, check.problems
    assert check.cited == [1]


def test_examples_alternate_user_and_assistant_and_render_like_real_evidence():
    for turns in (constrained_examples(), free_examples()):
        assert [t["role"] for t in turns] == ["user", "assistant"] * len(EXAMPLES)
    first = constrained_examples()[0]["content"]
    assert "## Kế hoạch số 01/KH-VD, tỉnh Mẫu — II. Mục tiêu › 1. Đến năm 2030" in first
    assert "[2] Quy mô kinh tế số chiếm tối thiểu 25% GRDP của tỉnh." in first


@pytest.mark.parametrize("mode, schema", [("constrained", True), ("free", False)])
def test_the_examples_reach_the_model_only_when_few_shot_is_on(fake_index, fake_retriever, mode, schema):
    settings, _ = fake_index
    question = "Chương trình 67 do ai ký?"
    for few_shot in (False, True):
        generator = ScriptedGenerator('{"sentences": [], "short_answer": "", "answer": ""}' if schema
                                      else NOT_FOUND_MARK, schema=schema)
        service = AnswerService(fake_retriever, settings.evolve({"generation.few_shot": few_shot,
                                                                  "generation.table_answers": False,
                                                                  "generation.list_answers": False}),
                                generator=generator)
        service.ask(question, mode=mode)
        assert generator.calls == 1
        roles = [m["role"] for m in generator.messages]
        shots = constrained_examples() if mode == "constrained" else free_examples()
        assert roles == ["system", *(["user", "assistant"] * len(EXAMPLES) if few_shot else []), "user"]
        assert (generator.messages[1:-1] == shots) is few_shot
        assert question in generator.messages[-1]["content"]
