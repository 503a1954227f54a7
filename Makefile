# The two commands: `make run` (the app with a demo partnership on SQLite) and `make test` (the whole suite).
# Everything else here is what those two need, or a tool for the engineers.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install lock assets lint bench bench-pages clean vnu

# Debian libraries WeasyPrint prints with (Pango for text, HarfBuzz-Subset to embed only the letters used).
# Installed here when missing and we may (root); otherwise we say what to install.
SYSTEM_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0

# A project-local virtual environment, installed from the lock file; redone only when the lock changes.
$(STAMP): requirements.lock
	@if ! ldconfig -p | grep -q 'libharfbuzz-subset.so.0' || ! ldconfig -p | grep -q 'libpangoft2-1.0.so.0'; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_LIBS) >/dev/null; \
	  else echo "Please install Debian's $(SYSTEM_LIBS) (sudo apt-get install $(SYSTEM_LIBS))"; exit 1; fi; \
	fi
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# How fast the print pipeline renders the sample document and the demo's biggest meeting pack in each
# variant, against WeasyPrint alone. Prints figures; asserts nothing.
bench: $(STAMP)
	$(BIN)/python bench/packs.py

# How fast every page is on the demo grown to 10 and 100 times (queries, milliseconds, bytes), then the key
# pages under gunicorn against a bare Django page. Prints figures; asserts nothing. README: "Page benchmark".
bench-pages: $(STAMP)
	$(BIN)/python bench/pages.py

# Rebuild the pinned lock from pyproject.toml's ranges in a throwaway environment.
lock:
	rm -rf .lockvenv
	$(PYTHON) -m venv .lockvenv
	.lockvenv/bin/pip install --quiet --upgrade pip
	.lockvenv/bin/pip install --quiet ".[dev]"
	(echo '# Exact versions of everything the app and its tests need. Made by `make lock`; installed by `make install`.'; \
	 .lockvenv/bin/pip freeze --exclude coproduction) > requirements.lock
	rm -rf .lockvenv

# Front-end: GOV.UK Frontend compiled from Sass without GOV.UK branding. Needs Node; the built files are
# committed, so `make run` and `make test` do not.
assets:
	npm ci --no-audit --no-fund
	npm run build

# The W3C Nu HTML checker for tests/test_html_valid.py (it needs Java: Debian's default-jre-headless). Kept
# apart from the front-end build's node_modules so installing it pulls in nothing else.
VNU_VERSION := 26.9.27
vnu: .vnu/node_modules/vnu-jar/build/dist/vnu.jar
.vnu/node_modules/vnu-jar/build/dist/vnu.jar:
	npm install --prefix .vnu --no-audit --no-fund --no-save vnu-jar@$(VNU_VERSION)

clean:
	rm -rf $(VENV) .lockvenv node_modules .vnu
