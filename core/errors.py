"""One error type per kind of user-facing failure, each with a Vietnamese message a person can act on.

The CLI and the UI show ``str(error)``; the log keeps the traceback.
"""

from __future__ import annotations


class NghiQuyetError(Exception):
    """Base class: the message is what the user reads."""


class ConfigError(NghiQuyetError):
    """The configuration file or an environment override is wrong."""


class SourceFileError(NghiQuyetError):
    """A source file cannot be turned into documents (unreadable, empty, binary, scanned)."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class MetadataFileError(NghiQuyetError):
    """The document metadata file (documents.toml) is malformed."""


class ModelFileError(NghiQuyetError):
    """A bundled or configured model is missing, fails its checksum or cannot be loaded."""


class IndexMissingError(NghiQuyetError):
    """No index has been built yet."""


class IndexIncompatibleError(NghiQuyetError):
    """The index on disk was built with another embedder or an older format."""


class TokenizerChangedError(IndexIncompatibleError):
    """The index on disk was tokenized (BM25) another way; its vectors are still good, so an ingest tokenizes
    its clauses again and keeps them, where another embedder or format means building it anew."""

    def __init__(self, message: str, built_with: str) -> None:
        super().__init__(message)
        self.built_with = built_with


class IndexCorruptError(NghiQuyetError):
    """An index file is truncated or damaged."""


class QuestionError(NghiQuyetError):
    """The question cannot be searched as given (empty, too long)."""
