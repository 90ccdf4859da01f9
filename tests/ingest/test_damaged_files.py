"""Damaged files never stop ingest: every reader, fed truncated, bit-flipped and zip-mangled versions of
real files, either returns text or raises SourceFileError with a reason; nothing else escapes. And a
corrupt .docx among good files is reported by name while the rest goes in."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nghiquyet.cli.main import main
from nghiquyet.core.errors import SourceFileError
from nghiquyet.ingest.pipeline import run_ingest
from nghiquyet.ingest.readers import read_source

from tests.conftest import BUNDLE, FONT_CANDIDATES, REPO, fake_settings
from tests.fakes import FAKE_EMBEDDER
from tests.ingest.test_pipeline import PLAN_TEXT, write_docx, write_pdf

HTML = ("<html><head><title>Kế hoạch</title><script>x()</script></head><body><article><h1>KẾ HOẠCH</h1>"
        + "".join(f"<p>{line}</p>" for line in PLAN_TEXT) + "<table><tr><td>Chỉ tiêu</td><td>85%</td></tr></table>"
        "</article></body></html>")


def _font() -> Path:
    return next(path for path in FONT_CANDIDATES if path.is_file())


@pytest.fixture(scope="module")
def seeds(tmp_path_factory) -> dict[str, bytes]:
    folder = tmp_path_factory.mktemp("seeds")
    return {
        ".docx": write_docx(folder / "a.docx", PLAN_TEXT).read_bytes(),
        ".pdf": write_pdf(folder / "a.pdf", PLAN_TEXT, _font()).read_bytes(),
        ".html": HTML.encode("utf-8"),
        ".txt": BUNDLE.read_bytes()[:20000],
        ".md": (REPO / "shared/real-documents/files/kh-3260-kh-ddqh15-2025.md").read_bytes()[:20000],
        ".doc": (Path(__file__).parent / "data" / "luat-83-2025-qh15.doc").read_bytes(),
    }


def _mangle_zip(data: bytes, member: int | str, how: int, cut: int) -> bytes:
    """Rewrite one member of a zip (a .docx), by position or name, as garbage, truncated XML or nothing."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        members = source.infolist()
        for index, info in enumerate(members):
            content = source.read(info)
            if (info.filename == member) if isinstance(member, str) else (index == member % len(members)):
                content = [b"<w:document><<not xml", content[: cut % max(len(content), 1)], b""][how % 3]
            target.writestr(info, content)
    return out.getvalue()


def _mutate(data: bytes, kind: int, position: int, value: int, suffix: str) -> bytes:
    if kind == 0:  # truncated
        return data[: position % max(len(data), 1)]
    if kind == 1:  # bit flips in a run of bytes
        start = position % max(len(data), 1)
        flipped = bytes(b ^ (1 << (value % 8)) for b in data[start:start + 64])
        return data[:start] + flipped + data[start + 64:]
    if kind == 2 and suffix == ".docx":
        return _mangle_zip(data, position, value, position * 7 + value)
    return data[::-1] if value % 2 else bytes(reversed(data[: len(data) // 2])) + data  # scrambled


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(suffix=st.sampled_from([".docx", ".pdf", ".html", ".txt", ".md", ".doc"]), kind=st.integers(0, 3),
       position=st.integers(0, 10**6), value=st.integers(0, 255))
def test_readers_never_raise_anything_but_a_reason(seeds, tmp_path_factory, suffix, kind, position, value):
    path = tmp_path_factory.mktemp("fuzz") / f"damaged{suffix}"
    path.write_bytes(_mutate(seeds[suffix], kind, position, value, suffix))
    try:
        source = read_source(path)
    except SourceFileError as exc:
        assert exc.reason and path.name in str(exc)
    else:
        assert isinstance(source.text, str)


def test_a_corrupt_docx_among_good_files_is_named_and_skipped(tmp_path, seeds, capsys, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    write_docx(folder / "ke-hoach.docx", PLAN_TEXT)
    (folder / "hong.docx").write_bytes(_mangle_zip(seeds[".docx"], "word/document.xml", 0, 0))
    (folder / "tin.txt").write_text(BUNDLE.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    settings = fake_settings(tmp_path, {"data_dir": folder, "ingest.metadata_file": tmp_path / "none.toml"})
    summary = run_ingest(settings, [folder])
    assert sorted(summary.added) == ["ke-hoach.docx", "tin.txt"]
    assert [Path(s.path).name for s in summary.skipped] == ["hong.docx"]
    assert "hỏng" in summary.skipped[0].reason

    (folder / "tin.txt").write_text("Tin mới: " + BUNDLE.read_text(encoding="utf-8")[:3000], encoding="utf-8")
    monkeypatch.setenv("NGHIQUYET_INDEX_EMBEDDER", FAKE_EMBEDDER)  # the index above was built with it
    code = main(["--index-dir", str(settings.index_dir), "-q", "ingest", str(folder)])
    out = capsys.readouterr().out
    assert code == 3 and "hong.docx" in out and "Traceback" not in out
