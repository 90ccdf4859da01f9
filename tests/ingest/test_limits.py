"""Limits and resumable work: a huge or hostile file is refused with a message while the rest goes in,
nothing outside the data directory is read through a link, and a killed ingest resumes where it stopped."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest
from nghiquyet.index.embedding_cache import CACHE_FILE
from nghiquyet.index.store import load_index
from nghiquyet.ingest.pipeline import EMBED_BATCH, run_ingest

from tests.conftest import BUNDLE, fake_settings
from tests.fakes import HashEmbedder

NEWS = BUNDLE.read_text(encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    (data / "tin.txt").write_text(NEWS[:4000], encoding="utf-8")
    return data


def settings_for(tmp_path: Path, data: Path, **limits: object):
    return fake_settings(tmp_path, {"data_dir": data, "ingest.metadata_file": tmp_path / "none.toml",
                                    **{f"ingest.{k}": v for k, v in limits.items()}})


def test_a_text_bomb_is_refused_quickly_with_the_limit_named(tmp_path: Path, folder: Path):
    (folder / "bom.txt").write_text("Chuyển đổi số là động lực phát triển. " * 80_000, encoding="utf-8")  # 3 MB
    summary = run_ingest(settings_for(tmp_path, folder), [folder])
    assert summary.added == ["tin.txt"]
    [skipped] = summary.skipped
    assert skipped.path.endswith("bom.txt") and "max_text_chars" in skipped.reason


def test_too_many_chunks_and_too_big_files_are_refused(tmp_path: Path, folder: Path):
    (folder / "dai.txt").write_text(NEWS, encoding="utf-8")
    summary = run_ingest(settings_for(tmp_path, folder, max_chunks_per_file=50), [folder])
    assert [Path(s.path).name for s in summary.skipped] == ["dai.txt"]
    assert "max_chunks_per_file" in summary.skipped[0].reason
    big = folder / "to.txt"
    big.write_bytes(b"a" * (2 * 1024 * 1024))
    summary = run_ingest(settings_for(tmp_path, folder, max_file_mb=1, max_chunks_per_file=50), [folder])
    assert any(Path(s.path).name == "to.txt" and "max_file_mb" in s.reason for s in summary.skipped)


def test_links_out_of_the_data_directory_are_not_followed(tmp_path: Path, folder: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("Mật khẩu máy chủ: hunter2. Tài khoản quản trị của hệ thống nội bộ.", encoding="utf-8")
    os.symlink(secret, folder / "link.txt")
    outside_dir = tmp_path / "elsewhere"
    outside_dir.mkdir()
    (outside_dir / "b.txt").write_text(NEWS[:2000], encoding="utf-8")
    os.symlink(outside_dir, folder / "thu-muc")
    os.symlink(folder / "tin.txt", folder / "ban-sao.txt")  # inside the data directory: fine
    settings = settings_for(tmp_path, folder)
    summary = run_ingest(settings, [folder])
    refused = {Path(s.path).name: s.reason for s in summary.skipped}
    assert set(refused) == {"link.txt", "thu-muc"} and "symlink" in refused["link.txt"]
    chunks = load_index(settings.index_dir).chunks
    assert not any("hunter2" in c.text for c in chunks)
    assert "ban-sao.txt" in summary.added
    followed = run_ingest(settings_for(tmp_path / "b", folder, follow_symlinks=True), [folder])
    assert "link.txt" in followed.added


class Interrupting(HashEmbedder):
    """Raises KeyboardInterrupt (Ctrl-C, a kill) on a given call to embed_passages."""

    def __init__(self, stop_at: int | None) -> None:
        self.calls = 0
        self.stop_at = stop_at

    def embed_passages(self, texts, progress=False) -> np.ndarray:
        self.calls += 1
        if self.calls == self.stop_at:
            raise KeyboardInterrupt
        return super().embed_passages(texts, progress)


def test_a_killed_ingest_resumes_where_it_stopped(tmp_path: Path, folder: Path):
    (folder / "dai.txt").write_text(NEWS, encoding="utf-8")
    settings = settings_for(tmp_path, folder)
    with pytest.raises(KeyboardInterrupt):
        run_ingest(settings, [folder], embedder=Interrupting(stop_at=3))
    assert (settings.index_dir / CACHE_FILE).is_file()
    again = Interrupting(stop_at=None)
    summary = run_ingest(settings, [folder], embedder=again)
    assert summary.resumed == 2 * EMBED_BATCH  # the two batches done before the kill
    assert summary.embedded == summary.chunks - summary.resumed
    assert not (settings.index_dir / CACHE_FILE).exists()
    clean = settings_for(tmp_path / "clean", folder)
    run_ingest(clean, [folder])
    data, reference = load_index(settings.index_dir), load_index(clean.index_dir)
    assert [c.chunk_id for c in data.chunks] == [c.chunk_id for c in reference.chunks]
    assert np.allclose(data.vectors.vectors(), reference.vectors.vectors())
