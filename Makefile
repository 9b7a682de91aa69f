# Convenience targets; each creates .venv and installs pinned dependencies as needed.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: run test test-fast lint pre-commit bench validate catalogue

$(PY):
	python3 -m venv $(VENV)

run: $(PY)
	$(PIP) install -q -c constraints.txt -e . && $(VENV)/bin/rollout serve

test: $(PY)
	$(PIP) install -q -c constraints.txt -e '.[dev,postgres]' && $(PY) -m pytest

# The inner loop: everything but the Playwright/Chromium tests (about a quarter of the suite's time).
test-fast: $(PY)
	$(PIP) install -q -c constraints.txt -e '.[dev,postgres]' && $(PY) -m pytest -m "not browser"

lint: $(PY)
	$(VENV)/bin/ruff check src tests benchmarks app.py && $(VENV)/bin/mypy

pre-commit: $(PY)
	$(PIP) install -q -c constraints.txt -e '.[dev,postgres]' && $(VENV)/bin/pre-commit run --all-files

validate: $(PY)
	$(VENV)/bin/rollout validate

bench: $(PY)
	$(PIP) install -q -c constraints.txt -e '.[dev,postgres,bench]' && $(PY) benchmarks/run.py

# The message catalogue (docs/localisation.md): extract the messages marked in src/ into the
# template, merge it into each language's .po (translate what `update` leaves empty or fuzzy,
# then run this again), and compile the .mo files the package ships.
LOCALES := src/rollout/i18n/locale
catalogue: $(PY)
	$(PIP) install -q -c constraints.txt -e .
	$(VENV)/bin/pybabel extract -F babel.cfg -c TRANSLATORS: --add-location=file --sort-by-file \
	  --project=Rollout --copyright-holder="Rollout contributors" -o $(LOCALES)/messages.pot src
	$(VENV)/bin/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) -D messages --ignore-obsolete
	# Compiled with Babel's writer rather than `pybabel compile`, whose %-format check mistakes
	# the English "{confidence} % of" for a %-placeholder and rejects its Persian «درصد»; our
	# placeholders are str.format fields, checked by tests/i18n/test_catalogue.py.
	$(VENV)/bin/python -c 'import glob; from babel.messages.pofile import read_po; \
	  from babel.messages.mofile import write_mo; \
	  [write_mo(open(p[:-3] + ".mo", "wb"), read_po(open(p, "rb"))) \
	   for p in glob.glob("$(LOCALES)/*/LC_MESSAGES/messages.po")]'
