"""Load check: N simulated users asking at once through the UI's own API, against one user alone.

Starts the app (``python app.py``) in a process of its own on a free loopback port, as users' browsers are
not in the server's interpreter (``--in-process`` starts it in this one, where the simulated users' threads
share its GIL), or uses --url, which must be a loopback address: this tool never loads someone else's server.
Then it runs the same questions twice: one user asking them in turn (the
baseline) and N users asking together. Reports completed/failed requests, time until the sources panel
fills and until the answer is final (median / p95), throughput, and the ratios against the baseline.
    .venv/bin/python bench/ui_load.py [--users 6] [--rounds 2] [--profile fast] [--prompt-cache-mb 0]
                                      [--in-process | --url http://127.0.0.1:7860/]

Both runs ask the same questions, so llama.cpp's prompt cache would answer the second run's from memory
and flatter it (a 2.8x "speed-up" was measured that way); the app started here has the cache off unless
--prompt-cache-mb says otherwise.
"""

from __future__ import annotations

import argparse
import ipaddress
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from nghiquyet.eval.metrics import median, percentile

MAX_USERS = 64
QUESTIONS = [
    "Mục tiêu kinh tế số của Sóc Trăng đến năm 2030 là gì?",
    "Nghị quyết 57 đặt mục tiêu quy mô kinh tế số đến năm 2030 là bao nhiêu?",
    "Sóc Trăng bố trí ít nhất bao nhiêu phần trăm tổng chi ngân sách cho khoa học, công nghệ?",
    "Đội tuyển bóng đá Việt Nam vô địch AFF Cup năm nào?",
    "What is Soc Trang's digital economy target for 2030?",
    "Chương trình 67 đặt mục tiêu gì về phủ sóng 5G?",
]


@dataclass
class Result:
    ok: bool
    sources_s: float | None
    total_s: float
    error: str = ""
    busy: bool = False  # answered with quotes at once because too many were waiting for the model


def ensure_loopback(url: str) -> None:
    host = urlparse(url).hostname or ""
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"Chỉ chạy thử tải trên địa chỉ loopback (127.0.0.1/localhost), không phải {host}.")


def ask_once(url: str, question: str, profile: str, client=None) -> Result:
    from gradio_client import Client

    sources_at = None
    # The page (here: the client and its session) is open before the question is asked, as in a browser; the
    # clock starts when the question is sent.
    client = client or Client(url, verbose=False)
    started = time.perf_counter()
    try:
        job = client.submit(question, [], [], "Tất cả", "Tất cả", profile, api_name="/ask")
        for output in job:
            if sources_at is None and "nq-source" in (output[2] or ""):
                sources_at = time.perf_counter() - started
        final = job.outputs()[-1]
        reply = str(final[1][-1]["content"]) if final and final[1] else ""
        ok = bool(reply) and not reply.startswith("⚠️") and "Đang tìm" not in reply
        return Result(ok, sources_at, time.perf_counter() - started, "" if ok else reply[:200],
                      busy="Hệ thống đang bận" in reply)
    except Exception as exc:  # noqa: BLE001 - a failed request is a data point, not a crash
        return Result(False, sources_at, time.perf_counter() - started, f"{type(exc).__name__}: {exc}"[:200])


def run(url: str, users: int, rounds: int, profile: str) -> tuple[list[Result], float]:
    results: list[Result] = []
    lock = threading.Lock()

    from gradio_client import Client

    clients = [Client(url, verbose=False) for _ in range(users)]  # every user's page is open first
    ready = threading.Barrier(users)

    def user(index: int) -> None:
        ready.wait()  # then they all ask at once
        for round_ in range(rounds):
            result = ask_once(url, QUESTIONS[(index + round_) % len(QUESTIONS)], profile, clients[index])
            with lock:
                results.append(result)

    started = time.perf_counter()
    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, time.perf_counter() - started


def summarise(label: str, results: list[Result], wall: float) -> dict[str, float]:
    done = [r for r in results if r.ok]
    sources = [r.sources_s for r in done if r.sources_s is not None]
    totals = [r.total_s for r in done]
    row = {"completed": len(done), "failed": len(results) - len(done), "busy": sum(r.busy for r in done),
           "sources_p50": median(sources), "sources_p95": percentile(sources, 0.95), "total_p50": median(totals),
           "total_p95": percentile(totals, 0.95), "per_min": 60 * len(done) / wall}
    print(f"{label:<18} {row['completed']:>9} {row['failed']:>6} {row['busy']:>5} {row['sources_p50']:>8.1f} / "
          f"{row['sources_p95']:<6.1f} {row['total_p50']:>8.1f} / {row['total_p95']:<6.1f} {row['per_min']:>10.1f}")
    for failure in [r for r in results if not r.ok][:3]:
        print(f"    lỗi: {failure.error}")
    return row


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(prompt_cache_mb: int, wait_s: float = 300.0) -> tuple[subprocess.Popen, str]:
    """``python app.py`` on a free loopback port, configured through the environment; returns when it answers."""
    import urllib.request

    port = free_port()
    env = os.environ | {"NGHIQUYET_UI_SERVER_NAME": "127.0.0.1", "NGHIQUYET_UI_SERVER_PORT": str(port),
                        "NGHIQUYET_SHOW_PROGRESS": "false", "NGHIQUYET_GENERATION_CACHE_RAM_MB": str(prompt_cache_mb)}
    server = subprocess.Popen([sys.executable, str(Path(__file__).resolve().parents[1] / "app.py")], env=env)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"Ứng dụng dừng khi khởi động (mã {server.returncode}).")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return server, url
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit(f"Ứng dụng không trả lời tại {url} sau {wait_s:.0f} s.")


def peak_mb(pid: int) -> float:
    """The peak resident memory of a process (Linux's VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=2, help="questions per user")
    parser.add_argument("--profile", default="fast")
    parser.add_argument("--url", default="")
    parser.add_argument("--in-process", action="store_true", help="start the app in this process (shares its GIL)")
    parser.add_argument("--prompt-cache-mb", type=int, default=0, help="llama.cpp prompt cache of the app started here")
    args = parser.parse_args()
    if not 1 <= args.users <= MAX_USERS:
        raise SystemExit(f"--users phải từ 1 đến {MAX_USERS}.")

    app = server = None
    url = args.url
    if url:
        ensure_loopback(url)
    elif args.in_process:
        from nghiquyet.core.config import load_settings
        from nghiquyet.ui.server import start

        settings = load_settings(overrides={"show_progress": False, "ui.server_name": "127.0.0.1",
                                            "ui.server_port": free_port(),
                                            "generation.cache_ram_mb": args.prompt_cache_mb})
        app, _, url = start(settings, block=False)
    else:
        server, url = start_server(args.prompt_cache_mb)
    try:
        print(f"UI tại {url}; hồ sơ mô hình {args.profile}; {args.users} người dùng × {args.rounds} câu hỏi")
        ask_once(url, QUESTIONS[0], args.profile)  # warm-up: model load
        print(f"{'run':<18} {'completed':>9} {'failed':>6} {'quoted (busy)':>5} {'sources p50/p95 s':>17} "
              f"{'total p50/p95 s':>17} {'answers/min':>11}")
        base_results, base_wall = run(url, 1, args.users * args.rounds, args.profile)
        base = summarise("1 user (baseline)", base_results, base_wall)
        load_results, load_wall = run(url, args.users, args.rounds, args.profile)
        load = summarise(f"{args.users} users at once", load_results, load_wall)
        print(f"ratios (load / baseline): sources p50 {load['sources_p50'] / base['sources_p50']:.2f}x, "
              f"total p50 {load['total_p50'] / base['total_p50']:.2f}x, "
              f"throughput {load['per_min'] / base['per_min']:.2f}x")
        if app is not None:
            import resource

            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            print(f"peak memory of this process (app, index and model included): {peak:.0f} MB")
        if server is not None:
            print(f"peak memory of the app's process (index and model included): {peak_mb(server.pid):.0f} MB")
    finally:
        if app is not None:
            app.close()
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    main()
