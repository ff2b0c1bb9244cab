# SMART Pilot: `make run` serves the app on the demo data; `make test` runs the linters and every test.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Days that break naive date code, on which `make test` runs the date-sensitive tests again: a day in September
# (Babel's English short month is "Sept"), a leap day, the last and the first day of a year.
HARD_DAYS := 2026-09-15 2028-02-29 2026-12-31 2027-01-01

.PHONY: run test lint bench demo clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.installed
	$(PY) -m smart init --demo-if-empty
	$(PY) -m smart serve --port $(PORT)

test: lint
	@bash scripts/ensure-chromium.sh
	$(PY) -m pytest
	@for day in $(HARD_DAYS); do \
	  echo "== the date-sensitive tests (marked dates) as of $$day"; \
	  SMART_TODAY=$$day $(PY) -m pytest -q -p no:cacheprovider -m dates || exit 1; \
	done

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

bench: $(VENV)/.dev-installed
	$(PY) -m benchmarks

demo: $(VENV)/.installed
	$(PY) -m smart demo

clean:
	rm -rf $(VENV) tests/artifacts .pytest_cache
