"""The whole index in Qdrant: for a national deployment (several app replicas, a Qdrant cluster), chosen by
``[index] vector_store = "qdrant"`` (or ``NGHIQUYET_STORE=qdrant``). FAISS + bm25s in ``var/index`` stay the
default for one PC.

Two collections:

- ``<collection>``: one point per chunk, with a dense vector (``dense``, cosine), a sparse BM25 vector
  (``bm25``) and the chunk with its document's metadata as payload (``doc_id``, ``kind``, ``level``,
  ``province``, ``year``, ``section``, ``chunk_id``, and the chunk itself), so search filters are payload
  filters and a replica needs nothing but the collection to serve.
- ``<collection>_meta``: points without vectors: the manifest (embedder, tokenizer, BM25 parameters) and one
  record per source file (fingerprint, documents). A replica reads the corpus from these two collections.

BM25 without an engine analyser: no engine segments Vietnamese words, so the sparse vectors come from our
own tokenizer (underthesea words and bigrams, index/tokenizer.py). A token is hashed to a 32-bit index; a
document's weight for it is BM25's term-frequency part with length normalisation, tf / (tf + k1 (1 - b + b
dl / avgdl)), exactly as bm25s computes it; the collection's ``Modifier.IDF`` multiplies in the IDF at query
time (Qdrant's formula is bm25s's: ln(1 + (N - df + 0.5) / (df + 0.5))). Query weights are token counts.
So a sparse score is the bm25s score, and the refusal gate's thresholds hold. ``avgdl`` is fixed when the
collection is created (recorded in the manifest) so that daily additions need no re-weighting; IDF follows
the collection as it grows. ``nghiquyet ingest --rebuild`` re-weights everything.

Writes go one source file at a time, in an order that keeps the collection consistent if a run stops
anywhere (see :meth:`QdrantStore.replace_source`): point ids are UUIDs derived from the source, its
fingerprint and the chunk id, so re-running writes the same points, and a reader only takes the points of
the version its source record commits.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
import threading
import time
import uuid
import warnings
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Sequence

import numpy as np
from nghiquyet.core.config import IndexSettings, RetrievalSettings
from nghiquyet.core.errors import ConfigError, IndexCorruptError, IndexMissingError, NghiQuyetError
from nghiquyet.core.lexicon import names_document
from nghiquyet.core.models import Chunk, Document, SearchFilters
from nghiquyet.core.textnorm import fold
from nghiquyet.index.bm25 import inverse_document_frequency
from nghiquyet.index.candidates import Candidates
from nghiquyet.index.fusion import Ranked, fuse
from nghiquyet.index.store import IndexData, SourceRecord, check_compatible
from nghiquyet.index.ties import first_by_score_then_row, widened
from nghiquyet.index.tokenizer import tokenize

log = logging.getLogger(__name__)

DENSE = "dense"
SPARSE = "bm25"
META_SUFFIX = "_meta"
MANIFEST_ID = str(uuid.uuid5(uuid.NAMESPACE_URL, "nghiquyet:manifest"))
POINT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "nghiquyet:chunk")
SOURCE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "nghiquyet:source")
BATCH = 256
SCROLL_PAGE = 1000
FUSIONS = ("auto", "server", "client")
REBUILD_HINT = "Hãy chạy `nghiquyet ingest --rebuild` để dựng lại chỉ mục trong Qdrant."


# -- BM25 as sparse vectors -------------------------------------------------------------------------------
def token_index(token: str) -> int:
    """A token's place in the sparse vector: 32 bits of its hash (no vocabulary to share between writers;
    two tokens colliding is about one pair in a vocabulary of 90,000)."""
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=4).digest(), "little")


@dataclass(frozen=True)
class BM25Weights:
    """BM25's term-frequency part, client-side; the engine multiplies in the IDF. k1 and b are bm25s's.
    ``tokenizer`` is ours (index/tokenizer.py); the scale bench passes pre-cut synthetic text."""

    avgdl: float
    k1: float = 1.5
    b: float = 0.75
    tokenizer: Callable[[str], list[str]] = field(default=tokenize, compare=False, repr=False)

    def tokens(self, text: str) -> list[str]:
        return self.tokenizer(text) or ["_"]  # as BM25Index.build, so an empty chunk still counts in N

    @classmethod
    def fitted(cls, texts: Sequence[str], tokenizer: Callable[[str], list[str]] = tokenize) -> "BM25Weights":
        lengths = [len(tokenizer(t) or ["_"]) for t in texts]
        return cls(avgdl=float(np.mean(lengths)) if lengths else 1.0, tokenizer=tokenizer)

    def document(self, text: str) -> tuple[list[int], list[float]]:
        tokens = self.tokens(text)
        norm = self.k1 * (1 - self.b + self.b * len(tokens) / self.avgdl)
        counts = Counter(token_index(t) for t in tokens)
        indices = sorted(counts)
        return indices, [counts[i] / (counts[i] + norm) for i in indices]

    def query(self, text: str) -> tuple[list[int], list[float]]:
        counts = Counter(token_index(t) for t in self.tokenizer(text))
        indices = sorted(counts)
        return indices, [float(counts[i]) for i in indices]

    def to_dict(self) -> dict[str, float]:
        return {"avgdl": self.avgdl, "k1": self.k1, "b": self.b}


# -- ids and payloads -------------------------------------------------------------------------------------
def point_id(source: str, fingerprint: str, chunk_id: str, occurrence: int = 0) -> str:
    """Stable: the same chunk of the same version of a source always gets the same id, so a re-run
    overwrites instead of duplicating; a new version of the file gets new ids, so the old version stays
    whole until the new one is committed."""
    return str(uuid.uuid5(POINT_NAMESPACE, f"{source}\x1f{fingerprint}\x1f{chunk_id}\x1f{occurrence}"))


def source_id(name: str) -> str:
    return str(uuid.uuid5(SOURCE_NAMESPACE, name))


def document_year(document: Document) -> int | None:
    return date.fromisoformat(document.date).year if document.date else None


def chunk_payload(source: str, fingerprint: str, seq: int, chunk: Chunk, document: Document) -> dict[str, Any]:
    """What a filter and a replica need: the filter fields folded as SearchFilters compares them."""
    payload: dict[str, Any] = {
        "source": source, "fingerprint": fingerprint, "seq": seq, "chunk_id": chunk.chunk_id,
        "doc_id": chunk.doc_id, "kind": fold(document.kind), "level": fold(document.level or ""),
        "province": fold(document.province or ""), "section": chunk.section, "chunk": chunk.to_dict(),
    }
    year = document_year(document)
    if year is not None:
        payload["year"] = year
    return payload


def text_key(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


# -- clients: one per server or folder and process (local mode locks its folder) -------------------------
_CLIENTS: dict[str, Any] = {}
_CLIENTS_LOCK = threading.Lock()


def _client(settings: IndexSettings) -> tuple[Any, bool]:
    """(client, local): a server or cluster at ``qdrant_url``, else local mode in ``qdrant_path``."""
    from qdrant_client import QdrantClient

    if settings.qdrant_url:
        # the key decides which client is reused: a change of API key gets a client that sends the new one
        secret = hashlib.sha256(settings.qdrant_api_key.encode()).hexdigest()[:16] if settings.qdrant_api_key else ""
        key = f"url:{settings.qdrant_url}#{secret}"
        make = lambda: QdrantClient(url=settings.qdrant_url, api_key=settings.qdrant_api_key or None,  # noqa: E731
                                    timeout=60)
    elif str(settings.qdrant_path) == ":memory:":
        key, make = ":memory:", lambda: QdrantClient(":memory:")
    else:
        folder = Path(settings.qdrant_path).resolve()
        key = f"path:{folder}"

        def make():
            folder.mkdir(parents=True, exist_ok=True)
            try:
                return QdrantClient(path=str(folder))
            except RuntimeError as exc:  # another process holds the folder
                raise NghiQuyetError(f"Thư mục Qdrant {folder} đang được một tiến trình khác dùng (chế độ cục bộ "
                                     f"chỉ cho một tiến trình); hãy dùng máy chủ Qdrant (qdrant_url). {exc}") from exc
    with _CLIENTS_LOCK:
        if key not in _CLIENTS:
            _CLIENTS[key] = make()
        return _CLIENTS[key], not settings.qdrant_url


def close_clients() -> None:
    """Close every client opened in this process (tests; a local folder is free for another process after)."""
    with _CLIENTS_LOCK:
        for client in _CLIENTS.values():
            client.close()
        _CLIENTS.clear()


atexit.register(close_clients)  # local mode writes its folder on close; at interpreter exit it is too late


class QdrantStore:
    """The two collections, read and written through the client (local mode or server, same calls)."""

    def __init__(self, client: Any, collection: str, fusion: str = "auto", local: bool = False, shards: int = 0,
                 replicas: int = 1) -> None:
        if fusion not in FUSIONS:
            raise ConfigError(f"qdrant_fusion '{fusion}' không có; chọn {', '.join(FUSIONS)}.")
        # "auto" is our fusion, on a server too: the two side queries are needed anyway (the refusal gate reads
        # each side's raw score), the engine's fused query would run both sides again (bench/RESULTS.md: half
        # the latency in local mode), and ours orders exact ties by row as the FAISS index does (index/ties.py)
        # where the engine's follows its own order.
        fusion = "client" if fusion == "auto" else fusion
        self.client = client
        self.collection = collection
        self.meta = collection + META_SUFFIX
        self.fusion = fusion
        self.local = local
        self.shards, self.replicas = shards, replicas
        # Local mode is plain Python objects: one writer or reader at a time in this process (UI threads).
        self.lock: Any = threading.RLock() if local else nullcontext()

    @classmethod
    def from_settings(cls, settings: IndexSettings) -> "QdrantStore":
        client, local = _client(settings)
        return cls(client, settings.qdrant_collection, settings.qdrant_fusion, local, settings.qdrant_shards,
                   settings.qdrant_replicas)

    # -- state -------------------------------------------------------------------------------------------
    def exists(self) -> bool:
        with self.lock:
            return self.client.collection_exists(self.collection) and self.client.collection_exists(self.meta)

    def manifest(self) -> dict[str, Any] | None:
        if not self.exists():
            return None
        with self.lock:
            found = self.client.retrieve(self.meta, [MANIFEST_ID], with_payload=True)
        return found[0].payload if found else None

    def generation(self) -> int:
        """Bumped by every committed change: a replica whose corpus is older can reload."""
        manifest = self.manifest()
        return int(manifest.get("generation", 0)) if manifest else -1

    def weights(self) -> BM25Weights:
        manifest = self.manifest()
        if manifest is None:
            raise IndexMissingError(f"Chưa có chỉ mục trong Qdrant (bộ sưu tập '{self.collection}'). "
                                    "Hãy chạy `nghiquyet ingest` để nạp tài liệu trước.")
        return BM25Weights(**manifest["bm25"])

    def _scroll(self, collection: str, with_payload: Any = True, with_vectors: Any = False,
                scroll_filter: Any = None) -> Iterator[Any]:
        offset = None
        while True:
            with self.lock:
                points, offset = self.client.scroll(collection, scroll_filter=scroll_filter, limit=SCROLL_PAGE,
                                                    offset=offset, with_payload=with_payload,
                                                    with_vectors=with_vectors)
            yield from points
            if offset is None:
                return

    def _records(self, fields: Any = True) -> list[dict[str, Any]]:
        from qdrant_client import models

        if not self.exists():
            return []
        only_sources = models.Filter(must=[models.FieldCondition(key="type", match=models.MatchValue(value="source"))])
        return [p.payload for p in self._scroll(self.meta, with_payload=fields, scroll_filter=only_sources)]

    def sources(self, expected: dict[str, Any] | None = None) -> dict[str, SourceRecord]:
        """The committed source records (what ingest compares fingerprints against)."""
        manifest = self.manifest()
        if manifest is None:
            raise IndexMissingError(f"Chưa có chỉ mục trong Qdrant (bộ sưu tập '{self.collection}').")
        if expected is not None:
            check_compatible(manifest, expected)
        return {r["name"]: SourceRecord(r["path"], r["fingerprint"], r["doc_ids"], r.get("error"))
                for r in self._records(["name", "path", "fingerprint", "doc_ids", "error"]) if r.get("fingerprint")}

    def counts(self) -> tuple[int, int]:
        """(documents, chunks) as committed."""
        records = [r for r in self._records(["fingerprint", "doc_ids"]) if r.get("fingerprint")]
        with self.lock:
            chunks = self.client.count(self.collection, exact=True).count
        return sum(len(r["doc_ids"]) for r in records), chunks

    # -- writing -----------------------------------------------------------------------------------------
    def create(self, manifest: dict[str, Any], dim: int, texts: Sequence[str],
               tokenizer: Callable[[str], list[str]] = tokenize) -> BM25Weights:
        """New, empty collections (dropping old ones): BM25's avgdl is fitted on ``texts``, the chunks about
        to be written."""
        from qdrant_client import models

        weights = BM25Weights.fitted(texts, tokenizer)
        with self.lock:
            for name in (self.collection, self.meta):
                if self.client.collection_exists(name):
                    self.client.delete_collection(name)
            # On a server: the payload (chunk texts) on disk, vectors and indexes in RAM; shards and replicas as
            # configured. Local mode takes none of these.
            cluster = {} if self.local else {"on_disk_payload": True, "shard_number": self.shards or None,
                                             "replication_factor": self.replicas}
            self.client.create_collection(
                self.collection,
                vectors_config={DENSE: models.VectorParams(size=dim, distance=models.Distance.COSINE)},
                sparse_vectors_config={SPARSE: models.SparseVectorParams(modifier=models.Modifier.IDF)}, **cluster)
            self.client.create_collection(self.meta, vectors_config={},
                                          **({} if self.local else {"replication_factor": self.replicas}))
            if not self.local:  # local mode has no payload indexes (and warns); a server needs them to filter fast
                for field, schema in (("source", models.PayloadSchemaType.KEYWORD),
                                      ("fingerprint", models.PayloadSchemaType.KEYWORD),
                                      ("doc_id", models.PayloadSchemaType.KEYWORD),
                                      ("kind", models.PayloadSchemaType.KEYWORD),
                                      ("level", models.PayloadSchemaType.KEYWORD),
                                      ("province", models.PayloadSchemaType.KEYWORD),
                                      ("year", models.PayloadSchemaType.INTEGER)):
                    self.client.create_payload_index(self.collection, field, schema)
                self.client.create_payload_index(self.meta, "type", models.PayloadSchemaType.KEYWORD)
        self._put_manifest(dict(manifest) | {"bm25": weights.to_dict(), "created_at": _now(), "generation": 0})
        return weights

    def _put_manifest(self, payload: dict[str, Any]) -> None:
        from qdrant_client import models

        with self.lock:
            self.client.upsert(self.meta, [models.PointStruct(id=MANIFEST_ID, vector={},
                                                              payload=payload | {"type": "manifest"})])

    def _bump_generation(self) -> None:
        manifest = self.manifest() or {}
        self._put_manifest(manifest | {"generation": int(manifest.get("generation", 0)) + 1, "updated_at": _now()})

    def _put_record(self, name: str, payload: dict[str, Any]) -> None:
        from qdrant_client import models

        with self.lock:
            self.client.upsert(self.meta, [models.PointStruct(id=source_id(name), vector={},
                                                              payload={"type": "source", "name": name} | payload)])

    def _record(self, name: str) -> dict[str, Any] | None:
        with self.lock:
            found = self.client.retrieve(self.meta, [source_id(name)], with_payload=True)
        return found[0].payload if found else None

    def _source_filter(self, name: str, keep: str | None = None) -> Any:
        """The points of source ``name``, less those of version ``keep``."""
        from qdrant_client import models

        must_not = [models.FieldCondition(key="fingerprint", match=models.MatchValue(value=keep))] if keep else []
        return models.Filter(must=[models.FieldCondition(key="source", match=models.MatchValue(value=name))],
                             must_not=must_not)

    def _collect(self, name: str, keep: str | None) -> None:
        """Delete the points of ``name`` that are not of version ``keep``, then say the record is clean."""
        from qdrant_client import models

        with self.lock:
            self.client.delete(self.collection, points_selector=models.FilterSelector(
                filter=self._source_filter(name, keep)))
        if keep is None:
            with self.lock:
                self.client.delete(self.meta, points_selector=models.PointIdsList(points=[source_id(name)]))
        else:
            with self.lock:
                self.client.set_payload(self.meta, {"pending": None}, points=[source_id(name)])

    def reusable_vectors(self, name: str) -> dict[str, np.ndarray]:
        """The stored dense vectors of a source's chunks, by indexed text (a changed file re-embeds only its
        new chunks)."""
        reuse: dict[str, np.ndarray] = {}
        for point in self._scroll(self.collection, with_payload=["chunk"], with_vectors=[DENSE],
                                  scroll_filter=self._source_filter(name)):
            reuse[text_key(point.payload["chunk"]["index_text"])] = np.asarray(point.vector[DENSE], dtype=np.float32)
        return reuse

    def replace_source(self, name: str, record: SourceRecord, documents: list[Document], chunks: list[Chunk],
                       vectors: np.ndarray, weights: BM25Weights) -> None:
        """Make ``name`` hold this version. Order, so that stopping anywhere leaves a consistent collection
        that the next run finishes: (1) the record says a version is pending; (2) the new points are
        upserted under new ids (readers still take the committed version's); (3) the record commits the new
        fingerprint and documents (one point: atomic); (4) the other versions' points are deleted and the
        pending mark cleared. A run that finds a pending mark (:meth:`recover`) deletes whatever is not
        the committed version; an uncommitted source is then simply seen as changed again."""
        from qdrant_client import models

        previous = self._record(name) or {}
        self._put_record(name, {key: previous.get(key) for key in ("path", "fingerprint", "doc_ids", "documents",
                                                                   "error")}
                         | {"pending": record.fingerprint})
        by_doc = {d.doc_id: d for d in documents}
        seen: Counter[str] = Counter()
        points = []
        for seq, (chunk, vector) in enumerate(zip(chunks, vectors)):
            occurrence = seen[chunk.chunk_id]
            seen[chunk.chunk_id] += 1
            indices, values = weights.document(chunk.index_text)
            points.append(models.PointStruct(
                id=point_id(name, record.fingerprint, chunk.chunk_id, occurrence),
                vector={DENSE: np.asarray(vector, dtype=np.float32).tolist(),
                        SPARSE: models.SparseVector(indices=indices, values=values)},
                payload=chunk_payload(name, record.fingerprint, seq, chunk, by_doc[chunk.doc_id])))
        for start in range(0, len(points), BATCH):
            self._upsert(points[start:start + BATCH])
        self._put_record(name, {"path": record.path, "fingerprint": record.fingerprint, "doc_ids": record.doc_ids,
                                "documents": [d.to_dict() for d in documents], "error": record.error,
                                "pending": record.fingerprint})
        self._bump_generation()
        self._collect(name, record.fingerprint)

    def _upsert(self, points: list[Any]) -> None:
        with self.lock:
            self.client.upsert(self.collection, points, wait=True)

    def remove_source(self, name: str) -> None:
        """Withdraw ``name``: the record first says it is gone (readers drop it), then its points go, then
        the record."""
        previous = self._record(name)
        if previous is None:
            return
        self._put_record(name, previous | {"fingerprint": None, "pending": "removed"})
        self._bump_generation()
        self._collect(name, None)

    def recover(self) -> dict[str, bool]:
        """Finish what a stopped run left: for each source with a pending mark, delete the points that are not
        its committed version (and a withdrawn source's record). Returns {name: whether it was withdrawn}."""
        pending = [r for r in self._records(["name", "fingerprint", "pending"]) if r.get("pending")]
        for record in pending:
            log.warning("Qdrant: lần nạp trước dừng giữa chừng ở '%s'; dọn các điểm dở dang.", record["name"])
            self._collect(record["name"], record.get("fingerprint"))
        return {r["name"]: not r.get("fingerprint") for r in pending}

    # -- reading -----------------------------------------------------------------------------------------
    def load(self, expected: dict[str, Any] | None = None) -> IndexData:
        """The corpus as committed (documents and chunks in the file index's order: by source name, then as
        cut), with a search object over the collection. Needs nothing on local disk."""
        manifest = self.manifest()
        if manifest is None:
            raise IndexMissingError(f"Chưa có chỉ mục trong Qdrant (bộ sưu tập '{self.collection}'). "
                                    "Hãy chạy `nghiquyet ingest` để nạp tài liệu trước.")
        if expected is not None:
            check_compatible(manifest, expected)
        records = sorted((r for r in self._records() if r.get("fingerprint")), key=lambda r: r["name"])
        committed = {r["name"]: r["fingerprint"] for r in records}
        documents = {d["doc_id"]: Document.from_dict(d) for r in records for d in r["documents"]}
        found = [(p.payload["source"], p.payload["seq"], str(p.id), p.payload["chunk"])
                 for p in self._scroll(self.collection, with_payload=["source", "fingerprint", "seq", "chunk"])
                 if committed.get(p.payload["source"]) == p.payload["fingerprint"]]
        found.sort(key=lambda item: (item[0], item[1]))
        chunks = [Chunk.from_dict(item[3]) for item in found]
        if any(c.doc_id not in documents for c in chunks):
            raise IndexCorruptError(f"Bộ sưu tập Qdrant '{self.collection}' có đoạn không thuộc văn bản nào. "
                                    f"{REBUILD_HINT}")
        sources = {r["name"]: SourceRecord(r["path"], r["fingerprint"], r["doc_ids"], r.get("error")) for r in records}
        search = QdrantSearch(self, [item[2] for item in found], chunks, documents, BM25Weights(**manifest["bm25"]),
                              dim=int(manifest["embedder"]["dim"]), generation=int(manifest.get("generation", 0)))
        return IndexData(manifest | {"vector_store": "qdrant", "counts": {"documents": len(documents),
                                                                            "chunks": len(chunks)}},
                         documents, chunks, search, search.sparse, sources)


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")


# -- searching --------------------------------------------------------------------------------------------
class NoMatch(Exception):
    """A filter that no loaded document passes: the search is empty without asking the engine."""


class QdrantSearch:
    """Searches the collection for one loaded corpus; rows are the chunks' places in it (as in the file
    index). It is the dense :class:`~nghiquyet.index.vectorstore.VectorStore` of the loaded index, its
    ``sparse`` attribute is the BM25 side, and :meth:`hybrid_search` asks both sides (and the fusion) in one
    request, with the filters as payload filters."""

    backend = "qdrant"

    def __init__(self, store: QdrantStore, ids: list[str], chunks: list[Chunk], documents: dict[str, Document],
                 weights: BM25Weights, dim: int, generation: int = 0) -> None:
        self.store = store
        self.ids = ids
        self.row_of = {pid: row for row, pid in enumerate(ids)}
        self.chunk_docs = [c.doc_id for c in chunks]
        self.documents = documents
        self.weights = weights
        self.dim = dim
        self.generation = generation
        self.sparse = QdrantSparse(self)

    # -- the VectorStore protocol --------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        return "exact" if self.store.local else "hnsw"  # local mode searches exhaustively; a server by its graph

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: np.ndarray, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        try:
            flt = self._rows_filter(allowed)
        except NoMatch:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        return self._side(self._dense_request(query, widened(k), flt), k)

    def vectors(self) -> np.ndarray:
        matrix = np.zeros((len(self), self.dim), dtype=np.float32)
        for point in self.store._scroll(self.store.collection, with_payload=False, with_vectors=[DENSE]):
            row = self.row_of.get(str(point.id))
            if row is not None:
                matrix[row] = point.vector[DENSE]
        return matrix

    def save(self, directory: Path) -> None:
        """Nothing to write: the collection is the storage."""

    def is_stale(self) -> bool:
        """Whether a committed change happened since this corpus was loaded (a replica then reloads)."""
        return self.store.generation() != self.generation

    # -- requests ------------------------------------------------------------------------------------------
    def _rows_filter(self, allowed: np.ndarray | None) -> Any:
        from qdrant_client import models

        if allowed is None:
            return None
        if len(allowed) == 0:
            raise NoMatch
        return models.Filter(must=[models.HasIdCondition(has_id=[self.ids[int(r)] for r in allowed])])

    def payload_filter(self, filters: SearchFilters | None) -> Any:
        """SearchFilters as Qdrant payload conditions, with SearchFilters.matches's semantics: folded kind,
        level and province, the year of the document's date, and documents named by id or number (resolved
        against the loaded documents, as a number such as "57" needs the lexicon)."""
        from qdrant_client import models

        if filters is None or filters.is_empty():
            return None
        must = []
        if filters.docs:
            named = sorted(d.doc_id for d in self.documents.values()
                           if any(names_document(ref, d.number, d.doc_id) for ref in filters.docs))
            if not named:
                raise NoMatch
            must.append(models.FieldCondition(key="doc_id", match=models.MatchAny(any=named)))
        for key, values in (("kind", filters.kinds), ("level", filters.levels), ("province", filters.provinces)):
            if values:
                must.append(models.FieldCondition(key=key, match=models.MatchAny(any=sorted({fold(v) for v in values}))))
        if filters.years:
            must.append(models.FieldCondition(key="year", match=models.MatchAny(any=sorted(set(filters.years)))))
        return models.Filter(must=must)

    def _dense_request(self, vector: np.ndarray, k: int, flt: Any) -> Any:
        from qdrant_client import models

        return models.QueryRequest(query=np.asarray(vector, dtype=np.float32).tolist(), using=DENSE, filter=flt,
                                   limit=k, with_payload=False)

    def _sparse_request(self, text: str, k: int, flt: Any) -> Any | None:
        from qdrant_client import models

        indices, values = self.weights.query(text)
        if not indices:
            return None
        return models.QueryRequest(query=models.SparseVector(indices=indices, values=values), using=SPARSE,
                                   filter=flt, limit=k, with_payload=False)

    def _batch(self, requests: list[Any]) -> list[list[Any]]:
        with self.store.lock, warnings.catch_warnings():
            warnings.filterwarnings("ignore", message=".*Local mode is not recommended.*")
            responses = self.store.client.query_batch_points(self.store.collection, requests)
        return [r.points for r in responses]

    def _side(self, request: Any, k: int) -> tuple[np.ndarray, np.ndarray]:
        if request is None or len(self) == 0 or k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        scores, rows = self._first(self._batch([request])[0], k)
        return scores.astype(np.float32), rows

    def _first(self, points: list[Any], k: int, engine_order: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """The first ``k`` loaded rows among ``points``, equal scores in row order (index/ties.py), or in the
        engine's order with ``engine_order``."""
        kept = [(p.score, self.row_of[str(p.id)]) for p in points if str(p.id) in self.row_of]
        scores = np.asarray([s for s, _ in kept], dtype=np.float64)
        rows = np.asarray([r for _, r in kept], dtype=np.int64)
        return (scores[:k], rows[:k]) if engine_order else first_by_score_then_row(scores, rows, k)

    def server_fuses(self, mode: str, retrieval: RetrievalSettings) -> bool:
        """Qdrant's RRF is ours only for plain RRF: its weighted form is 1 / ((rank + 1) / w + k - 1), ours
        w / (k + rank + 1)."""
        return (self.store.fusion == "server" and mode == "hybrid" and retrieval.fusion == "rrf"
                and retrieval.dense_weight == 1.0)

    def hybrid_search(self, text: str, vector: np.ndarray | None, mode: str, pool: int,
                      filters: SearchFilters | None, retrieval: RetrievalSettings) -> tuple[Candidates, Ranked]:
        """Both sides' candidates with their ranks and raw scores (cosine, BM25: the refusal gate reads
        them), and the fused ranking, from one batch request. With server fusion the batch holds a third
        query, the two sides as prefetches fused by Qdrant's RRF with our k: we score 1 / (k + rank) with
        ranks counted from 1 (index/fusion.py), Qdrant 1 / (k' + rank) with ranks counted from 0, so the same
        fusion is k' = ``rrf_k`` + 1 (Qdrant's documentation: "the original RRF paper uses 60, which maps to
        k=61 in Qdrant's formula")."""
        from qdrant_client import models

        if len(self) == 0 or pool <= 0:
            return {}, []
        try:
            flt = self.payload_filter(filters)
        except NoMatch:
            return {}, []
        dense = self._dense_request(vector, pool, flt) if mode in ("hybrid", "dense") and vector is not None else None
        sparse = self._sparse_request(text, pool, flt) if mode in ("hybrid", "sparse") else None
        requests = [r for r in (dense, sparse) if r is not None]
        server = self.server_fuses(mode, retrieval) and dense is not None and sparse is not None
        # The engine fuses its own first ``pool`` per side, in its own tie order, and the sides we report then
        # follow that order (a hit's ranks are those its fused score came from); otherwise each side is asked
        # for a few more rows, so that rows tied at the cut are ordered by row (index/ties.py).
        if not server:
            for request in requests:
                request.limit = widened(pool)
        else:
            prefetch = [models.Prefetch(query=r.query, using=r.using, filter=flt, limit=pool) for r in (dense, sparse)]
            requests.append(models.QueryRequest(
                prefetch=prefetch,
                query=models.RrfQuery(rrf=models.Rrf(k=retrieval.rrf_k + 1)), filter=flt, limit=2 * pool,
                with_payload=False))
        if not requests:
            return {}, []
        responses = self._batch(requests)
        sides = [side for side, request in (("dense", dense), ("sparse", sparse)) if request is not None]
        found: Candidates = {}
        for side, points in zip(sides, responses):
            for rank, (score, row) in enumerate(zip(*self._first(points, pool, engine_order=server))):
                found.setdefault(int(row), {}).update({f"{side}_rank": rank, f"{side}_score": float(score)})
        if server:
            return found, [(self.row_of[str(p.id)], float(p.score)) for p in responses[-1] if str(p.id) in self.row_of]
        return found, fuse(found, mode, retrieval)


class QdrantSparse:
    """The BM25 side of a loaded Qdrant index, with BM25Index's search and rarity signatures."""

    def __init__(self, search: QdrantSearch) -> None:
        self.owner = search
        self._held: Counter[int] | None = None  # rows holding each hashed token, counted on first use

    def rarity(self, tokens: Iterable[str]) -> dict[str, float]:
        """BM25Index.rarity over the loaded rows: how many rows hold each token is counted once from the points'
        sparse vectors (one scroll, on the first question; a replica that reloads counts again), so a question
        costs no request. The tokens are the vectors' hashed indices, as the engine's IDF counts them."""
        if self._held is None:
            held: Counter[int] = Counter()
            for point in self.owner.store._scroll(self.owner.store.collection, with_payload=False,
                                                  with_vectors=[SPARSE]):
                if str(point.id) in self.owner.row_of:
                    held.update(set(point.vector[SPARSE].indices))
            self._held = held
        rows = len(self.owner)
        return {token: inverse_document_frequency(self._held.get(token_index(token), 0), rows) for token in tokens}

    def search(self, query: str, k: int, allowed: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        try:
            flt = self.owner._rows_filter(allowed)
        except NoMatch:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        return self.owner._side(self.owner._sparse_request(query, widened(k), flt), k)
