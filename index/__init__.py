"""Indexing and retrieval: embeddings in FAISS beside Vietnamese BM25, persisted atomically."""
