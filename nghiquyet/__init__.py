"""Trợ lý Nghị quyết: the core nouns, configuration, errors and command line."""

__version__ = "0.1.0"
