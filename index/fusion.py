"""Fusion: one ranking from the dense and sparse candidates."""

from __future__ import annotations

from typing import Callable

from nghiquyet.core.config import RetrievalSettings
from nghiquyet.core.errors import ConfigError
from nghiquyet.index.candidates import Candidates

Ranked = list[tuple[int, float]]


def reciprocal_rank_fusion(found: Candidates, settings: RetrievalSettings) -> Ranked:
    """Σ weight / (k + 1 + rank) over the sides that found the row (BM25's weight is 1)."""
    weights = {"dense_rank": settings.dense_weight, "sparse_rank": 1.0}
    return [(row, sum(weights[name] / (settings.rrf_k + 1 + v[name]) for name in weights if name in v))
            for row, v in found.items()]


def weighted_fusion(found: Candidates, settings: RetrievalSettings) -> Ranked:
    """Half the cosine plus half the BM25 score scaled to the best one."""
    sparse_max = max((v.get("sparse_score", 0.0) for v in found.values()), default=0.0) or 1.0
    return [(row, 0.5 * v.get("dense_score", 0.0) + 0.5 * v.get("sparse_score", 0.0) / sparse_max)
            for row, v in found.items()]


FUSIONS: dict[str, Callable[[Candidates, RetrievalSettings], Ranked]] = {
    "rrf": reciprocal_rank_fusion, "weighted": weighted_fusion}


def check_fusion(settings: RetrievalSettings) -> None:
    if settings.fusion not in FUSIONS:
        raise ConfigError(f"Cách gộp kết quả '{settings.fusion}' không có; chọn {' hoặc '.join(FUSIONS)}.")


def fuse(found: Candidates, mode: str, settings: RetrievalSettings) -> Ranked:
    """Best first. A single-side search keeps that side's own scores."""
    if mode == "dense":
        ranked = [(row, v["dense_score"]) for row, v in found.items()]
    elif mode == "sparse":
        ranked = [(row, v["sparse_score"]) for row, v in found.items()]
    else:
        ranked = FUSIONS[settings.fusion](found, settings)
    return sorted(ranked, key=lambda item: item[1], reverse=True)
