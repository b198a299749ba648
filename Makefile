# peacekg: `make help` lists the targets. CI runs `make test` (see .ci/run).

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules

VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
PYTHON_FOR_VENV := $(shell command -v python3.11 || command -v python3)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
STORE := var/store
# The store is rebuilt by `make run` when any of these is newer than it.
STORE_INPUTS := $(shell find data ontology -type f 2>/dev/null) $(wildcard src/peacekg/compiler/*.py)
# The store is never deleted by make, even when a build fails or is interrupted.
.PRECIOUS: $(STORE)/CURRENT

.PHONY: help install java build run serve test lint typecheck pytest clean eval-draft bench

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z][a-zA-Z_-]*:.*## / {printf "  \033[36m%-10s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: $(INSTALLED) java ## Create .venv and install peacekg with its dev tools (and Java if missing)

$(INSTALLED): pyproject.toml
	@if [ ! -x $(BIN)/python ]; then \
	  [ -n "$(PYTHON_FOR_VENV)" ] || { echo "Python 3.11 or newer is needed (python3.11 or python3)." >&2; exit 1; }; \
	  echo "Creating $(VENV) with $(PYTHON_FOR_VENV)"; \
	  $(PYTHON_FOR_VENV) -m venv $(VENV); \
	fi
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

java: # HermiT, the OWL reasoner behind owlready2, runs on Java
	@if ! command -v java >/dev/null 2>&1; then \
	  echo "Installing Java for the OWL reasoner (HermiT)"; \
	  $(SUDO) apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends default-jre-headless; \
	fi

build: install ## Build the store from data/ and ontology/ (compile, validate, load)
	$(BIN)/peacekg build

$(STORE)/CURRENT: $(STORE_INPUTS) | $(INSTALLED)
	$(BIN)/peacekg build

run: install $(STORE)/CURRENT ## Build the store if stale, answer competency question 1, serve SPARQL
	$(BIN)/peacekg query --name CQ1 --format table
	$(BIN)/peacekg serve

serve: install $(STORE)/CURRENT ## Build the store if stale, then serve it at http://127.0.0.1:8000/sparql
	$(BIN)/peacekg serve

test: install lint typecheck pytest ## Lint, type-check, then run the tests

lint: install ## Check style: ruff check and ruff format --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install ## Check types in src/ with mypy
	$(BIN)/mypy src

pytest: install ## Run the tests only
	$(BIN)/pytest

# The evaluation articles: each text's hand-written facts file is the gold standard.
EVAL_ARTICLES := data/articles/2025-12-03-moscow-talks \
  tests/fixtures/synthetic/2026-03-14-port-alder-round-3 \
  tests/fixtures/synthetic/2026-04-03-round-4-postponed

eval-draft: install ## Draft the evaluation articles, score them against their facts (bench/results)
	@for a in $(EVAL_ARTICLES); do \
	  $(BIN)/peacekg draft $$a.txt -o var/drafts/$$(basename $$a).facts.yaml; \
	done
	$(BIN)/python -m peacekg.draft.evaluate -o bench/results/eval-draft.md \
	  $(foreach a,$(EVAL_ARTICLES),$(a).facts.yaml=var/drafts/$(notdir $(a)).facts.yaml)

SIZE ?= 100k
bench: install ## Our service against the Oxigraph server and rdflib-endpoint (SIZE=100k|1m|10m)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python bench/run.py --size $(SIZE)

clean: ## Remove the store and caches (keeps .venv)
	rm -rf var build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +
