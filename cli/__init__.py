"""The ``nghiquyet`` command line, on top of every stage (beside app.py, which starts the web UI)."""

from nghiquyet.cli.main import main

__all__ = ["main"]
