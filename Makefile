# Every target sets up .venv/ itself, so a fresh clone needs nothing but python3.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup generate test check lint typecheck format bench bench-load corpus score-extraction serve demo clean

$(STAMP): pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# The second client: the vendor's whole Kling family of pages, with the vendor profile and no per-endpoint overlay.
FAMILY := examples/kling-family
FAMILY_ARGS := $(FAMILY)/spec spec/kling-profile.overlay.yaml --out $(FAMILY)/generated --package-name kling_family

generate: $(STAMP)
	$(BIN)/python -m generator generate
	$(BIN)/python -m generator generate $(FAMILY_ARGS)

check: $(STAMP)
	$(BIN)/python -m generator check
	$(BIN)/python -m generator check $(FAMILY_ARGS)

lint: $(STAMP)
	$(BIN)/python -m generator lint

CODE := generator templates/runtime tests bench

typecheck: $(STAMP)
	$(BIN)/ruff check $(CODE)
	$(BIN)/ruff format --check $(CODE)
	$(BIN)/mypy --strict $(CODE)
	cd generated && ../$(BIN)/ruff check --no-cache . && ../$(BIN)/mypy --strict --cache-dir=/dev/null kling_client
	cd $(FAMILY)/generated && ../../../$(BIN)/ruff check --no-cache . && ../../../$(BIN)/mypy --strict --cache-dir=/dev/null kling_family

format: $(STAMP)
	$(BIN)/ruff check --fix-only -q $(CODE)
	$(BIN)/ruff format -q $(CODE)

test: $(STAMP)
	$(MAKE) typecheck
	$(BIN)/python -m pytest -n 2 -q

bench: $(STAMP)
	$(BIN)/python -m bench

# Every real document of tests/corpus (large specs included) through ours and stock openapi-python-client;
# writes tests/corpus/REPORT.md. Long (tens of minutes on 2 cores): not part of `make test`.
# Score the prose extractor on the labelled real descriptions: SPLIT=tune (or dev) while tuning; SPLIT=fresh5,
# the held-out set, only when a change is finished (never tune against it).
SPLIT ?= tune
score-extraction: $(STAMP)
	$(BIN)/python -m tests.extraction.score --split $(SPLIT) --list

corpus: $(STAMP)
	$(BIN)/python -m tests.corpus.harness

# The fake server under 200 concurrent clients and 5,000 requests (also benchmark 7 of `make bench`).
bench-load: $(STAMP)
	$(BIN)/python -m bench.fake_server_load

serve: $(STAMP)
	$(BIN)/python -m generator serve

demo: $(STAMP)
	$(BIN)/python -m generator demo

clean:
	rm -rf $(VENV)
