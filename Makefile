# The habits of this project: make run, make test, make lint, make bench.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
export TEST_DATABASE_URL

.PHONY: install sdk-js sandbox browser migrate run test test-sqlite test-postgresql lint bench clean

$(STAMP): setup.cfg pyproject.toml sdk/python/pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'
	# the Python SDK (its own distribution): tests/sdk runs it against the server
	$(PY) -m pip install --quiet --disable-pip-version-check -e sdk/python
	touch $(STAMP)

install: $(STAMP) sdk-js

# The JavaScript SDK's dev dependencies (ws, typescript: sdk/js) and the examples' link to it
# (sdk/examples), with npm ci from their lock files; without npm its tests are skipped.
SDK_JS_STAMPS := sdk/js/node_modules/.installed-stamp sdk/examples/node_modules/.installed-stamp

sdk-js:
	@if command -v npm >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory -s $(SDK_JS_STAMPS); \
	else \
		echo "npm is missing: the JavaScript SDK (sdk/js) is not installed and its tests are skipped"; \
	fi

%/node_modules/.installed-stamp: %/package.json %/package-lock.json
	cd $* && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# CLI runs and ad-hoc commands run under bubblewrap: install Debian's package when it is missing
# and this can (root, apt-get); otherwise say once what that means (SANDBOX=auto runs without).
sandbox:
	@command -v bwrap >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing bubblewrap, the sandbox of CLI runs and commands (apt-get)"; \
			{ apt-get install -y -qq bubblewrap >/dev/null 2>&1 || \
			  { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq bubblewrap >/dev/null 2>&1; }; } || \
			echo "bubblewrap could not be installed: runs are NOT sandboxed, and only admins may run commands"; \
		else \
			echo "bubblewrap (bwrap) is missing and needs root and apt-get to install: runs are NOT sandboxed, and only admins may run commands"; \
		fi; \
	}

# The Web UI's browser tests (tests/browser/) drive Debian's chromium with Playwright, whose
# own browser download cannot run here: install the package when missing and this can (root,
# apt-get); otherwise those tests are skipped, and say why.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			echo "installing chromium, the browser of the Web UI tests (apt-get)"; \
			{ apt-get install -y -qq chromium >/dev/null 2>&1 || \
			  { apt-get update -qq >/dev/null 2>&1 && apt-get install -y -qq chromium >/dev/null 2>&1; }; } || \
			echo "chromium could not be installed: the browser tests will be skipped"; \
		else \
			echo "chromium is missing and needs root and apt-get to install: the browser tests will be skipped"; \
		fi; \
	}

migrate: install
	$(PY) -m storage migrate

run: migrate sandbox
	# honcho hands each process a PORT of its own, counting from --port: web gets PORT itself
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" exec $(VENV)/bin/honcho start --port "$${PORT:-8000}"

test: test-sqlite test-postgresql

test-sqlite: install sandbox browser
	TEST_DATABASE=sqlite $(PY) -m pytest $(PYTEST_ARGS)

test-postgresql: install sandbox browser
	@if $(PY) -m tests.support.postgres_available; then \
		TEST_DATABASE=postgresql $(PY) -m pytest $(PYTEST_ARGS); \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then \
		echo "PostgreSQL at $(TEST_DATABASE_URL) is required but unreachable"; exit 1; \
	else \
		echo "PostgreSQL at $(TEST_DATABASE_URL) is unreachable: PostgreSQL tests skipped"; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy actors web storage config
	$(VENV)/bin/mypy sdk/python/src sdk/python/codegen sdk/examples/python_example.py

bench: install sandbox
	$(PY) -m benchmarks $(BENCH)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache sdk/js/node_modules sdk/examples/node_modules
