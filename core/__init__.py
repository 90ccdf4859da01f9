"""Trợ lý Nghị quyết, the core every stage stands on: the nouns (Document, Chunk, Hit, Answer, Citation,
SearchFilters), configuration, errors, text normalisation and the lexicon of administrative documents.

The core imports nothing from the stages above it (index, ingest, chat, and eval/ui/cli on top); the
import contract in pyproject.toml enforces it.
"""

__version__ = "0.2.0"
