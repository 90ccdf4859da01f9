"""What the UI's filter controls mean, apart from Gradio (so it is tested without importing it)."""

from __future__ import annotations

from nghiquyet.core.models import SearchFilters

ALL = "Tất cả"


def make_filters(docs: list[str] | None, level: str | None, province: str | None) -> SearchFilters | None:
    """The documents, level and province picked in the controls; ``None`` when nothing narrows the search."""
    filters = SearchFilters(docs=list(docs or []), levels=[level] if level and level != ALL else [],
                            provinces=[province] if province and province != ALL else [])
    return None if filters.is_empty() else filters
