"""Generators behind one small interface, all speaking the OpenAI chat-completions shape, chosen by
configuration (``[generation] backend``) through a registry:

- ``llamacpp`` (default): in-process llama.cpp on a GGUF file (the bundled models, or one configured);
- ``transformers``: any causal LM by hub name or local directory (GPU servers);
- ``openai``: any OpenAI-compatible HTTP endpoint by base URL.

Every backend streams: ``on_token`` receives text pieces as they arrive. A model is loaded once per process
and per configuration: the cache key is the whole ``[generation]`` table with the profile, so two
configurations never share a model by accident.
"""

from __future__ import annotations

import dataclasses
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Protocol

from nghiquyet.core.config import GenerationSettings, Settings
from nghiquyet.core.errors import ConfigError, NghiQuyetError

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
    """``schema``: a JSON schema the reply must follow (grammar-constrained decoding); only passed to a
    generator whose ``supports_schema`` is true."""

    name: str

    def chat(self, messages: list[Message], max_tokens: int, on_token: TokenCallback | None = None,
             schema: dict | None = None) -> Generation: ...


def supports_schema(generator: Generator) -> bool:
    return bool(getattr(generator, "supports_schema", False))


def response_format(schema: dict | None) -> dict:
    """The OpenAI-shaped request field that constrains a reply to ``schema`` (llama.cpp, vLLM, OpenAI)."""
    return {"response_format": {"type": "json_schema", "json_schema": {"name": "answer", "strict": True,
                                                                        "schema": schema}}} if schema else {}


def delta_text(chunk: dict) -> str:
    """The text of one streamed chat-completions chunk."""
    choices = chunk.get("choices") or [{}]
    return (choices[0].get("delta") or {}).get("content") or ""


def _llamacpp(settings: GenerationSettings, allow_downloads: bool) -> Generator:
    from nghiquyet.chat.backends.llamacpp import LlamaCppGenerator

    if settings.model:
        path = Path(settings.model)
    else:
        from nghiquyet.chat.bundled_models import ensure_bundled_model

        path = ensure_bundled_model(settings.profile, settings.model_cache_dir)
    return LlamaCppGenerator(path, settings.n_ctx, settings.threads, settings.cache_ram_mb)


def _transformers(settings: GenerationSettings, allow_downloads: bool) -> Generator:
    from nghiquyet.chat.backends.transformers_lm import TransformersGenerator

    return TransformersGenerator(settings.model, settings.gguf_file, allow_downloads)


def _openai(settings: GenerationSettings, allow_downloads: bool) -> Generator:
    from nghiquyet.chat.backends.openai_http import OpenAIHTTPGenerator

    return OpenAIHTTPGenerator(settings.base_url, settings.model, settings.api_key)


# name -> factory of (the [generation] table with the profile in force, allow_downloads).
GENERATORS: dict[str, Callable[[GenerationSettings, bool], Generator]] = {
    "llamacpp": _llamacpp, "transformers": _transformers, "openai": _openai}

_CACHE: dict[tuple[GenerationSettings, bool], Generator] = {}
_CACHE_LOCK = threading.Lock()


def register_generator(name: str, factory: Callable[[GenerationSettings, bool], Generator]) -> None:
    GENERATORS[name] = factory


def create_generator(settings: Settings, profile: str | None = None) -> Generator:
    """The configured generator, loaded once per process and configuration, and shared."""
    wanted = dataclasses.replace(settings.generation, profile=profile or settings.generation.profile)
    key = (wanted, settings.allow_downloads)
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key]
        factory = GENERATORS.get(wanted.backend)
        if factory is None:
            raise ConfigError(f"Bộ sinh '{wanted.backend}' không có; chọn {', '.join(repr(n) for n in GENERATORS)}.")
        _CACHE[key] = generator = factory(wanted, settings.allow_downloads)
        return generator
