# The habits of this project: make run, make test, make lint, make bench.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/test
export TEST_DATABASE_URL

.PHONY: install migrate run test test-sqlite test-postgresql lint bench clean

$(STAMP): setup.cfg pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[test,dev]'
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) -m storage migrate

run: migrate
	# honcho hands each process a PORT of its own, counting from --port: web gets PORT itself
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" exec $(VENV)/bin/honcho start --port "$${PORT:-8000}"

test: test-sqlite test-postgresql

test-sqlite: install
	TEST_DATABASE=sqlite $(PY) -m pytest $(PYTEST_ARGS)

test-postgresql: install
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

bench: install
	$(PY) -m benchmarks $(BENCH)

clean:
	rm -rf $(VENV) *.egg-info .pytest_cache
