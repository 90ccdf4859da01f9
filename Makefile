# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install system-packages run test test-unit lint-imports bench clean

# torch is installed first and pinned: the CPU build is enough here, and an unpinned one would pull a
# multi-GB CUDA build.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the tests need: Chromium (the UI tests drive it with Playwright, no browser download) and
# the DejaVu font (the PDF fixtures); the emoji font only makes the screenshots show ✅/❌ instead of boxes. Installed only when missing and only where apt-get can run as root;
# elsewhere the browser tests are skipped with a message saying what to install.
system-packages:
	@if { [ ! -x /usr/bin/chromium ] || [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; } \
	    && command -v apt-get >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; else SUDO=none; fi; \
	  [ "$$SUDO" != none ] && { $$SUDO apt-get update -qq \
	    && $$SUDO apt-get install -y -qq chromium fonts-dejavu-core fonts-noto-color-emoji >/dev/null; } \
	    || echo "apt-get could not install chromium / fonts-dejavu-core; browser tests will be skipped."; fi

# Ingest is a no-op when the index is up to date with data/; then the UI starts and prints its address.
run: install
	$(BIN)/nghiquyet ingest
	$(BIN)/nghiquyet docs
	$(BIN)/python app.py

# Everything, as CI runs it: the import contract, then unit and integration tests (real models, real browser).
test: install system-packages lint-imports
	$(BIN)/python -m pytest

# The everyday loop: the unit layer only (fakes, no model, no browser; under 30 s).
test-unit: install
	$(BIN)/python -m pytest -m "not integration"

# Stages import only the stages below them (pyproject.toml [tool.importlinter]).
lint-imports: install
	$(BIN)/lint-imports

bench: install
	$(BIN)/python bench/retrieval_latency.py
	$(BIN)/python bench/ingest_throughput.py
	$(BIN)/python bench/generation_latency.py
	$(BIN)/python bench/ui_load.py
	$(BIN)/python bench/qdrant_scale.py

clean:
	rm -rf $(VENV) var build *.egg-info
