"""Deterministic stand-ins for the slow parts, for the unit layer: an embedder that hashes word tokens into a
vector (so texts that share words are close), and a generator that replies with a fixed text. The real
embedder, model and browser are exercised by the tests marked ``integration``."""

from __future__ import annotations

import hashlib
from functools import cache
from typing import Sequence

import numpy as np
from nghiquyet.chat.generator import Generation
from nghiquyet.index.embedders import register_embedder
from nghiquyet.index.tokenizer import tokenize

FAKE_EMBEDDER = "fake-hash"


@cache
def _slot(token: str, dim: int) -> tuple[int, float]:
    """Where a token lands in the hashed vector and with which sign (tokens repeat: computed once each)."""
    digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
    return int.from_bytes(digest[:4], "little") % dim, 1.0 if digest[4] & 1 else -1.0


class HashEmbedder:
    """Feature hashing of the BM25 tokens (words and bigrams), L2-normalised."""

    dim = 256
    name = "fake/hash-256"

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for token in tokenize(text):
            index, sign = _slot(token, self.dim)
            vector[index] += sign
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed_passages(self, texts: Sequence[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.vstack([self._vector(t) for t in texts])

    def embed_query(self, text: str) -> np.ndarray:
        return self._vector(text)


register_embedder(FAKE_EMBEDDER, lambda settings: HashEmbedder())


class ScriptedGenerator:
    """Replies with a fixed text, streamed word by word; records its calls."""

    name = "scripted"

    def __init__(self, reply: str, schema: bool = False) -> None:
        self.reply = reply
        self.calls = 0
        self.messages: list[dict[str, str]] = []
        self.supports_schema = schema  # True: a reply is JSON for the constrained mode
        self.schema: dict | None = None

    def chat(self, messages, max_tokens, on_token=None, schema=None):
        self.calls += 1
        self.messages = messages
        self.schema = schema
        for word in self.reply.split(" "):
            if on_token:
                on_token(word + " ")
        return Generation(self.reply, self.name, 100, 20, 5.0, 10.0)
