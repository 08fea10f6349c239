# Atlas 4.h — `make run` to explore, `make test` to check everything.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)
PORT ?= 8501
HOST ?= 127.0.0.1

.PHONY: run test data setup browser bench lint format clean help

help:
	@echo "make run    set up, fetch raw data, build the Parquet, start the dashboard on :$(PORT)"
	@echo "make test   set up, build, run every test (unit, data, app, e2e in headless Chromium)"
	@echo "make data   fetch + build only;  make bench   speed and memory figures;  make lint"

$(STAMP): requirements.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	@rm -f $(VENV)/.installed-* && touch $@

setup: $(STAMP)

data: setup
	$(PY) -m etl fetch
	$(PY) -m etl build

run: data
	$(PY) -m streamlit run dashboard.py --server.address $(HOST) --server.port $(PORT)

browser:
	@bash scripts/install_browser.sh

test: data browser
	$(PY) -m pytest -n 2 --dist loadgroup

bench: data browser
	$(PY) scripts/bench.py

.PHONY: bench-load
bench-load: data browser  ## 20 browser sessions beside one, and on a minimal page (about 12 min): artifacts/bench/load.json
	$(PY) scripts/bench_load.py

lint: setup
	$(PY) -m ruff format --check .
	$(PY) -m ruff check .

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

clean:
	rm -rf data/processed data/processed.versions artifacts .pytest_cache
