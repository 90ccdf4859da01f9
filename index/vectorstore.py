"""The dense side behind one small interface, :class:`VectorStore`, chosen by configuration
(``[index] vector_store``) through a registry.

``faiss`` (the default): inner-product search over L2-normalised vectors. ``flat`` is exact; ``hnsw`` (graph)
and ``ivf`` (inverted lists, quick to build) are approximate and much faster at a million vectors (see
bench/RESULTS.md). ``auto`` picks exact search below ``ann_threshold`` vectors and IVF above it (IVF builds a
million vectors in ~20 s here, HNSW takes tens of minutes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

import numpy as np
from nghiquyet.core.config import IndexSettings
from nghiquyet.core.errors import ConfigError, IndexCorruptError
from nghiquyet.index.ties import first_by_score_then_row, widened

VECTOR_FILE = "vectors.faiss"


class VectorStore(Protocol):
    """Vectors addressed by their position (the chunk's row in the index)."""

    backend: str  # the registry name, recorded in the index manifest

    @property
    def kind(self) -> str: ...

    def __len__(self) -> int: ...

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Top ``k`` (scores, positions), equal scores in position order (index/ties.py); ``allowed`` restricts
        the search to those positions."""

    def vectors(self) -> np.ndarray:
        """All stored vectors, in position order (to reuse them in an incremental build)."""

    def save(self, directory: Path) -> None: ...


class FaissVectorStore:
    """FAISS inner-product search over L2-normalised vectors."""

    backend = "faiss"

    def __init__(self, index: "faiss.Index") -> None:  # noqa: F821 - faiss is imported lazily
        self.index = index

    @classmethod
    def build(cls, vectors: np.ndarray, kind: str, hnsw_m: int = 32, ef_search: int = 128,
              ivf_nprobe: int = 16) -> "FaissVectorStore":
        import faiss

        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        dim = vectors.shape[1]
        if kind == "flat":
            index: faiss.Index = faiss.IndexFlatIP(dim)
        elif kind == "hnsw":
            index = faiss.IndexHNSWFlat(dim, hnsw_m, faiss.METRIC_INNER_PRODUCT)
            index.hnsw.efConstruction = max(40, 2 * hnsw_m)
            index.hnsw.efSearch = ef_search
        elif kind == "ivf":
            nlist = max(1, min(int(np.sqrt(max(len(vectors), 1))), max(len(vectors) // 39, 1)))
            quantizer = faiss.IndexFlatIP(dim)
            index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_INNER_PRODUCT)
            index.own_fields = True
            quantizer.this.disown()
            sample = vectors[np.random.default_rng(0).permutation(len(vectors))[: 64 * nlist]]
            index.train(sample)
            index.nprobe = ivf_nprobe
        else:
            raise ConfigError(f"Kiểu chỉ mục vector '{kind}' không có; chọn 'flat', 'hnsw', 'ivf' hoặc 'auto'.")
        if len(vectors):
            index.add(vectors)
        return cls(index)

    @classmethod
    def from_settings(cls, vectors: np.ndarray, settings: IndexSettings) -> "FaissVectorStore":
        return cls.build(vectors, choose_kind(settings, len(vectors)), settings.hnsw_m, settings.hnsw_ef_search,
                         settings.ivf_nprobe)

    @property
    def kind(self) -> str:
        import faiss

        if isinstance(self.index, faiss.IndexHNSW):
            return "hnsw"
        return "ivf" if isinstance(self.index, faiss.IndexIVF) else "flat"

    def __len__(self) -> int:
        return int(self.index.ntotal)

    def vectors(self) -> np.ndarray:
        if len(self) == 0:
            return np.zeros((0, self.index.d), dtype=np.float32)
        if self.kind == "ivf":
            self.index.make_direct_map()
        return self.index.reconstruct_n(0, len(self))

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        import faiss

        if len(self) == 0 or k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
            selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
            if self.kind == "hnsw":
                params = faiss.SearchParametersHNSW(sel=selector, efSearch=self.index.hnsw.efSearch)
            elif self.kind == "ivf":
                params = faiss.SearchParametersIVF(sel=selector, nprobe=self.index.nprobe)
            else:
                params = faiss.SearchParameters(sel=selector)
        scores, positions = self.index.search(np.asarray(query, dtype=np.float32)[None, :], min(widened(k), len(self)),
                                              params=params)
        keep = positions[0] >= 0
        return first_by_score_then_row(scores[0][keep], positions[0][keep], k)

    def save(self, directory: Path) -> None:
        import faiss

        faiss.write_index(self.index, str(directory / VECTOR_FILE))

    @classmethod
    def load(cls, directory: Path) -> "FaissVectorStore":
        import faiss

        try:
            return cls(faiss.read_index(str(directory / VECTOR_FILE)))
        except RuntimeError as exc:
            raise IndexCorruptError(
                f"Tệp chỉ mục vector {directory / VECTOR_FILE} bị hỏng; hãy chạy lại `nghiquyet ingest --rebuild`."
            ) from exc


def choose_kind(settings: IndexSettings, count: int) -> str:
    """FAISS's index kind for ``count`` vectors: the configured one, or for "auto" exact below the threshold."""
    if settings.vector_index == "auto":
        return "ivf" if count >= settings.ann_threshold else "flat"
    return settings.vector_index


class VectorStoreBackend(Protocol):
    def from_settings(self, vectors: np.ndarray, settings: IndexSettings) -> VectorStore: ...

    def load(self, directory: Path) -> VectorStore: ...


# name -> the class (or any object) that builds a store from vectors and loads a saved one.
VECTOR_STORES: dict[str, VectorStoreBackend] = {"faiss": FaissVectorStore}


def register_vector_store(name: str, backend: VectorStoreBackend) -> None:
    VECTOR_STORES[name] = backend


def _backend(name: str) -> VectorStoreBackend:
    if name not in VECTOR_STORES:
        raise ConfigError(f"Kho vector '{name}' không có; chọn {', '.join(sorted(VECTOR_STORES))}.")
    return VECTOR_STORES[name]


def build_vector_store(vectors: np.ndarray, settings: IndexSettings) -> VectorStore:
    """A new store of the configured backend holding ``vectors``."""
    return _backend(settings.vector_store).from_settings(vectors, settings)


def load_vector_store(name: str, directory: Path) -> VectorStore:
    """The store saved in ``directory`` by the backend ``name`` (as its manifest records it)."""
    return _backend(name).load(directory)

