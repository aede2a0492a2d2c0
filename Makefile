# Comptoir — the documented entry points. `make help` lists them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
# `make run` starts the task worker again this many seconds after it stops.
WORKER_RESTART_PAUSE ?= 5
# pytest-xdist workers for the test targets: `auto` is one per CPU; 0 runs in one process.
PYTEST_WORKERS ?= auto
# test-quick keeps what it can between runs: the test database (--reuse-db; --create-db
# rebuilds it), the last failures (.pytest_cache: PYTEST_ARGS=--lf) and the compiled
# modules with pytest's rewritten asserts (__pycache__), even where PYTHONDONTWRITEBYTECODE
# is set: recompiling them costs each worker about ten seconds.

.DEFAULT_GOAL := help
.PHONY: help run test test-fast test-quick quality format install install-dev migrate demo messages collectstatic bench bench-database clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-14s %s\n", $$1, $$2}'

$(BIN)/.installed: requirements/base.txt
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/base.txt
	@touch $@

$(BIN)/.installed-dev: requirements/dev.txt
	@test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements/dev.txt
	@touch $@ $(BIN)/.installed

install: $(BIN)/.installed ## Create .venv from the lock file (runtime only)

install-dev: $(BIN)/.installed-dev ## Create .venv with the test tools

messages: $(BIN)/.installed ## Extract and compile the translations (needs gettext; the .mo files are committed)
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=staticfiles --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv -v 0

migrate: $(BIN)/.installed ## Create or update the database
	$(PY) manage.py migrate --no-input

demo: migrate ## Load the demo data into an empty database
	DEBUG=true $(PY) manage.py load_demo --if-empty

run: demo ## Set up and start Comptoir with demo data on http://127.0.0.1:8000
	@echo ""
	@echo "  Comptoir is starting on http://$(HOST):$(PORT)/"
	@echo "  Demo logins (password: comptoir-demo): coordinator, mediator, facilitator, volunteer, viewer"
	@echo ""
	@echo "  The task worker (reminders, e-mails) runs alongside, started again if it stops;"
	@echo "  its log is var/worker.log. Ctrl-C stops both."
	@echo ""
	@: > var/worker.log; \
	trap 'kill 0' INT TERM EXIT; \
	while true; do \
		DEBUG=true $(PY) manage.py run_worker --interval 2 >> var/worker.log 2>&1; \
		status=$$?; \
		echo "$$(date '+%F %T') the task worker stopped (status $$status); starting it again in $(WORKER_RESTART_PAUSE) s" >> var/worker.log; \
		sleep $(WORKER_RESTART_PAUSE); \
	done & \
	DEBUG=true $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev ## Run everything: lint, format, migrations, layers, unit and browser tests (axe-core), in parallel
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

test-fast: install-dev ## Run every test but the browser ones, in parallel
	$(BIN)/pytest -m "not browser" -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

test-quick: install-dev ## Day-to-day loop: lint, layers, the tests not marked browser, slow or transactional, kept test database
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -m "not browser and not slow and not transactional" \
		-n $(PYTEST_WORKERS) --reuse-db $(PYTEST_ARGS)

quality: install-dev ## Lint, format check, migrations check, deploy check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/lint-imports
	DEBUG=false SECRET_KEY=quality-check-only-$$(date +%s)-not-a-real-secret-key-0123456789 \
		COMPTOIR_HTTPS=true ALLOWED_HOSTS=comptoir.example.org \
		$(PY) manage.py check --deploy --fail-level WARNING

format: install-dev ## Format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench-database:
	@case "$$DATABASE_URL" in postgres://*|postgresql://*) ;; *) \
		echo "make bench runs on PostgreSQL: set DATABASE_URL=postgres://user:password@host:5432/name (docs/benchmarks.md)."; \
		exit 1;; esac

bench: bench-database migrate ## Time the engines and reports, then the key pages under load with gunicorn (needs DATABASE_URL=postgres://…; docs/benchmarks.md)
	DEBUG=true $(PY) manage.py bench_slots
	DEBUG=true $(PY) manage.py benchmark_board
	DEBUG=true $(PY) manage.py bench_badges
	DEBUG=true $(PY) manage.py bench_reports --activities 200000 --people 12000 --repeat 3
	DEBUG=true $(PY) manage.py bench_load

collectstatic: $(BIN)/.installed ## Gather static files for production
	$(PY) manage.py collectstatic --no-input

clean: ## Remove the virtual environment and local data
	rm -rf $(VENV) var staticfiles
