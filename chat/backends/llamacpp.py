"""llama.cpp in this process (xllamacpp, a prebuilt wheel) on a GGUF file: the bundled Qwen2.5 models ("fast"
0.5B, "quality" 1.5B) or one the user configures."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from nghiquyet.chat.generator import (
    Generation,
    GenerationError,
    Message,
    TokenCallback,
    delta_text,
    response_format,
)
from nghiquyet.core.errors import ModelFileError


class LlamaCppGenerator:
    """llama.cpp in this process. One model per process; requests are serialised."""

    def __init__(self, model_path: Path, n_ctx: int = 4096, threads: int = 0, cache_ram_mb: int = 1024) -> None:
        try:
            import xllamacpp
        except ImportError as exc:  # pragma: no cover - broken install
            raise ModelFileError("Thiếu gói xllamacpp; hãy chạy lại `make run` để cài đặt.") from exc
        if not model_path.is_file():
            raise ModelFileError(f"Không thấy tệp mô hình {model_path}.")
        params = xllamacpp.CommonParams()
        params.model.path = str(model_path)
        params.n_ctx = n_ctx
        params.n_parallel = 1
        # llama.cpp keeps earlier prompts in RAM and reuses them (a repeated question skips its prompt); its
        # default allowance is 8 GiB, too much for an office PC. 0 turns the cache off.
        params.cache_ram_mib = cache_ram_mb
        params.verbosity = 0
        if threads > 0:
            params.cpuparams.n_threads = threads
            params.cpuparams_batch.n_threads = threads
        try:
            self._server = xllamacpp.Server(params)
        except Exception as exc:  # noqa: BLE001 - the C++ side raises plain exceptions
            raise ModelFileError(f"Không nạp được mô hình {model_path.name}: {exc}") from exc
        self._lock = threading.Lock()
        self.supports_schema = True  # JSON-schema constrained decoding (llama.cpp grammar / response_format)
        self.name = f"llama.cpp/{model_path.name}"

    @property
    def listening_address(self) -> str:
        """llama.cpp also serves the OpenAI HTTP API on a loopback port (127.0.0.1 only)."""
        return str(self._server.listening_address)

    def chat(self, messages: list[Message], max_tokens: int, on_token: TokenCallback | None = None,
             schema: dict | None = None) -> Generation:
        request = {"messages": messages, "max_tokens": max_tokens, "temperature": 0, "stream": True,
                   "stream_options": {"include_usage": True}, **response_format(schema)}
        pieces: list[str] = []
        state: dict[str, object] = {}
        started = time.perf_counter()

        def receive(chunk: dict | str) -> None:
            data = json.loads(chunk) if isinstance(chunk, str) else chunk
            if "error" in data:
                state["error"] = data["error"]
                return
            text = delta_text(data)
            if text:
                state.setdefault("first", time.perf_counter())
                pieces.append(text)
                if on_token:
                    on_token(text)
            if data.get("usage"):
                state["usage"] = data["usage"]

        with self._lock:
            self._server.handle_chat_completions(request, receive)
        if "error" in state:
            raise GenerationError(f"Mô hình báo lỗi: {state['error']}")
        usage = state.get("usage") or {}
        first = state.get("first")
        return Generation("".join(pieces), self.name, usage.get("prompt_tokens"), usage.get("completion_tokens"),
                          (first - started) * 1000 if first else None, (time.perf_counter() - started) * 1000)
