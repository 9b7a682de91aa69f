# Convenience targets; each creates .venv and installs pinned dependencies as needed.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test lint bench validate

$(PY):
	python3 -m venv $(VENV)

run: $(PY)
	$(PIP) install -q -c constraints.txt -e . && $(VENV)/bin/rollout serve

test: $(PY)
	$(PIP) install -q -c constraints.txt -e '.[dev,postgres]' && $(PY) -m pytest

lint: $(PY)
	$(VENV)/bin/ruff check src tests benchmarks app.py && $(VENV)/bin/mypy

validate: $(PY)
	$(VENV)/bin/rollout validate

bench: $(PY)
	$(PIP) install -q -c constraints.txt -e '.[dev,postgres,bench]' && $(PY) benchmarks/run.py
