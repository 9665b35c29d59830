# The few verbs people expect. `make run` and `make test` work on a fresh machine with Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run serve purge send-mail test lint format e2e bench bench-load verify-protections clean help messages translations

help:
	@echo "make run    - install into .venv, create the database, load the demo, serve http://$(HOST):$(PORT)"
	@echo "make serve  - migrate (backing up first) and serve with gunicorn.conf.py on 127.0.0.1:8000"
	@echo "make purge  - apply the retention policy now (schedule it daily)"
	@echo "make test   - install test extras, run ruff and the whole test suite"
	@echo "make bench  - run the benchmarks in bench/ and write their results to docs/"
	@echo "make bench-load - gunicorn on loopback under load (SQLite; DATABASE_URL=... adds PostgreSQL)"
	@echo "make messages - extract the strings to translate and update every language's catalogue"
	@echo "make translations - compile the catalogues (run, serve and test do it first)"
	@echo "make verify-protections - remove each protection in a scratch copy and prove a test fails"
	@echo "                          (ARGS='--list', ARGS='--only NAME', ARGS='--area core')"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

# Catalogues: portal/translations/<lang>/LC_MESSAGES/messages.po, compiled to .mo (not kept in git).
# Babel skips folders whose names start with "_", so the template macros are named as files.
POT := portal/translations/messages.pot
messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l --add-location=file --sort-output --no-wrap \
	  --project="Practice Portal" -o $(POT) . $(wildcard templates/_*/*.html)
	$(BIN)/pybabel update -i $(POT) -d portal/translations --no-wrap --ignore-obsolete

translations: $(VENV)/.installed
	$(BIN)/pybabel compile -d portal/translations

run: $(VENV)/.installed translations
	$(BIN)/portal init-db
	$(BIN)/portal demo --if-empty
	$(BIN)/portal run --host $(HOST) --port $(PORT)

serve: $(VENV)/.installed translations
	$(BIN)/portal init-db
	$(BIN)/gunicorn -c gunicorn.conf.py

purge: $(VENV)/.installed
	$(BIN)/portal purge

send-mail: $(VENV)/.installed
	$(BIN)/portal send-mail

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: lint translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-test
	$(BIN)/python bench/handouts.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/forms.py

# DATABASE_URL must name an EMPTY PostgreSQL database: the benchmark wipes it.
bench-load: $(VENV)/.installed-test
	$(BIN)/python bench/load.py
	$(if $(DATABASE_URL),$(BIN)/python bench/load.py --database-url '$(DATABASE_URL)')

verify-protections: $(VENV)/.installed-test
	$(BIN)/python tests/protections/run.py $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
