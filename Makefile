# Tiltas: `make run` serves the site with demo data, `make test` runs every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
LOCALES := lt pl lv cs de
SOURCES := app.py extensions.py core web staff camps registration templates

# Every Python package is pinned with its hashes: requirements.lock holds what the site runs on,
# requirements-test.lock the same pins plus the test tools. `make lock` writes both.
LOCK := requirements.lock
TEST_LOCK := requirements-test.lock
UV_VERSION := 0.13.8
UV_COMPILE := pip compile pyproject.toml --quiet --generate-hashes --python-version 3.11 \
	--python-platform x86_64-unknown-linux-gnu --custom-compile-command "make lock" \
	$(if $(UPGRADE),--upgrade)

.PHONY: install run test lint format bench screenshots messages compile-messages clean lock production-check

install: $(VENV)/.installed node_modules/.installed compile-messages

# Front-end packages (the scanner's QR decoder) come from npm, never from the repository.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# The app runs from the checkout, so the project itself is not installed: only its locked
# dependencies, each checked against its hash, and nothing the lock does not name.
$(VENV)/.installed: $(LOCK) $(TEST_LOCK)
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes --only-binary :all: -r $(TEST_LOCK)
	touch $@

# Re-resolve pyproject.toml's dependencies for Python 3.11 on Linux x86_64, keeping the pins that
# still fit; `make lock UPGRADE=1` moves every pin to the newest release allowed. uv runs from a
# throwaway venv. Then `make test`, and commit pyproject.toml with both lock files.
lock:
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	$(PYTHON) -m venv "$$tmp/venv" && \
	"$$tmp/venv/bin/pip" install --quiet uv==$(UV_VERSION) && \
	"$$tmp/venv/bin/uv" $(UV_COMPILE) -o $(LOCK) && \
	"$$tmp/venv/bin/uv" $(UV_COMPILE) --extra test --constraint $(LOCK) -o $(TEST_LOCK)

# README's production steps in a fresh clone of HEAD, served by gunicorn and checked.
production-check:
	.ci/production-check

compile-messages: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d translations 2>&1 | grep -v "^compiling" || true

run: install
	$(FLASK) db upgrade
	$(FLASK) demo
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	# One worker per core; with TEST_DATABASE_URL each worker gets its own database beside it.
	# The tests that start servers, workers or a browser share one group, so never overlap.
	$(BIN)/pytest -n auto --dist loadgroup

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: $(VENV)/.installed
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install
	$(BIN)/python -m bench

# Re-take the README's screenshots (docs/screenshots/) from the demo data, in Debian's Chromium.
screenshots: install
	$(BIN)/python -m tools.screenshots

# Extract every marked string, with where it stands and its "Translators:" note, and merge it
# into each language's catalogue.
messages: $(VENV)/.installed
	$(BIN)/pybabel extract --sort-by-file --add-comments=Translators: -F babel.cfg \
		-k _l -k lazy_gettext -k lazy_ngettext:1,2 -k lazy_pgettext:1c,2 -k lazy_npgettext:1c,2,3 \
		-o translations/messages.pot $(SOURCES)
	for lang in $(LOCALES); do \
		if [ -f translations/$$lang/LC_MESSAGES/messages.po ]; then \
			$(BIN)/pybabel update --no-fuzzy-matching -i translations/messages.pot -d translations -l $$lang; \
		else \
			$(BIN)/pybabel init -i translations/messages.pot -d translations -l $$lang; \
		fi; \
	done

clean:
	rm -rf $(VENV) instance/tiltas.sqlite3*
