"""Any OpenAI-compatible HTTP endpoint (vLLM, llama.cpp server, Ollama…) by base URL."""

from __future__ import annotations

import json
import time

from nghiquyet.chat.generator import (
    Generation,
    GenerationError,
    Message,
    TokenCallback,
    delta_text,
    response_format,
)
from nghiquyet.core.errors import ConfigError


class OpenAIHTTPGenerator:
    """Any OpenAI-compatible endpoint: ``base_url`` such as http://server:8000/v1."""

    def __init__(self, base_url: str, model: str = "", api_key: str = "", timeout_s: float = 120.0) -> None:
        if not base_url:
            raise ConfigError("Chưa cấu hình generator_base_url cho máy chủ mô hình kiểu OpenAI.")
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.api_key = api_key
        self.timeout_s = timeout_s
        self.supports_schema = True  # JSON-schema constrained decoding (llama.cpp grammar / response_format)
        self.name = f"openai/{model or self.base_url}"

    def chat(self, messages: list[Message], max_tokens: int, on_token: TokenCallback | None = None,
             schema: dict | None = None) -> Generation:
        import httpx

        body = {"messages": messages, "max_tokens": max_tokens, "temperature": 0, "stream": True,
                "stream_options": {"include_usage": True}, **response_format(schema)}
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
                    text = delta_text(data)
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
