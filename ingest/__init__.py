"""Ingestion: source files -> Documents -> clause-level Chunks."""
