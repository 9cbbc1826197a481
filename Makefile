# make site  — fresh machine → .venv, pinned install, check and generate (generate --strict), mkdocs build --strict, search index → site/
#              ENGINE=properdocs or ENGINE=zensical: the same site built by MkDocs' successors
# make test  — installs test dependencies (and Chromium for browser tests), runs the whole suite
# make serve — live preview; saving a YAML file regenerates and reloads the page
# make bench — generate + build timings at 100, 1,000 and 3,000 synthetic reviews
# make check — validate every file, strictly (FORMAT=github: annotations for GitHub Actions)
# make new-review SLUG=child-t, make new-bulletin NUMBER=4 — start a file from a template
#
# AS_OF=YYYY-MM-DD fixes "today" for overdue and embargo decisions (default: SOURCE_DATE_EPOCH or today).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MKDOCS := NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs
AS_OF_FLAG := $(if $(AS_OF),--as-of $(AS_OF),)

# The engine that turns content/ into site/ (README: "Other engines"). Each builds into the folder
# PORTAL_SITE_DIR names (mkdocs.yml: site_dir), in strict mode. MkDocs and ProperDocs build into
# .cache/site-<engine>/ and rebuild only the pages whose Markdown changed (--dirty; the hook builds
# every page again when anything else changed); the result is copied to site.tmp/.
ENGINE ?= mkdocs
BUILD_mkdocs := $(MKDOCS) build --strict --dirty
BUILD_properdocs := $(VENV)/bin/properdocs build --strict --dirty --config-file mkdocs.yml
BUILD_zensical := $(VENV)/bin/zensical build --strict --clean --config-file mkdocs.yml  # --clean: its own cache does not know our Markdown extension changed
BUILD := $(BUILD_$(ENGINE))
BUILT := $(if $(filter zensical,$(ENGINE)),site.tmp,.cache/site-$(ENGINE))

.PHONY: site test serve check generate lint clean browser bench new-review new-bulletin schema

# The project folder goes on the environment's path (a .pth file): every engine imports the
# generator's Markdown extension (mkdocs.yml: generator.markdown_ext) by name.
$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(PY) -c 'import pathlib, sys, sysconfig; pathlib.Path(sysconfig.get_path("purelib"), "learning-portal.pth").write_text(sys.argv[1] + "\n")' "$(CURDIR)"
	touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

check: $(VENV)/.runtime
	$(PY) -m generator check --strict $(AS_OF_FLAG) $(if $(FORMAT),--format $(FORMAT),)

# make new-review SLUG=child-t · make new-bulletin NUMBER=4: a commented template to fill in.
new-review: $(VENV)/.runtime
	@test -n "$(SLUG)" || { echo "make new-review: name the review's file: make new-review SLUG=child-t" >&2; exit 2; }
	$(PY) -m generator new review $(SLUG)

new-bulletin: $(VENV)/.runtime
	@test -n "$(NUMBER)" || { echo "make new-bulletin: give the issue number: make new-bulletin NUMBER=4" >&2; exit 2; }
	$(PY) -m generator new bulletin $(NUMBER)

schema: $(VENV)/.runtime
	$(PY) -m generator schema

generate: $(VENV)/.runtime
	$(PY) -m generator generate $(AS_OF_FLAG)

# Built into site.tmp/ and swapped in only on success: a failed build leaves site/ as it was.
# `generate --strict` is `make check` and `make generate` in one reading of the files.
site: $(VENV)/.runtime
	$(PY) -m generator generate --strict $(AS_OF_FLAG)
	@test -n "$(BUILD)" || { echo "make site: ENGINE must be mkdocs, properdocs or zensical (got $(ENGINE))" >&2; exit 2; }
	rm -rf site.tmp
	PORTAL_SITE_DIR=$(BUILT) $(BUILD)
	$(if $(filter site.tmp,$(BUILT)),,cp -R $(BUILT) site.tmp)
	$(PY) -m generator.search_index site.tmp
	rm -rf site
	mv site.tmp site

# Starts even when a file has errors: the preview lists them on every page and shows the last
# good version of each file with errors (mkdocs_hooks.py regenerates before each build).
# --dirty: a save builds again only the pages whose Markdown changed (every page when the theme,
# settings, set of pages or problems changed: see the hook).
serve: $(VENV)/.runtime
	$(PY) -m generator settings
	$(MKDOCS) serve --dirty

# The browser tests drive Debian's Chromium (a test tool cannot download its own browser here).
# The briefings' PDF page counts are measured with Liberation Sans, which chromium recommends.
browser:
	@if ! command -v chromium >/dev/null 2>&1 || ! dpkg -s fonts-liberation >/dev/null 2>&1; then \
		apt-get update && apt-get install -y chromium fonts-liberation; \
	fi

test: $(VENV)/.dev browser
	$(VENV)/bin/ruff check generator tests bench
	$(VENV)/bin/mypy
	$(PY) -m pytest $(ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check generator tests bench
	$(VENV)/bin/ruff format --check generator tests bench
	$(VENV)/bin/mypy

# Several minutes: timings for bench/RESULTS.md (never asserted in tests).
bench: $(VENV)/.dev browser
	$(PY) -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	$(PY) bench/run.py --browser

clean:
	rm -rf site site.tmp build .cache/site-* .cache/search-pages
