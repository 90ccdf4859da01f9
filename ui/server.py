"""Starting the UI safely: loopback by default, a login on any other address, upload limits, a queue.

Fonts are the system's (no Google Fonts request from the browser); telemetry is off (ui/layout.py).
"""

from __future__ import annotations

import hmac
import ipaddress
import logging
import sys
import threading
import time
from typing import Any, Callable

from nghiquyet.core.config import Settings, load_settings
from nghiquyet.core.errors import ConfigError, NghiQuyetError
from nghiquyet.core.logs import setup_logging
from nghiquyet.ui.files import private_files_dir

log = logging.getLogger(__name__)

CSS = """
.nq-sources h3 { margin: 0 0 .5em 0; font-size: 1.05em; }
.nq-sources h4 { margin: 1em 0 .4em 0; font-size: .95em; color: var(--body-text-color-subdued); }
.nq-source { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: .6em .8em;
             margin-bottom: .6em; }
.nq-source.nq-flash { outline: 3px solid #f59e0b; }
.nq-section { font-size: .85em; color: var(--body-text-color-subdued); margin: .2em 0; }
.nq-table { font-size: .85em; font-style: italic; margin: .2em 0; }
.nq-text { margin: .3em 0; padding-left: .6em; border-left: 3px solid #2563eb; }
.nq-badge { color: #2563eb; }
.nq-context { font-size: .9em; max-height: 320px; overflow-y: auto; }
#nq-documents, #nq-documents * { font-family: var(--font) !important; }
mark { background: #fde68a; padding: 0 2px; border-radius: 2px; }
"""

# Citation links in the answer scroll to their clause in the sources panel (and open nothing else).
HEAD = """
<script>
document.addEventListener("click", function (event) {
  const link = event.target.closest && event.target.closest("a.nq-cite");
  if (!link) return;
  event.preventDefault();
  event.stopPropagation();
  const target = document.getElementById(link.getAttribute("href").slice(1));
  if (!target) return;
  target.scrollIntoView({behavior: "smooth", block: "center"});
  target.classList.add("nq-flash");
  setTimeout(function () { target.classList.remove("nq-flash"); }, 2000);
}, true);
</script>
"""


# Gradio ships no Vietnamese strings; these replace the ones a user meets (login, upload, queue, errors),
# for Vietnamese and English browsers alike: the interface is Vietnamese first.
GRADIO_STRINGS = {
    "login.login": "Đăng nhập", "login.username": "Tên đăng nhập", "login.password": "Mật khẩu",
    "login.incorrect_credentials": "Tên đăng nhập hoặc mật khẩu không đúng",
    "upload_text.click_to_upload": "Bấm để chọn tệp", "upload_text.drop_file": "Kéo thả tệp vào đây",
    "common.or": "hoặc", "common.clear": "Xoá", "common.download": "Tải về", "common.error": "Lỗi",
    "common.loading": "Đang tải", "common.remove": "Bỏ", "common.submit": "Gửi", "common.empty": "Trống",
    "queue.queue_position": "Đang xếp hàng: {position}/{size}",
}


# Gradio's login page is drawn before any configuration reaches the browser, so its labels stay English.
AUTH_MESSAGE = "Đăng nhập để dùng Trợ lý Nghị quyết (username: tên đăng nhập, password: mật khẩu)."


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class LoginThrottle:
    """After ``free`` wrong logins in a row, each further wrong one is answered after a growing delay (1 s,
    2 s, 4 s, at most ``max_delay_s``): guessing a password becomes slow. A right login resets it."""

    def __init__(self, free: int, base_delay_s: float = 1.0, max_delay_s: float = 8.0) -> None:
        self.free = free
        self.base_delay_s = base_delay_s
        self.max_delay_s = max_delay_s
        self.failures = 0
        self._lock = threading.Lock()

    def delay(self) -> float:
        """Record a wrong login; how long to wait before answering it."""
        with self._lock:
            self.failures += 1
            over = self.failures - self.free
        return 0.0 if over <= 0 else min(self.base_delay_s * 2 ** (over - 1), self.max_delay_s)

    def reset(self) -> None:
        with self._lock:
            self.failures = 0


def make_auth(settings: Settings, throttle: LoginThrottle | None = None) -> Callable[[str, str], bool] | None:
    """A login check when one is configured; required (ConfigError) when bound beyond loopback."""
    configured = bool(settings.ui.username and settings.ui.password)
    if not configured and (settings.ui.username or settings.ui.password):
        raise ConfigError("Cần đặt cả username lẫn password trong bảng [ui] của nghiquyet.toml (hoặc "
                          "NGHIQUYET_UI_USERNAME / NGHIQUYET_UI_PASSWORD).")
    if not configured:
        if is_loopback(settings.ui.server_name):
            return None
        raise ConfigError(
            f"Giao diện đang được mở ra mạng ({settings.ui.server_name}) nên phải có đăng nhập: đặt username và "
            "password trong bảng [ui] của nghiquyet.toml hoặc biến môi trường NGHIQUYET_UI_USERNAME / "
            "NGHIQUYET_UI_PASSWORD; hoặc chỉ chạy trên máy này với server_name = \"127.0.0.1\" trong [ui].")
    username, password = settings.ui.username.encode(), settings.ui.password.encode()
    throttle = throttle or LoginThrottle(settings.ui.login_attempts_before_delay)

    def check(user: str, secret: str) -> bool:
        # Both compared every time, in constant time, so neither leaks through timing.
        ok_user = hmac.compare_digest(user.encode(), username)
        ok_secret = hmac.compare_digest(secret.encode(), password)
        if ok_user and ok_secret:
            throttle.reset()
            return True
        log.warning("Đăng nhập sai (tên đăng nhập %r)", user[:40])
        time.sleep(throttle.delay())
        return False

    return check


def launch_options(settings: Settings) -> dict[str, Any]:
    """What ``Blocks.launch`` is told about address, login, limits and files; no share link, ever. Plain
    values, without importing gradio; ``start`` adds the look (``look_options``)."""
    return dict(server_name=settings.ui.server_name, server_port=settings.ui.server_port, share=False,
                auth=make_auth(settings), auth_message=AUTH_MESSAGE,
                max_file_size=f"{settings.ui.upload_max_mb}mb", show_error=False, quiet=True, ssr_mode=False,
                allowed_paths=[str(private_files_dir(settings))], css=CSS, head=HEAD, footer_links=[],
                enable_monitoring=False, pwa=False, mcp_server=False)


def look_options() -> dict[str, Any]:
    """The theme and the Vietnamese strings of Gradio's own components, passed to ``Blocks.launch``."""
    import gradio as gr

    theme = gr.themes.Soft(font=["system-ui", "Segoe UI", "Arial", "sans-serif"],
                           font_mono=["ui-monospace", "Consolas", "monospace"])
    return dict(theme=theme, i18n=gr.I18n(vi=GRADIO_STRINGS, en=GRADIO_STRINGS))


def create_app(settings: Settings, **state_options: Any):
    """The Blocks app with its queue, ready to launch."""
    from nghiquyet.ui.layout import build_app
    from nghiquyet.ui.state import AppState

    state = AppState(settings, **state_options)
    app = build_app(state)
    # Gradio's own limit ("queue full", an English message) is set well above ours: past [ui] queue_size
    # questions waiting for the model, ours answers with quotes at once and says why in Vietnamese.
    app.queue(default_concurrency_limit=settings.ui.concurrency,
              max_size=4 * (settings.ui.queue_size + settings.ui.concurrency))
    return app, state


def start(settings: Settings, block: bool = True, **state_options: Any):
    """Launch the UI; returns (app, state, local address)."""
    options = launch_options(settings)  # refuses an unsafe address before anything is loaded
    app, state = create_app(settings, **state_options)
    if settings.ui.preload_model:
        state.preload_model()
    app.launch(prevent_thread_lock=True, **options, **look_options())
    url = app.local_url or f"http://{settings.ui.server_name}:{settings.ui.server_port}/"
    print(f"Trợ lý Nghị quyết đang chạy tại {url}  (Ctrl+C để dừng)", flush=True)
    if block:
        try:
            app.block_thread()
        except KeyboardInterrupt:  # pragma: no cover - interactive stop
            app.close()
    return app, state, url


def main() -> int:
    settings = Settings()
    try:
        settings = load_settings()
        setup_logging(settings, verbose=False)
        start(settings)
    except NghiQuyetError as exc:
        print(f"Lỗi: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"Lỗi: không mở được giao diện tại {settings.ui.server_name}:{settings.ui.server_port} ({exc}). "
              "Hãy đặt GRADIO_SERVER_PORT sang cổng khác.", file=sys.stderr)
        return 2
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback on the console
        log.exception("unexpected error while starting the UI")
        print(f"Lỗi không mong đợi: {exc}. Chi tiết đã ghi vào {settings.log_file}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
