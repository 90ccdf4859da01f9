"""The answer checks on replies the bundled fast model really wrote (tests/chat/data/model-replies.json: the reply,
the question and the evidence blocks it was shown, recorded by an eval run)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from nghiquyet.chat.checks import check_answer

REPLIES = {r["id"]: r for r in json.loads((Path(__file__).parent / "data" / "model-replies.json")
                                           .read_text(encoding="utf-8"))["replies"]}


def checked(reply_id: str):
    record = REPLIES[reply_id]
    return check_answer(record["reply"], record["evidence"], record["question"])


@pytest.mark.parametrize("reply_id", ["nq57-xuatkhau", "en-nq57-rd"])
def test_a_correct_figure_is_kept(reply_id):
    """"… theo Nghị quyết 57 phải đạt tối thiểu 50%": the 57 is the question's own number, not a figure taken from a
    sentence about something else; "1. 2% GDP": the "1." is a list marker. Both answers were thrown out for them."""
    result = checked(reply_id)
    assert result.ok, result.problems


def test_a_dropped_qualifier_is_still_caught():
    """"16%" for a clause that says "ít nhất 16%": the list markers aside, the figure still fails."""
    result = checked("st-nhanluc")
    assert not result.ok and any("16%" in problem for problem in result.problems)


@pytest.mark.parametrize("reply_id, figure", [("en-5g", "100%"), ("nq57-15pct", "3.0%")])
def test_an_invented_figure_is_still_caught(reply_id, figure):
    result = checked(reply_id)
    assert not result.ok and result.invented and any(figure in problem for problem in result.problems)
