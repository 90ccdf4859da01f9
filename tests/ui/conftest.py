"""UI fixtures: a writable copy of the real index, the app running on a free loopback port, and Debian's
Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path
from typing import Iterator

import pytest

from tests.conftest import REPO, make_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SCREENSHOTS = REPO / "var" / "screenshots"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ui_settings_in(tmp: Path, index_dir: Path, overrides: dict[str, object] | None = None):
    """Settings for a UI over a private copy of the real index (uploads must not touch the shared one)."""
    copy = tmp / "index"
    if not copy.exists():
        shutil.copytree(index_dir, copy)
    values: dict[str, object] = {"index_dir": copy, "ui.upload_dir": tmp / "uploads",
                                 "ui.feedback_file": tmp / "feedback.jsonl", "generation.profile": "fast",
                                 "ui.server_port": free_port()}
    values.update(overrides or {})
    return make_settings(tmp, values)


@pytest.fixture(scope="module")
def running_app(tmp_path_factory: pytest.TempPathFactory, corpus_index, embedder) -> Iterator[tuple[str, object]]:
    """The real app (real index, real bundled 0.5B model) on a free loopback port: (address, AppState)."""
    from nghiquyet.index.retriever import HybridRetriever
    from nghiquyet.ui.server import start

    corpus_settings, _ = corpus_index
    settings = ui_settings_in(tmp_path_factory.mktemp("ui"), corpus_settings.index_dir)
    app, state, url = start(settings, block=False,
                            retriever=HybridRetriever.from_settings(settings, embedder=embedder))
    yield url, state
    app.close()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.is_file():
        if os.environ.get("REQUIRE_BROWSER_TESTS"):
            raise AssertionError("Chromium is missing: install Debian's chromium package (see .ci/run).")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); .ci/run installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN", accept_downloads=True)
    tab = context.new_page()
    tab.set_default_timeout(120_000)
    yield tab
    context.close()


def screenshot(page, name: str) -> Path:
    """Screens of the main views, for people (README) and for a failing run's post-mortem."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / name
    page.screenshot(path=str(path), full_page=True)
    return path
