# Tasks: `make test` (the README's test command), `make check` (lint + types), `make bench`.
PY ?= .venv/bin/python

.PHONY: test check bench data

test:
	@if [ -d ../shared/datasets ]; then ../shared/datasets/unpack .data >/dev/null; fi
	$(PY) -m pytest -q

check:
	$(PY) -m ruff check src tests bench
	$(PY) -m mypy

data:
	../shared/datasets/unpack .data

bench: data
	$(PY) -m bench.run
