# The two commands a newcomer needs: `make run` and `make test`. Everything else is set-up.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
PORT ?= 5000

.PHONY: run test test-fast serve setup install lock tools translations database courses check-translations screenshots screenshots-practices handouts lint clean

## run: set everything up and serve the demo on http://127.0.0.1:$(PORT)
run: setup
	$(FLASK) users demo
	$(FLASK) seminars demo
	$(FLASK) groups demo
	$(FLASK) demo history
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

## test: set everything up and run the whole test suite
test: setup
	$(BIN)/pytest

## test-fast: everything but the browser tests, for a quick round while working
test-fast: setup
	$(BIN)/pytest -m "not browser"

## serve: set up, then serve under gunicorn with gunicorn.conf.py (see docs/deploy.md)
# Several workers share their rate-limit counts in Redis (apt-get install redis-server); without a
# running Redis each worker counts on its own and the log says so.
serve: export RATELIMIT_STORAGE_URI ?= redis://127.0.0.1:6379/0
serve: setup
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

setup: install tools translations database courses

install: $(VENV)/.installed

# Reinstall only when pyproject.toml or the pinned versions change. constraints.txt holds the
# versions CI tested, so a fresh clone gets exactly those.
$(VENV)/.installed: pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

## lock: renew constraints.txt from pyproject.toml (the newest releases), then run `make test`
lock: install
	$(BIN)/pip-compile --quiet --upgrade --extra dev --strip-extras --no-emit-index-url --no-emit-find-links \
		--output-file constraints.txt pyproject.toml

# The Nu HTML Checker for the browser tests, from the npm registry (needs Java to run).
VNU_VERSION := 26.9.27
tools: .tools/node_modules/vnu-jar/build/dist/vnu.jar

.tools/node_modules/vnu-jar/build/dist/vnu.jar:
	@if command -v npm >/dev/null; then \
		mkdir -p .tools && npm install --prefix .tools --silent --no-audit --no-fund vnu-jar@$(VNU_VERSION); \
	else echo "npm not found: the HTML validity checks of the browser tests will be skipped"; fi

translations: install
	$(FLASK) translate compile

database: install
	$(FLASK) db upgrade

# The import writes nothing into courses/; `courses history` then keeps each imported source version
# beside its course, for authors to commit (docs/authoring.md).
courses: database translations
	$(FLASK) courses import
	$(FLASK) courses history

## screenshots: the main pages in German and Arabic, desktop and phone, into screenshots/
screenshots: setup
	$(FLASK) users demo
	$(FLASK) seminars demo
	$(FLASK) groups demo
	$(FLASK) demo history
	$(BIN)/python scripts/screenshots.py

## screenshots-practices: every screen of every practice at 390 px, German and Arabic, into screenshots/practices/
screenshots-practices: setup
	$(BIN)/python scripts/practice_screenshots.py

## handouts: every course's handout printed to PDF by Chromium (German and Arabic, normal and large print), into screenshots/handouts/
handouts: setup
	$(BIN)/python scripts/handout_pdfs.py

## check-translations: check every interface catalogue and every course file (for translators)
check-translations: install
	$(FLASK) translate check
	$(FLASK) courses check
	$(FLASK) translate status

## lint: style, complexity, the import contracts (pyproject.toml) and the types
lint: install
	$(BIN)/ruff check app tests migrations scripts benchmarks wsgi.py gunicorn.conf.py
	$(BIN)/ruff format --check app tests scripts benchmarks wsgi.py gunicorn.conf.py
	$(BIN)/lint-imports
	$(BIN)/mypy

clean:
	rm -rf $(VENV) .tools instance/*.sqlite
