"""The line for the model: places in order, capacity, and users who left do not block it."""

import asyncio
import time

from nghiquyet.ui.model_queue import ModelQueue


def test_places_are_given_in_order_and_freed_on_leave():
    line = ModelQueue(slots=1, capacity=2)
    first, second, third = line.join(), line.join(), line.join()
    assert line.place(first) == (0, 2) and line.place(second) == (1, 2) and line.place(third) == (2, 2)
    assert line.join() is None  # two already wait: the next question is answered with quotes instead
    line.leave(first)
    assert line.place(second) == (0, 1) and line.place(third) == (1, 1)


def test_a_user_who_stopped_asking_loses_the_place():
    line = ModelQueue(slots=1, capacity=5, stale_after_s=0.2)
    running, _gone, waiting = line.join(), line.join(), line.join()
    time.sleep(0.3)
    assert line.place(waiting) == (1, 1)  # 'gone' never asked again: dropped
    assert line.place(running) == (0, 1)  # the one at the model is never dropped


def test_the_ui_writes_answers_one_at_a_time_and_tells_the_others_their_place(fake_index, fake_retriever):
    from nghiquyet.ui.state import AppState

    from tests.fakes import ScriptedGenerator

    settings, _ = fake_index

    class Slow(ScriptedGenerator):
        def chat(self, messages, max_tokens, on_token=None):
            time.sleep(0.8)
            return super().chat(messages, max_tokens, on_token)

    state = AppState(settings.evolve({"ui.queue_size": 1, "generation.table_answers": False}), retriever=fake_retriever,
                     generator=Slow("Quy mô kinh tế số đạt tối thiểu 30% GRDP [1]."))
    question = "Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?"

    async def one() -> list[str]:
        prepared = await asyncio.to_thread(state.prepare, question, [], None)
        return [event.kind async for event in state.write(prepared, "fast")]

    async def three() -> list[list[str]]:
        return await asyncio.gather(one(), one(), one())

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:  # a fresh thread: the browser tests keep an event loop in this one
        kinds = pool.submit(asyncio.run, three()).result()
    assert all(k[-1] == "done" for k in kinds)
    assert sum("waiting" in k for k in kinds) >= 1  # someone was told their place
    assert len(state.model_queue) == 0


def test_past_the_queue_a_question_is_answered_at_once_with_quotes_and_told_why(fake_index, fake_retriever):
    """No English "Queue is full!": when the model and its line are taken, the answer is the quoted clauses
    and a Vietnamese note, at once, and the model is never called."""
    from concurrent.futures import ThreadPoolExecutor

    from nghiquyet.ui.state import AppState

    from tests.fakes import ScriptedGenerator

    settings, _ = fake_index

    class Unused(ScriptedGenerator):
        def chat(self, messages, max_tokens, on_token=None):
            raise AssertionError("the model was called although its line was full")

    state = AppState(settings.evolve({"ui.queue_size": 1, "generation.table_answers": False}), retriever=fake_retriever,
                     generator=Unused(""))
    writing, waiting = state.model_queue.join(), state.model_queue.join()  # one at the model, one in line
    prepared = state.prepare("Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?", [], None)

    async def events():
        return [event async for event in state.write(prepared, "fast")]

    with ThreadPoolExecutor(1) as pool:  # a fresh thread: the browser tests keep an event loop in this one
        (done,) = pool.submit(asyncio.run, events()).result()
    answer = done.answer
    assert done.kind == "done" and answer.mode == "extractive" and "30% GRDP" in answer.text
    assert any("Hệ thống đang bận" in note for note in answer.notes) and answer.citations
    assert len(state.model_queue) == 2  # the two who were there keep their places
    state.model_queue.leave(writing)
    state.model_queue.leave(waiting)


def test_api_searches_run_at_most_ui_concurrency_at_once_in_their_own_threads(fake_index, fake_retriever):
    """The API's single call finds its sources in the retrieval pool (as the UI's own retrieval events are
    limited), not in asyncio's default executor, which the answers' streams also use."""
    import threading

    from nghiquyet.ui.state import AppState

    settings, _ = fake_index
    state = AppState(settings.evolve({"ui.concurrency": 2, "generation.table_answers": False}),
                     retriever=fake_retriever)
    busy, peak, threads, lock = [0], [0], set(), threading.Lock()
    search = state.prepare

    def counted(*args, **kwargs):
        with lock:
            busy[0] += 1
            peak[0] = max(peak[0], busy[0])
            threads.add(threading.current_thread().name)
        time.sleep(0.1)
        try:
            return search(*args, **kwargs)
        finally:
            with lock:
                busy[0] -= 1

    state.prepare = counted
    question = "Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?"

    async def first_event() -> str:
        async for event in state.stream_answer(question, [], None, "fast"):
            return event.kind

    async def six() -> list[str]:
        return await asyncio.gather(*(first_event() for _ in range(6)))

    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        kinds = pool.submit(asyncio.run, six()).result()
    assert kinds == ["evidence"] * 6
    assert peak[0] == 2
    assert threads and all(name.startswith("nghiquyet-search") for name in threads)


def test_the_model_is_loaded_in_the_background_once_and_a_failure_is_only_logged(fake_index, fake_retriever, caplog):
    """The first question of a fresh app waited longer than the next (14.6 s against 6.5 s, 0.5B model): the UI now
    loads the model, and runs it once, as it starts. A question that comes during the load waits for the same
    load."""
    import threading

    from nghiquyet.core.errors import ModelFileError
    from nghiquyet.ui.state import AppState

    from tests.fakes import ScriptedGenerator

    settings, _ = fake_index
    loads: list[str | None] = []
    loading = threading.Event()

    def slow_factory(profile):
        loads.append(profile)
        loading.set()
        time.sleep(0.5)
        return ScriptedGenerator("Quy mô kinh tế số đạt tối thiểu 30% GRDP [1].")

    cached: dict[str | None, ScriptedGenerator] = {}
    lock = threading.Lock()

    def cached_factory(profile):  # as create_generator: one load per configuration, behind a lock
        with lock:
            if profile not in cached:
                cached[profile] = slow_factory(profile)
            return cached[profile]

    state = AppState(settings, retriever=fake_retriever, generator=cached_factory)
    preload = state.preload_model()
    assert loading.wait(5)
    assert state.library.service.generator(None) is cached[None]  # a question during the load waits for it
    preload.join(5)
    assert loads == [None] and cached[None].calls == 1  # loaded once, and run once (one token) to warm it up

    def broken(profile):
        raise ModelFileError("Không thấy tệp mô hình qwen.gguf.")

    failing = AppState(settings, retriever=fake_retriever, generator=broken)
    with caplog.at_level("WARNING", logger="nghiquyet"):
        failing.preload_model().join(5)
    assert "Không thấy tệp mô hình qwen.gguf" in caplog.text
