# Developer shortcuts. Every target sets up .venv first through scripts/setup.sh, which
# does nothing when the installed environment is current.
.PHONY: help setup test lint bench screenshots clean

VENV := .venv/bin

help:
	@echo "make test    run the whole test suite (same as ./scripts/test)"
	@echo "make lint    ruff (lint and format check) and mypy --strict"
	@echo "make bench   run the benchmarks (bench/README.md)"
	@echo "make screenshots  render the main screens to docs/screenshots/*.png"
	@echo "make clean   remove caches and build output (keeps .venv)"

setup:
	@scripts/setup.sh

test:
	@./scripts/test

# All three checks run even when one fails, so one pass shows everything to fix.
lint:
	@scripts/setup.sh dev
	@status=0; \
	echo "ruff check ."; $(VENV)/ruff check . || status=1; \
	echo "ruff format --check ."; $(VENV)/ruff format --check . || status=1; \
	echo "mypy"; $(VENV)/mypy || status=1; \
	exit $$status

bench: setup
	$(VENV)/python bench/run.py

# A real X server under xvfb-run when it is installed, Qt's offscreen platform otherwise.
screenshots: setup
	@if command -v xvfb-run >/dev/null 2>&1; then \
		xvfb-run -a -s "-screen 0 1280x800x24" $(VENV)/python scripts/screenshots.py; \
	else \
		QT_QPA_PLATFORM=offscreen $(VENV)/python scripts/screenshots.py; \
	fi

clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
	find . -path ./.venv -prune -o \( -name __pycache__ -o -name '*.egg-info' \) -prune \
		-exec rm -rf {} +
