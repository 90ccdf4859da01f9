"""A running UI sees an index committed by another process (a scheduled `nghiquyet ingest`; on a cluster, another
replica's batch into the shared Qdrant collection) without a restart, and keeps serving the loaded one when the
new one cannot be loaded."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

import pytest
from nghiquyet.index.retriever import HybridRetriever
from nghiquyet.ingest.pipeline import run_ingest
from nghiquyet.ui.state import AppState

from tests.conftest import fake_settings

PLAN = ("KẾ HOẠCH\nSố: 21/KH-UBND\nvề phát triển hạ tầng số tỉnh Bạc Liêu năm 2025\nI. MỤC TIÊU\n"
        "1. Phủ sóng 5G tại 100% trung tâm huyện trong năm 2025.\n2. Tỷ lệ hộ gia đình có cáp quang đạt 85%.\n")
QUESTION = "Tỷ lệ hộ gia đình có cáp quang ở Bạc Liêu năm 2025 đạt bao nhiêu?"
INTERVAL_S = 0.05


def _state(settings) -> AppState:
    return AppState(settings, retriever=HybridRetriever.from_settings(settings))


def _numbers(state: AppState) -> set[str]:
    return {document.number for document in state.documents()}


def _another_process_adds_the_plan(settings, data: Path) -> None:
    (data / "kehoach-hatang.txt").write_text(PLAN, encoding="utf-8")
    run_ingest(settings)


@pytest.fixture
def ingested(tmp_path: Path, corpus_copy: Path):
    settings = fake_settings(tmp_path, {"data_dir": corpus_copy, "ui.reload_check_s": INTERVAL_S,
                                        "ui.upload_dir": tmp_path / "uploads"})
    run_ingest(settings)
    return settings, corpus_copy


def test_a_running_ui_swaps_in_an_index_committed_by_another_process(ingested):
    settings, data = ingested
    state = _state(settings)
    before = _numbers(state)
    assert "21/KH-UBND" not in before
    _another_process_adds_the_plan(settings, data)
    assert state.library.retriever.is_stale()
    time.sleep(INTERVAL_S * 2)
    prepared = state.prepare(QUESTION, [], None)  # the next question looks, finds it, and searches the new one
    assert _numbers(state) == before | {"21/KH-UBND"}
    assert not state.library.retriever.is_stale()
    assert "85%" in prepared.hits[0].chunk.text and prepared.hits[0].document.number == "21/KH-UBND"


def test_looking_is_throttled_and_can_be_turned_off(ingested):
    settings, data = ingested
    never = _state(settings.evolve({"ui.reload_check_s": 0}))
    hourly = _state(settings.evolve({"ui.reload_check_s": 3600}))
    before = _numbers(never)
    _another_process_adds_the_plan(settings, data)
    time.sleep(INTERVAL_S * 2)
    assert not never.refresh() and _numbers(never) == before
    assert not hourly.refresh() and _numbers(hourly) == before  # the hour has not passed


def test_a_newer_index_that_cannot_be_loaded_leaves_the_loaded_one_serving(ingested, caplog):
    settings, _ = ingested
    state = _state(settings)
    loaded = state.library
    (settings.index_dir / "CURRENT").write_text("build-gone", encoding="utf-8")  # a half-copied index, say
    time.sleep(INTERVAL_S * 2)
    with caplog.at_level("WARNING"):
        assert not state.refresh()
    assert state.library is loaded and "67-CTr/TU" in _numbers(state)
    assert "vẫn dùng chỉ mục đang chạy" in caplog.text
    answer = state.library.service.ask("Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?", use_model=False)
    assert "30%" in answer.text


@pytest.mark.integration  # the real Qdrant client and engine (local mode), as in tests/index/test_qdrant_store.py
def test_a_replica_sees_another_replicas_batch_in_a_shared_collection(tmp_path: Path, corpus_copy: Path):
    shared = {"index.vector_store": "qdrant", "index.qdrant_path": ":memory:",
              "index.qdrant_collection": f"t{uuid.uuid4().hex[:10]}", "ui.reload_check_s": INTERVAL_S}
    writer = fake_settings(tmp_path / "writer", {"data_dir": corpus_copy, **shared})
    run_ingest(writer)
    replica = _state(fake_settings(tmp_path / "replica", {"data_dir": tmp_path / "nothing", **shared}))
    before = _numbers(replica)
    _another_process_adds_the_plan(writer, corpus_copy)
    time.sleep(INTERVAL_S * 2)
    assert replica.refresh()
    assert _numbers(replica) == before | {"21/KH-UBND"}
