"""Where and how the UI starts: address from configuration (Gradio's variables honoured), a login beyond
loopback, secrets kept out of reports, and the real ``python app.py`` entry point."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import pytest
from nghiquyet.core.config import load_settings
from nghiquyet.core.errors import ConfigError
from nghiquyet.ui.feedback import FeedbackLog, record_for
from nghiquyet.ui.server import is_loopback, launch_options, make_auth

from tests.conftest import REPO
from tests.ui.conftest import free_port


def test_gradio_variables_are_honoured_and_ours_win():
    settings = load_settings(environ={"GRADIO_SERVER_NAME": "0.0.0.0", "GRADIO_SERVER_PORT": "8123"})
    assert (settings.ui.server_name, settings.ui.server_port) == ("0.0.0.0", 8123)
    settings = load_settings(environ={"GRADIO_SERVER_PORT": "8123", "NGHIQUYET_UI_SERVER_PORT": "9000"})
    assert settings.ui.server_port == 9000
    assert load_settings(environ={}).ui.server_name == "127.0.0.1"


@pytest.mark.parametrize("host, expected", [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                            ("127.0.0.2", True), ("0.0.0.0", False), ("192.168.1.10", False),
                                            ("example.org", False)])
def test_loopback_detection(host: str, expected: bool):
    assert is_loopback(host) is expected


def test_no_login_needed_on_loopback_but_required_beyond():
    assert make_auth(load_settings(environ={})) is None
    with pytest.raises(ConfigError, match="đăng nhập"):
        make_auth(load_settings(environ={"GRADIO_SERVER_NAME": "0.0.0.0"}))
    with pytest.raises(ConfigError, match="cả username lẫn password"):
        make_auth(load_settings(environ={"NGHIQUYET_UI_USERNAME": "canbo"}))
    check = make_auth(load_settings(environ={"GRADIO_SERVER_NAME": "0.0.0.0", "NGHIQUYET_UI_USERNAME": "canbo",
                                             "NGHIQUYET_UI_PASSWORD": "bí mật"}))
    assert check is not None
    assert check("canbo", "bí mật") and not check("canbo", "bi mat") and not check("khach", "bí mật")


def test_launch_options_are_safe():
    options = launch_options(load_settings(environ={"NGHIQUYET_UI_UPLOAD_MAX_MB": "5"}))
    assert options["share"] is False and options["server_name"] == "127.0.0.1"
    assert options["max_file_size"] == "5mb" and options["show_error"] is False
    assert options["mcp_server"] is False


def test_an_unreadable_config_file_is_a_config_error(tmp_path: Path):
    # app.py reports ConfigError as a message; a bare OSError here used to escape as a traceback.
    with pytest.raises(ConfigError, match="Không đọc được tệp cấu hình"):
        load_settings(config_file=tmp_path)


def test_secrets_are_masked_in_reports():
    settings = load_settings(environ={"NGHIQUYET_UI_PASSWORD": "bí mật", "NGHIQUYET_GENERATION_API_KEY": "sk-1"})
    dumped = settings.to_dict()
    assert dumped["ui.password"] == "***" and dumped["generation.api_key"] == "***"
    assert "bí mật" not in repr(settings) and "sk-1" not in repr(settings)
    assert load_settings(environ={}).to_dict()["ui.password"] == ""


def test_feedback_log_appends_whole_lines(tmp_path: Path, retriever, corpus_index):
    from nghiquyet.chat.answer import AnswerService

    settings, _ = corpus_index
    answer = AnswerService(retriever, settings).ask("Mục tiêu kinh tế số của Sóc Trăng đến năm 2030?", use_model=False)
    log = FeedbackLog(tmp_path / "sub" / "feedback.jsonl")
    log.append(record_for("a1", "up", "câu hỏi", answer))
    log.append(record_for("a1", "comment", "câu hỏi", answer, "  cần thêm nguồn  "))
    records = log.read()
    assert [r["rating"] for r in records] == ["up", "comment"] and records[1]["comment"] == "cần thêm nguồn"
    assert records[0]["sources"][0]["doc_number"] == "67-CTr/TU" and records[0]["time"]


def _app_env(tmp_path: Path, index_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NGHIQUYET_", "GRADIO_SERVER"))}
    env.update({"NGHIQUYET_INDEX_DIR": str(index_dir), "NGHIQUYET_LOG_FILE": str(tmp_path / "log.txt"),
                "NGHIQUYET_FEEDBACK_FILE": str(tmp_path / "feedback.jsonl"),
                "NGHIQUYET_UPLOAD_DIR": str(tmp_path / "uploads")})
    env.update(extra)
    return env


def _other_addresses() -> list[str]:
    """This machine's own non-loopback IPv4 address, if it has a route (a UDP connect sends nothing)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return []
        address = probe.getsockname()[0]
    return [] if is_loopback(address) else [address]


def test_app_py_starts_on_the_configured_port_and_prints_its_address(tmp_path: Path, corpus_index):
    settings, _ = corpus_index
    port = free_port()
    process = subprocess.Popen([sys.executable, "app.py"], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               text=True, env=_app_env(tmp_path, settings.index_dir, GRADIO_SERVER_PORT=str(port),
                                                       NGHIQUYET_GENERATION_PROFILE="fast"))
    try:
        deadline = time.monotonic() + 180
        line = ""
        while time.monotonic() < deadline and process.poll() is None:
            line = process.stdout.readline()
            if "đang chạy tại" in line:
                break
        assert f"http://127.0.0.1:{port}/" in line, line
        page = httpx.get(f"http://127.0.0.1:{port}/", timeout=30)
        assert page.status_code == 200 and "Trợ lý Nghị quyết" in page.text
        assert httpx.get(f"http://127.0.0.1:{port}/config", timeout=30).json()["title"] == "Trợ lý Nghị quyết"
        # Bound to loopback only: the port is closed on this machine's other addresses.
        for address in _other_addresses():
            with pytest.raises(httpx.ConnectError):
                httpx.get(f"http://{address}:{port}/", timeout=5)
        # The model is loaded as the app starts, before anyone asks ([ui] preload_model).
        log = tmp_path / "log.txt"
        while time.monotonic() < deadline and "Đã nạp trước mô hình" not in log.read_text(encoding="utf-8"):
            time.sleep(0.5)
        assert "Đã nạp trước mô hình llama.cpp/" in log.read_text(encoding="utf-8")
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_app_py_refuses_an_open_address_without_a_login(tmp_path: Path, corpus_index):
    settings, _ = corpus_index
    result = subprocess.run([sys.executable, "app.py"], cwd=REPO, capture_output=True, text=True, timeout=120,
                            env=_app_env(tmp_path, settings.index_dir, GRADIO_SERVER_NAME="0.0.0.0",
                                         GRADIO_SERVER_PORT=str(free_port())))
    assert result.returncode == 2
    assert "phải có đăng nhập" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.integration  # the real app.py, started as a process
def test_app_py_without_an_index_says_what_to_do(tmp_path: Path):
    result = subprocess.run([sys.executable, "app.py"], cwd=REPO, capture_output=True, text=True, timeout=120,
                            env=_app_env(tmp_path, tmp_path / "no-index", GRADIO_SERVER_PORT=str(free_port())))
    assert result.returncode == 2
    assert "nghiquyet ingest" in result.stderr and "Traceback" not in result.stderr


def test_wrong_logins_are_answered_ever_more_slowly_after_a_few():
    from nghiquyet.ui.server import LoginThrottle

    throttle = LoginThrottle(free=3, base_delay_s=1.0, max_delay_s=8.0)
    assert [throttle.delay() for _ in range(8)] == [0, 0, 0, 1, 2, 4, 8, 8]
    throttle.reset()
    assert throttle.delay() == 0


def test_the_login_check_waits_after_repeated_failures():
    import time

    from nghiquyet.ui.server import LoginThrottle

    settings = load_settings(environ={"GRADIO_SERVER_NAME": "0.0.0.0", "NGHIQUYET_UI_USERNAME": "canbo",
                                      "NGHIQUYET_UI_PASSWORD": "dung"})
    check = make_auth(settings, LoginThrottle(free=2, base_delay_s=0.3))
    timings = []
    for _ in range(4):
        started = time.perf_counter()
        assert not check("canbo", "sai")
        timings.append(time.perf_counter() - started)
    assert timings[0] < 0.1 and timings[1] < 0.1 and timings[2] >= 0.3 and timings[3] >= 0.6
    assert check("canbo", "dung")


def test_the_ui_serves_files_only_from_its_private_folder(tmp_path: Path):
    settings = load_settings(environ={}, overrides={"ui.files_dir": tmp_path / "ui-files"})
    options = launch_options(settings)
    assert options["allowed_paths"] == [str((tmp_path / "ui-files").resolve())]
    assert (tmp_path / "ui-files").stat().st_mode & 0o777 == 0o700
    assert tempfile.gettempdir() not in options["allowed_paths"]
