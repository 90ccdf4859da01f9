"""Where the index lives, chosen by ``[index] vector_store``:

- a directory of files (``faiss``, the default): FAISS + bm25s in ``index_dir``, rebuilt by each ingest and
  switched atomically (index/store.py, index/vectorstore.py);
- a store that holds the whole index itself (corpus, dense and sparse vectors) and is updated in place one
  source file at a time (``qdrant``: index/qdrant_store.py), so that several app replicas can serve one
  cluster and need no local files.

The retriever, ``nghiquyet docs`` and ingest reach the index through :func:`open_index` and
:func:`source_store`; a store of the second kind registers in ``SOURCE_STORES`` and nothing else changes.
"""

from __future__ import annotations

from typing import Any, Callable, Protocol, Sequence

import numpy as np
from nghiquyet.core.config import IndexSettings, Settings
from nghiquyet.core.models import Chunk, Document
from nghiquyet.index.store import IndexData, SourceRecord, load_index, newer_build_committed


class SourceStore(Protocol):
    """An index updated source by source, in place (see QdrantStore for the crash-safe order)."""

    def load(self, expected: dict[str, Any] | None = None) -> IndexData:
        """The committed corpus with its search objects; IndexMissingError when there is none."""

    def sources(self, expected: dict[str, Any] | None = None) -> dict[str, SourceRecord]:
        """The committed source records; IndexMissingError / IndexIncompatibleError as load."""

    def create(self, manifest: dict[str, Any], dim: int, texts: Sequence[str]) -> Any:
        """Empty the store and start anew; returns what replace_source needs to weigh chunks (``weights``)."""

    def weights(self) -> Any: ...

    def recover(self) -> dict[str, bool]:
        """Finish what a stopped run left half-written: {source name: whether it was being withdrawn}."""

    def reusable_vectors(self, name: str) -> dict[str, np.ndarray]: ...

    def replace_source(self, name: str, record: SourceRecord, documents: list[Document], chunks: list[Chunk],
                       vectors: np.ndarray, weights: Any) -> None: ...

    def remove_source(self, name: str) -> None: ...

    def counts(self) -> tuple[int, int]:
        """(documents, chunks) committed."""


def _qdrant(settings: IndexSettings) -> SourceStore:
    from nghiquyet.index.qdrant_store import QdrantStore  # the client is imported only when chosen

    return QdrantStore.from_settings(settings)


# name -> factory. Names not here (``faiss``) are directory indexes, built through VECTOR_STORES.
SOURCE_STORES: dict[str, Callable[[IndexSettings], SourceStore]] = {"qdrant": _qdrant}


def register_source_store(name: str, factory: Callable[[IndexSettings], SourceStore]) -> None:
    SOURCE_STORES[name] = factory


def source_store(settings: Settings) -> SourceStore | None:
    """The configured store when it is one updated in place, else None (a directory index)."""
    factory = SOURCE_STORES.get(settings.index.vector_store)
    return factory(settings.index) if factory is not None else None


def open_index(settings: Settings, expected: dict[str, Any] | None = None) -> IndexData:
    """The index to search, wherever the configuration says it lives (compatibility checked against
    ``expected``, see index/store.py's ``versions``)."""
    store = source_store(settings)
    return store.load(expected) if store is not None else load_index(settings.index_dir, expected)


def index_is_stale(settings: Settings, data: IndexData) -> bool:
    """Whether a newer index was committed since ``data`` was loaded: by ``nghiquyet ingest`` in another process
    (a directory index), or by another replica's batch into a shared collection (a store updated in place)."""
    probe = getattr(data.vectors, "is_stale", None)
    if callable(probe):
        return bool(probe())
    return newer_build_committed(settings.index_dir, data.build)
