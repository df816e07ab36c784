# OCOP Portal — the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
RUNTIME_STAMP := $(VENV)/.runtime-$(shell cat requirements.txt | sha1sum | cut -c1-12)
TEST_STAMP := $(VENV)/.test-$(shell cat requirements.txt requirements-test.txt | sha1sum | cut -c1-12)

# The test run always uses the real services (never SQLite): PostgreSQL and Redis on this machine.
# Two processes: the suite is mostly waiting on PostgreSQL, and CI machines have 2 cores.
PYTEST_ARGS ?= -n 2

# OCOP_TEST_DB names the databases (test_<name>_gw0…, <name>_smoke): two checkouts on one machine
# can run their suites at the same time by giving each its own name.
OCOP_TEST_DB ?= ocop
TEST_ENV := DEBUG=true \
	DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(OCOP_TEST_DB) \
	OCOP_SMOKE_DB=$(OCOP_TEST_DB)_smoke \
	REDIS_URL=redis://127.0.0.1:6379/0 \
	OCOP_TEST_BROKER_URL=redis://127.0.0.1:6379/14 \
	DJANGO_ALLOW_ASYNC_UNSAFE=true

.PHONY: run test venv test-deps services system-packages demo migrate messages lint check backup restore git-setup mutate mutate-module

$(PY):
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(RUNTIME_STAMP): requirements.txt | $(PY)
	$(PIP) install --quiet -r requirements.txt
	rm -f $(VENV)/.runtime-*; touch $@

$(TEST_STAMP): requirements.txt requirements-test.txt | $(PY)
	$(PIP) install --quiet -r requirements-test.txt
	rm -f $(VENV)/.test-*; touch $@

venv: $(RUNTIME_STAMP)

test-deps: $(TEST_STAMP)

## make run: the portal with demo data on SQLite, Celery eager — no PostgreSQL or Redis needed.
run: venv
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

migrate: venv
	$(PY) manage.py migrate --noinput

demo: venv
	$(PY) manage.py load_demo

## make test: the whole suite against PostgreSQL and Redis (started or installed when missing).
test: test-deps system-packages services
	$(TEST_ENV) $(PY) -m pytest $(PYTEST_ARGS)

services:
	bash scripts/ensure-services.sh

system-packages:
	bash scripts/ensure-system-packages.sh

## make messages: refresh the catalogues after changing UI strings (source strings are Vietnamese).
## locale/vi is the identity catalogue (msgen); locale/en needs its new entries translated.
MESSAGES_IGNORE := -i ".venv/*" -i "staticfiles/*" -i "*/tests/*" -i "e2e/*" -i "hardening/*" -i "bench/*" -i "artifacts/*" -i "mutants/*"
messages: venv
	$(PY) manage.py makemessages -l en -l vi --no-obsolete $(MESSAGES_IGNORE)
	# Vietnamese has one plural form: msgen copies msgid_plural into a second one, dropped here.
	# Fuzzy guesses are dropped first, so every msgstr is exactly its msgid.
	msgattrib --no-wrap --clear-fuzzy --clear-previous --empty locale/vi/LC_MESSAGES/django.po -o locale/vi/LC_MESSAGES/django.po.tmp
	# msgen fills a plural entry only when it has a second form: give each empty one a msgstr[1].
	awk '{ if (e && $$0 !~ /^"/) print "msgstr[1] \"\""; e = ($$0 == "msgstr[0] \"\""); print } END { if (e) print "msgstr[1] \"\"" }' \
		locale/vi/LC_MESSAGES/django.po.tmp > locale/vi/LC_MESSAGES/django.po.tmp2
	msgen --no-wrap locale/vi/LC_MESSAGES/django.po.tmp2 -o locale/vi/LC_MESSAGES/django.po.tmp
	rm locale/vi/LC_MESSAGES/django.po.tmp2
	sed '/^msgstr\[1\] /d' locale/vi/LC_MESSAGES/django.po.tmp > locale/vi/LC_MESSAGES/django.po
	rm locale/vi/LC_MESSAGES/django.po.tmp
	$(PY) manage.py compilemessages -l en -l vi --ignore=.venv
	@msgfmt --statistics -o /dev/null locale/en/LC_MESSAGES/django.po

## make mutate: mutation testing of the rule modules with the tests that cover them (mutmut, set up
## in pyproject.toml), then the score per module (scripts/mutation_score.py; docs/mutation.md).
## A measurement, not a CI gate: hours on 2 cores. Results stay in mutants/ and a rerun tries only
## the functions that changed; `rm -rf mutants` starts afresh. Each parallel mutant gets a test
## database of its own (conftest.py): test_<OCOP_TEST_DB>_mutate_mutant0, …
MUTATE_CHILDREN ?= 2
mutate: test-deps system-packages services
	$(TEST_ENV) DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(OCOP_TEST_DB)_mutate \
		$(VENV)/bin/mutmut run --max-children $(MUTATE_CHILDREN) > mutants.log 2>&1 \
		|| { tail -c 3000 mutants.log; echo "mutmut stopped: see mutants.log"; exit 1; }
	$(PY) scripts/mutation_score.py

## make mutate-module MODULE=evaluation/services/reevaluation.py TESTS="evaluation/tests/test_x.py …":
## one module mutated, only the tests named run for each mutant (scripts/mutate_module.py), in a
## mutants/ of its own start (rm -rf mutants first when it held another module). Then
## `MUTATE_ONLY=… MUTATE_TESTS=… $(PY) scripts/mutate_module.py results` / `show <mutant>`.
mutate-module: test-deps system-packages services
	@test -n "$(MODULE)" -a -n "$(TESTS)" || { echo 'give MODULE=<file.py> TESTS="<test files>"'; exit 1; }
	$(TEST_ENV) DATABASE_URL=postgres://postgres@127.0.0.1:5432/$(OCOP_TEST_DB)_mutate \
		MUTATE_ONLY="$(MODULE)" MUTATE_TESTS="$(TESTS)" \
		$(PY) scripts/mutate_module.py run --max-children $(MUTATE_CHILDREN) > mutants.log 2>&1 \
		|| { tail -c 3000 mutants.log; echo "mutmut stopped: see mutants.log"; exit 1; }
	$(PY) scripts/mutation_score.py

lint: test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: test-deps
	$(PY) manage.py makemigrations --check --dry-run

## make git-setup: merge drivers for the catalogues (.gitattributes), once per clone.
git-setup:
	git config merge.po.name "gettext catalogue union"
	git config merge.po.driver 'bash scripts/po-merge.sh %A %B'
	git config merge.ours.driver true

## make backup / make restore BACKUP=backups/<timestamp>: PostgreSQL dump + media, with a manifest.
backup: venv
	$(PY) manage.py backup

restore: venv
	@test -n "$(BACKUP)" || { echo "usage: make restore BACKUP=backups/<timestamp>"; exit 1; }
	$(PY) manage.py restore $(BACKUP)

## make bench: the national-scale benchmark (issue 9): builds ~1,5 GB in PostgreSQL (ocop_bench), serves it
## with gunicorn, drives it with wrk, writes docs/benchmarks.md; ~15 minutes on 2 cores. See bench/README.md.
## make bench-small: the same at 1/100 in under 2 minutes (CI); fails only when the machinery breaks.
.PHONY: bench bench-small bench-tools

bench-tools:
	@command -v wrk >/dev/null || apt-get install -y --no-install-recommends wrk >/dev/null \
		|| echo "wrk could not be installed: the Python driver will be used"

bench: venv services bench-tools
	$(PY) -m bench.run --scale national --drop

## BENCH_ARGS=--no-docs prints the table without rewriting docs/benchmarks.md (what CI does).
bench-small: venv services bench-tools
	$(PY) -m bench.run --scale small --drop $(BENCH_ARGS)
