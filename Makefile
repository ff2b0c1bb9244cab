# SMART Pilot: `make run` serves the app on the demo data; `make test` runs the linters and every test.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# Days that break naive date code, on which `make test` runs the date-sensitive tests again: a day in September
# (Babel's English short month is "Sept"), a leap day, the last and the first day of a year.
HARD_DAYS := 2026-09-15 2028-02-29 2026-12-31 2027-01-01
# The tests run in parallel (pytest-xdist), one process per core by default (`make test TEST_WORKERS=0`: in one
# process); a file's tests stay together in one process, so that a fixture built once per module (a served app, a
# database) is built once.
TEST_WORKERS ?= auto
PYTEST_PARALLEL := -n $(TEST_WORKERS) --dist loadfile
# The files that hold date-sensitive tests: the runs on the hard days collect only those, not the whole suite.
DATE_TEST_FILES = $(shell grep -rlE --include='*.py' 'mark\.dates\b' tests)

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
	$(PY) -m pytest $(PYTEST_PARALLEL)
	@for day in $(HARD_DAYS); do \
	  echo "== the date-sensitive tests (marked dates) as of $$day"; \
	  SMART_TODAY=$$day $(PY) -m pytest -q -p no:cacheprovider $(PYTEST_PARALLEL) -m dates $(DATE_TEST_FILES) || exit 1; \
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
