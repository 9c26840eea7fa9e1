# The one entry point. `make help` lists the targets; the README's commands are these.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

ENV ?= dev
# A local, offline provider mirror is used when one exists; otherwise the public registry.
TF_PLUGIN_DIR ?= $(firstword $(wildcard /opt/tf-plugins))
export TF_PLUGIN_DIR

# A JDK 21+ is found by scripts/find-jdk.sh (JAVA_HOME, PATH, /usr/lib/jvm); Maven runs on it.
JAVA_HOME := $(shell scripts/find-jdk.sh 2>/dev/null)
export JAVA_HOME
export PATH := $(if $(JAVA_HOME),$(JAVA_HOME)/bin:,)$(PATH)
# Maven's bundled Guava trips JDK 24+'s sun.misc.Unsafe warnings; silence them, nothing else.
export MAVEN_OPTS ?= $(if $(shell [ -n "$(JAVA_HOME)" ] && "$(JAVA_HOME)/bin/java" --help-extra 2>&1 | grep -q sun-misc-unsafe && echo y),--sun-misc-unsafe-memory-access=allow,)
MVN := mvn -B -ntp -f lambda-java/pom.xml

CONVERTER_JAR := lambda-java/converter/target/converter.jar

.PHONY: help
help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

.PHONY: java
java:
	@if [ -z "$(JAVA_HOME)" ]; then scripts/find-jdk.sh; fi
	@echo "Using JDK at $(JAVA_HOME)"

.PHONY: build
build: java ## Build the shaded converter jar (and the local runtime)
	$(MVN) package -DskipTests
	@ls -l $(CONVERTER_JAR)

$(CONVERTER_JAR):
	$(MAKE) build

.PHONY: setup
setup: ## Install what the browser check needs, once: Debian's chromium (apt-get), playwright-core and axe-core (npm ci)
	scripts/player/setup.sh

.PHONY: test
test: ## Every test (set-up first), in two lanes side by side: JUnit, HLS conformance, the player check; Terraform checks, lint, terratest against moto (TEST_JOBS=1: one after the other)
	@echo "make test: set-up first (make setup: Chromium from Debian, playwright-core and axe-core from npm; skipped when present)"
	MAKE="$(MAKE)" scripts/test-all.sh

.PHONY: unit
unit: java ## JUnit tests of the converter, the local runtime and the signed-cookie example (Maven verify)
	@mkdir -p .work
	flock .work/maven.lock $(MVN) verify

.PHONY: hls-conformance
hls-conformance: java ## HLS rules (issue 17) over the local engine's real output, read with the m3u8 package, and the job template
	scripts/hls-conformance.sh

.PHONY: tf-check
tf-check: ## terraform fmt, README tables current (terraform-docs), validate, terraform test (offline, mocked provider)
	scripts/tf-check.sh

.PHONY: tf-docs
tf-docs: ## Regenerate the module READMEs' tables with terraform-docs (terraform/.terraform-docs.yml)
	scripts/tf-docs.sh

.PHONY: integration
integration: java ## Two clean jar builds must match; terratest applies the emulator root to moto, asserts, re-plans, destroys
	scripts/integration.sh

.PHONY: fmt
fmt: java ## Format the Java sources (palantir-java-format through Spotless; make lint checks it)
	$(MVN) -q spotless:apply

.PHONY: lint
lint: ## actionlint+shellcheck, SHA pinning, gofmt/go vet, Java formatting (spotless), checkov
	scripts/lint.sh

.PHONY: player
player: java ## Headless Chromium goes through the library and watch pages as a learner would, checked over CDP (after make setup)
	scripts/player-check.sh

.PHONY: demo
demo: java ## Run an upload through the whole pipeline locally (VIDEO=path.mp4 to use your own); prints its watch URL
	scripts/demo.sh "$(VIDEO)"

# The port of the library page that `make demo` links to and `make serve` listens on (127.0.0.1 only).
WEB_PORT ?= 8642
export WEB_PORT

.PHONY: serve
serve: java ## Keep the local pipeline up with the lecture library on http://127.0.0.1:8642/ (WEB_PORT=...; Ctrl-C stops)
	scripts/serve.sh

.PHONY: web
web: ## Build the library and watch pages into web/dist (npm ci + esbuild; hls.js pinned in web/package-lock.json)
	scripts/web-build.sh

.PHONY: bench
bench: java ## Benchmarks: converter cold/warm start (beside Python/boto3), jar size; engine vs naive FFmpeg; playback under 3 networks, old vs new ladder (BENCH_PARTS=...)
	scripts/bench.sh

.PHONY: smoke-aws
smoke-aws: build web ## Real AWS account: apply a throwaway stack, convert a video, fetch it through CloudFront, destroy (terraform/test/README.md)
	scripts/smoke-aws.sh

.PHONY: env-check
env-check:
	@case "$(ENV)" in dev|prod) ;; *) echo "error: ENV must be dev or prod (got '$(ENV)')" >&2; exit 2;; esac

.PHONY: plan
plan: env-check build web ## terraform plan for ENV (dev|prod); builds the jar and the player page first; needs AWS credentials
	scripts/tf-env.sh plan $(ENV)

.PHONY: apply
apply: env-check build web ## terraform apply for ENV (dev|prod); builds the jar and the player page first; needs AWS credentials
	scripts/tf-env.sh apply $(ENV)

.PHONY: clean
clean: ## Remove build output
	$(MVN) -q clean || true
	rm -rf .work web/dist
