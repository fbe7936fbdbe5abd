# robustir: every install step lives here, so a fresh clone needs only `make demo` or `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
# Data no registry carries (XQuAD-R, FiQA topics/qrels) lies beside the checkout.
export ROBUSTIR_DATA ?= $(if $(wildcard ../shared/data),$(abspath ../shared/data),)
export HF_HUB_OFFLINE ?= 1
export TRANSFORMERS_OFFLINE ?= 1
export TOKENIZERS_PARALLELISM ?= false
export PIP_DISABLE_PIP_VERSION_CHECK := 1
APT_PACKAGES := apertium apertium-eng-spa trans-de-en dict-freedict-ara-eng dict-freedict-eng-ara dict-freedict-eng-hin dict-freedict-eng-tur dict-freedict-tur-eng dict-freedict-eng-rus dict-freedict-eng-ell dict-freedict-ell-eng dict-freedict-eng-fra dict-freedict-fra-eng dict-freedict-eng-ita dict-freedict-ita-eng dict-freedict-eng-por dict-freedict-eng-jpn dict-freedict-jpn-eng dict-freedict-eng-spa dict-freedict-spa-eng dict-freedict-eng-deu dict-freedict-deu-eng

.PHONY: setup venv deps system resources demo test test-fast lint bench clean

setup: $(VENV)/.deps-stamp system resources

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

# torch first, pinned to the local CPU wheel: an unpinned torch pulls a multi-GB CUDA build.
$(VENV)/.deps-stamp: pyproject.toml | $(PY)
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[test,ray,lint]'
	touch $@

# Debian packages used by translation and German code-switching; optional without root/apt.
system:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "installing$$missing"; \
	  (apt-get install -y -q --no-install-recommends $$missing >/dev/null 2>&1 || \
	   (apt-get update -q >/dev/null 2>&1 && apt-get install -y -q --no-install-recommends $$missing >/dev/null)) \
	   || echo "warning: could not install$$missing; translation recipes will say how to install them"; \
	else echo "note: not root; install$$missing with apt to enable translation and German code-switching"; fi

resources: $(VENV)/.deps-stamp
	$(VENV)/bin/robustir resources fetch

demo: setup
	$(VENV)/bin/robustir attack --recipe codeswitch --model me5-small --dataset boolq --limit 300 --samples 3 --seed 0 --output runs/boolq-codeswitch.json

test: setup
	$(PY) -m pytest -q -p no:cacheprovider

# ruff (style, imports, bugbear, pyupgrade, simplify) and mypy on the package: zero findings.
lint: $(VENV)/.deps-stamp
	$(VENV)/bin/ruff check robustir attacks tests bench
	$(VENV)/bin/mypy

test-fast: $(VENV)/.deps-stamp
	$(PY) -m pytest -q -p no:cacheprovider -m "not slow"

bench: setup
	$(PY) bench/encode.py
	$(PY) bench/attacks.py

clean:
	rm -rf $(VENV) build dist *.egg-info runs
