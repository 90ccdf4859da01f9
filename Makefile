# Two commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: install system-packages reader-packages run test test-unit lint-imports bench clean

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

# Debian packages ingestion needs for scans and old Word files: Tesseract with its Vietnamese model (OCR of
# scanned PDFs) and antiword (.doc). Installed only when missing and where apt-get can run as root; elsewhere
# a scanned PDF or a .doc is reported with what to install, and everything else is ingested.
reader-packages:
	@if { ! command -v tesseract >/dev/null || ! tesseract --list-langs 2>/dev/null | grep -qx vie \
	      || ! command -v antiword >/dev/null; } && command -v apt-get >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif sudo -n true 2>/dev/null; then SUDO=sudo; else SUDO=none; fi; \
	  [ "$$SUDO" != none ] && { $$SUDO apt-get update -qq \
	    && $$SUDO apt-get install -y -qq tesseract-ocr tesseract-ocr-vie antiword >/dev/null; } \
	    || echo "apt-get could not install tesseract-ocr-vie / antiword: scanned PDFs and .doc files will be reported, not read."; fi

# Ingest is a no-op when the index is up to date with data/; then the UI starts and prints its address.
# `ingest` exits 3 when it is done but skipped some files (it lists them and why): the rest is usable.
run: install reader-packages
	$(BIN)/nghiquyet ingest || [ $$? -eq 3 ]
	$(BIN)/nghiquyet docs
	$(BIN)/python app.py

# Everything, as CI runs it: the import contract, then unit and integration tests (real models, real browser).
test: install system-packages reader-packages lint-imports
	$(BIN)/python -m pytest

# The everyday loop: the unit layer only (fakes, no model, no browser; 25-32 s on 2 cores, README).
# One worker per core: each builds its own small fixtures, which the integration layer's minute-long index
# build would not repay, so `make test` stays in one process. Word segmentation is kept between runs
# (tests/segment_cache.py); `make test` always segments afresh. Compiled bytecode is kept too, even where the
# environment turns it off (PYTHONDONTWRITEBYTECODE=1 costs ~5 s a run: gradio, underthesea and every test
# module compiled again).
test-unit: install
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -m "not integration" -n auto --reuse-segmentation

# Stages import only the stages below them (pyproject.toml [tool.importlinter]).
lint-imports: install
	$(BIN)/lint-imports

bench: install
	$(BIN)/python bench/retrieval_latency.py
	$(BIN)/python bench/ingest_throughput.py
	$(BIN)/python bench/generation_latency.py
	$(BIN)/python bench/answer_modes.py
	$(BIN)/python bench/context_packing.py
	$(BIN)/python bench/ui_load.py
	$(BIN)/python bench/qdrant_scale.py

clean:
	rm -rf $(VENV) var build *.egg-info
