"""Generators behind one small interface, all speaking the OpenAI chat-completions shape.

- ``llamacpp`` (default): in-process llama.cpp (xllamacpp) on a GGUF file — the bundled Qwen2.5 models
  ("fast" 0.5B, "quality" 1.5B) or one the user configures.
- ``transformers``: any causal LM by hub name or local directory (GPU servers).
- ``openai``: any OpenAI-compatible HTTP endpoint (vLLM, llama.cpp server, Ollama…) by base URL.
Every backend streams: ``on_token`` receives text pieces as they arrive.
"""

from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from nghiquyet.config import Settings
from nghiquyet.errors import ConfigError, ModelFileError, NghiQuyetError

log = logging.getLogger(__name__)

Message = dict[str, str]
TokenCallback = Callable[[str], None]


class GenerationError(NghiQuyetError):
    """The model could not produce an answer (server down, model failed)."""


@dataclass
class Generation:
    text: str
    model: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    first_token_ms: float | None = None
    total_ms: float = 0.0


class Generator(Protocol):
    name: str

    def chat(self, messages: list[Message], max_tokens: int, on_token: TokenCallback | None = None) -> Generation: ...


def _delta_text(chunk: dict) -> str:
    choices = chunk.get("choices") or [{}]
    return (choices[0].get("delta") or {}).get("content") or ""


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
        self.name = f"llama.cpp/{model_path.name}"

    @property
    def listening_address(self) -> str:
        """llama.cpp also serves the OpenAI HTTP API on a loopback port (127.0.0.1 only)."""
        return str(self._server.listening_address)

    def chat(self, messages: list[Message], max_tokens: int, on_token: TokenCallback | None = None) -> Generation:
        request = {"messages": messages, "max_tokens": max_tokens, "temperature": 0, "stream": True,
                   "stream_options": {"include_usage": True}}
        pieces: list[str] = []
        state: dict[str, object] = {}
        started = time.perf_counter()

        def receive(chunk: dict | str) -> None:
            data = json.loads(chunk) if isinstance(chunk, str) else chunk
            if "error" in data:
                state["error"] = data["error"]
                return
            text = _delta_text(data)
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


class OpenAIHTTPGenerator:
    """Any OpenAI-compatible endpoint: ``base_url`` such as http://server:8000/v1."""

    def __init__(self, base_url: str, model: str = "", api_key: str = "", timeout_s: float = 120.0) -> None:
        if not base_url:
            raise ConfigError("Chưa cấu hình generator_base_url cho máy chủ mô hình kiểu OpenAI.")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout_s = timeout_s
        self.name = f"openai/{model or self.base_url}"

    def chat(self, messages: list[Message], max_tokens: int, on_token: TokenCallback | None = None) -> Generation:
        import httpx

        body = {"messages": messages, "max_tokens": max_tokens, "temperature": 0, "stream": True,
                "stream_options": {"include_usage": True}}
        if self.model:
            body["model"] = self.model
        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        pieces: list[str] = []
        usage: dict = {}
        first: float | None = None
        started = time.perf_counter()
        try:
            with httpx.stream("POST", f"{self.base_url}/chat/completions", json=body, headers=headers,
                              timeout=self.timeout_s) as response:
                if response.status_code != 200:
                    response.read()
                    raise GenerationError(f"Máy chủ mô hình trả lỗi {response.status_code}: {response.text[:200]}")
                for line in response.iter_lines():
                    if not line.startswith("data:"):
                        continue
                    payload = line[5:].strip()
                    if payload == "[DONE]":
                        break
                    data = json.loads(payload)
                    text = _delta_text(data)
                    if text:
                        first = first or time.perf_counter()
                        pieces.append(text)
                        if on_token:
                            on_token(text)
                    usage = data.get("usage") or usage
        except httpx.HTTPError as exc:
            raise GenerationError(f"Không kết nối được máy chủ mô hình {self.base_url}: {exc}") from exc
        return Generation("".join(pieces), self.name, usage.get("prompt_tokens"), usage.get("completion_tokens"),
                          (first - started) * 1000 if first else None, (time.perf_counter() - started) * 1000)


class TransformersGenerator:
    """Any causal LM transformers can load, by hub name or local directory (optionally a GGUF file in it),
    with its chat template; streams through ``TextIteratorStreamer``. Meant for servers with a GPU: on a
    2-core CPU a GGUF is de-quantised to fp32 and runs several times slower than llama.cpp."""

    def __init__(self, model: str, gguf_file: str = "", allow_download: bool = False) -> None:
        if not model:
            raise ConfigError("Chưa cấu hình generator_model (tên trên hub hoặc thư mục chứa mô hình).")
        from transformers import AutoModelForCausalLM, AutoTokenizer

        kwargs: dict[str, object] = {"local_files_only": not allow_download}
        if gguf_file:
            kwargs["gguf_file"] = gguf_file
        try:
            self.tokenizer = AutoTokenizer.from_pretrained(model, **kwargs)
            self.model = AutoModelForCausalLM.from_pretrained(model, **kwargs)
        except (OSError, ValueError) as exc:
            hint = "" if allow_download else " (máy không tải mô hình từ Internet; hãy trỏ tới thư mục đã có mô hình)"
            raise ModelFileError(f"Không nạp được mô hình '{model}'{hint}: {exc}") from exc
        import torch

        self.device = "cuda" if torch.cuda.is_available() else "cpu"
        self.model.to(self.device)
        self._lock = threading.Lock()
        self.name = f"transformers/{Path(model).name if Path(model).exists() else model}" + (f"/{gguf_file}" if gguf_file else "")

    def chat(self, messages: list[Message], max_tokens: int, on_token: TokenCallback | None = None) -> Generation:
        from transformers import TextIteratorStreamer

        inputs = self.tokenizer.apply_chat_template(messages, add_generation_prompt=True, return_tensors="pt",
                                                    return_dict=True).to(self.device)
        streamer = TextIteratorStreamer(self.tokenizer, skip_prompt=True, skip_special_tokens=True)
        arguments = dict(**inputs, max_new_tokens=max_tokens, do_sample=False, streamer=streamer)
        pieces: list[str] = []
        first: float | None = None
        started = time.perf_counter()
        with self._lock:
            worker = threading.Thread(target=self.model.generate, kwargs=arguments, daemon=True)
            worker.start()
            for text in streamer:
                if not text:
                    continue
                first = first or time.perf_counter()
                pieces.append(text)
                if on_token:
                    on_token(text)
            worker.join()
        text = "".join(pieces)
        completion = len(self.tokenizer(text, add_special_tokens=False)["input_ids"]) if text else 0
        return Generation(text, self.name, int(inputs["input_ids"].shape[1]), completion,
                          (first - started) * 1000 if first else None, (time.perf_counter() - started) * 1000)


_CACHE: dict[tuple, Generator] = {}
_CACHE_LOCK = threading.Lock()


def create_generator(settings: Settings, profile: str | None = None) -> Generator:
    """The configured generator, loaded once per process and shared."""
    profile = profile or settings.generator_profile
    key = (settings.generator, profile, settings.generator_model, settings.generator_base_url,
           settings.generator_cache_ram_mb)
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key]
        if settings.generator == "llamacpp":
            if settings.generator_model:
                path = Path(settings.generator_model)
            else:
                from chat.bundled_models import ensure_bundled_model

                path = ensure_bundled_model(profile, settings.model_cache_dir)
            generator: Generator = LlamaCppGenerator(path, settings.generator_n_ctx, settings.generator_threads,
                                                     settings.generator_cache_ram_mb)
        elif settings.generator == "transformers":
            generator = TransformersGenerator(settings.generator_model, settings.generator_gguf_file,
                                              settings.allow_downloads)
        elif settings.generator == "openai":
            generator = OpenAIHTTPGenerator(settings.generator_base_url, settings.generator_model,
                                            settings.generator_api_key)
        else:
            raise ConfigError(f"Bộ sinh '{settings.generator}' không có; chọn 'llamacpp', 'transformers' hoặc 'openai'.")
        _CACHE[key] = generator
        return generator
