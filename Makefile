# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install run test bench clean

# torch is installed first and pinned: the CPU build is enough here, and an unpinned one would pull a
# multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Ingest is a no-op when the index is up to date with data/.
run: install
	$(BIN)/nghiquyet ingest
	$(BIN)/nghiquyet docs

test: install
	$(BIN)/python -m pytest

bench: install
	$(BIN)/python bench/retrieval_latency.py
	$(BIN)/python bench/ingest_throughput.py
	$(BIN)/python bench/generation_latency.py

clean:
	rm -rf $(VENV) var build *.egg-info
