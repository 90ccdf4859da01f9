"""The command line: real subcommands on the real index, Vietnamese messages, no tracebacks."""

import json
import subprocess
import sys

from nghiquyet.cli import main

from tests.conftest import REPO


def run_cli(settings, *args):
    return main(["--index-dir", str(settings.index_dir), "-q", *args])


def test_search_json_is_the_documented_shape(corpus_index, capsys):
    settings, _ = corpus_index
    assert run_cli(settings, "search", "Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?", "--json") == 0
    hits = json.loads(capsys.readouterr().out)
    assert hits and set(hits[0]) == {"id", "doc_id", "doc_title", "doc_number", "section", "pages", "table",
                                 "text", "markup", "score", "following", "announced"}
    assert hits[0]["doc_number"] == "67-CTr/TU" and "30% GRDP" in hits[0]["text"]
    assert hits[0]["markup"] == []  # a .txt clause: nothing marked up
    assert hits[0]["pages"] == [] and hits[0]["table"] is None  # a .txt clause: no pages, not a table row
    assert sum(len(h["text"]) for h in hits) <= 1500


def test_search_text_names_document_and_section(corpus_index, capsys):
    settings, _ = corpus_index
    assert run_cli(settings, "search", "mục tiêu CĐS của ST đến 2030", "-k", "2", "--doc", "67") == 0
    out = capsys.readouterr().out
    assert "Chương trình số 67-CTr/TU" in out and "II- MỤC TIÊU › 2. Mục tiêu cụ thể đến năm 2030 › (2)" in out


def test_docs_lists_metadata_with_provenance_and_outline(corpus_index, capsys):
    settings, _ = corpus_index
    assert run_cli(settings, "docs") == 0
    out = capsys.readouterr().out
    assert "7 văn bản" in out and "57-NQ/TW" in out and "[nguồn: documents.toml]" in out
    assert "III- NHIỆM VỤ, GIẢI PHÁP" in out
    assert run_cli(settings, "docs", "--json") == 0
    documents = json.loads(capsys.readouterr().out)
    assert {d["number"] for d in documents} >= {"57-NQ/TW", "67-CTr/TU"}


def test_user_errors_are_one_vietnamese_line_and_exit_2(tmp_path, capsys):
    assert main(["--index-dir", str(tmp_path / "none"), "-q", "search", "kinh tế số"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Lỗi: Chưa có chỉ mục") and "nghiquyet ingest" in err and "Traceback" not in err


def test_empty_question_is_refused_clearly(corpus_index, capsys):
    settings, _ = corpus_index
    assert run_cli(settings, "search", "   ") == 2
    assert "Câu hỏi đang trống" in capsys.readouterr().err


def test_ingest_on_an_up_to_date_index_is_a_noop(corpus_index, capsys):
    settings, _ = corpus_index
    code = main(["--index-dir", str(settings.index_dir), "-q", "ingest", str(settings.data_dir)])
    assert code == 0 and "không có gì thay đổi" in capsys.readouterr().out


def test_console_script_is_installed():
    result = subprocess.run([sys.executable, "-m", "nghiquyet.cli", "--help"], capture_output=True, text=True,
                            cwd=REPO, timeout=60)
    assert result.returncode == 0 and "ingest" in result.stdout and "search" in result.stdout


def test_ask_json_without_a_model_is_the_documented_shape(corpus_index, capsys):
    settings, _ = corpus_index
    assert run_cli(settings, "ask", "Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?", "--no-model", "--json") == 0
    payload = json.loads(capsys.readouterr().out)
    assert {"answer", "refused", "citations", "evidence", "timings", "model"} <= set(payload)
    assert "30% GRDP" in payload["answer"] and payload["citations"][0]["doc_number"] == "67-CTr/TU"
    assert {"retrieve_ms", "first_token_ms", "total_ms"} <= set(payload["timings"])


def test_talking_points_export(corpus_index, tmp_path, capsys):
    settings, _ = corpus_index
    out = tmp_path / "brief.md"
    assert run_cli(settings, "talking-points", "chuyển đổi số", "--out", str(out)) == 0
    assert out.read_text(encoding="utf-8").startswith("# Ý chính tuyên truyền: chuyển đổi số")


def test_a_missing_data_folder_is_named_with_what_to_do(tmp_path, monkeypatch, capsys):
    from tests.fakes import FAKE_EMBEDDER

    monkeypatch.setenv("NGHIQUYET_INDEX_EMBEDDER", FAKE_EMBEDDER)
    monkeypatch.setenv("NGHIQUYET_DATA_DIR", str(tmp_path / "khong-co"))
    monkeypatch.setenv("NGHIQUYET_LOG_FILE", str(tmp_path / "log.txt"))
    assert main(["--index-dir", str(tmp_path / "index"), "-q", "ingest"]) == 2
    err = capsys.readouterr().err
    assert "khong-co" in err and "thư mục dữ liệu không tồn tại" in err and "data_dir" in err
    assert "Traceback" not in err and not (tmp_path / "index").exists()


def test_ingest_gives_each_documents_coverage_and_warns_when_text_is_lost(tmp_path, monkeypatch, capsys):
    """Every document read is reported with the share of its text that reached the index; one whose chunks lose a
    paragraph (a chunker that drops its last clause stands in for a reader bug) is a warning in ``ingest`` and
    in ``docs``, quoting what was lost."""
    import shutil

    from nghiquyet.ingest import parse

    from tests.fakes import FAKE_EMBEDDER

    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(REPO / "data" / "000_8b2eb8fca8ffb6af.txt", data)
    monkeypatch.setenv("NGHIQUYET_INDEX_EMBEDDER", FAKE_EMBEDDER)
    monkeypatch.setenv("NGHIQUYET_LOG_FILE", str(tmp_path / "log.txt"))
    index = ["--index-dir", str(tmp_path / "index"), "-q"]
    assert main([*index, "ingest", str(data)]) == 0
    out = capsys.readouterr().out
    assert "Độ phủ" in out and "000_8b2eb8fca8ffb6af.txt — Hội thảo khoa học" in out and "CẢNH BÁO" not in out

    shutil.copy(REPO / "data" / "003_52cf14d00f7a191b.txt", data)
    build = parse.build_chunks

    def losing_the_last_clause(*args, **kwargs):
        chunks = build(*args, **kwargs)
        last = max(i for i, chunk in enumerate(chunks) if chunk.kind == "clause")
        return chunks[:last] + chunks[last + 1:]

    monkeypatch.setattr(parse, "build_chunks", losing_the_last_clause)
    assert main([*index, "ingest", str(data)]) == 0
    out = capsys.readouterr().out
    reported = [line for line in out.splitlines() if line.startswith("  - 003_52cf14d00f7a191b.txt")]
    assert len(reported) == 1 and "CẢNH BÁO" in reported[0] and "bị bỏ sót" in reported[0], out
    assert not any(line.startswith("  - 000_") for line in out.splitlines())  # only what this run read
    assert main([*index, "docs"]) == 0
    assert "⚠ chỉ" in capsys.readouterr().out
