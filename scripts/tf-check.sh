#!/usr/bin/env bash
# Offline Terraform checks: fmt, validate of every module and environment root, and
# `terraform test` (mocked AWS provider) wherever a tests/ folder exists.
# Exits non-zero on any failure; ends with one summary line.
#
#   TF_PLUGIN_DIR   provider mirror for `terraform init -plugin-dir` (the Makefile sets
#                   it); empty means the public registry. Unset: /opt/tf-plugins if present.
#   TF_CHECK_JOBS   directories checked in parallel (default 3).
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ -z ${TF_PLUGIN_DIR+set} && -d /opt/tf-plugins ]]; then
  TF_PLUGIN_DIR=/opt/tf-plugins
fi
TF_PLUGIN_DIR=${TF_PLUGIN_DIR:-}
jobs_max=${TF_CHECK_JOBS:-3}

# A CLI config variable pointing at a missing file only adds a warning to every command.
if [[ -n ${TF_CLI_CONFIG_FILE:-} && ! -e $TF_CLI_CONFIG_FILE ]]; then
  unset TF_CLI_CONFIG_FILE
fi
export TF_IN_AUTOMATION=1 TF_INPUT=0

if ! command -v terraform >/dev/null; then
  echo "tf-check: terraform is not on PATH (Terraform >= 1.11 is needed)" >&2
  exit 1
fi

start=$SECONDS
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

failed=()

echo "tf-check: terraform fmt -check -recursive terraform/"
if ! terraform fmt -check -recursive -diff terraform; then
  failed+=("fmt")
fi

# The deployable roots hold no resources, only the call of the pipeline module; these
# files must stay identical so that dev and prod differ only in tfvars and backend.
# (A test-only root such as environments/emulator has its own provider settings.)
for f in terraform.tf providers.tf variables.tf main.tf outputs.tf; do
  if ! diff -q "terraform/environments/dev/$f" "terraform/environments/prod/$f" >/dev/null; then
    echo "tf-check: environments/dev/$f and environments/prod/$f differ; environments may differ only in tfvars and backend files" >&2
    failed+=("drift:$f")
  fi
done

# Each module README documents its inputs and outputs in tables; they must list exactly
# the module's variables and outputs.
names_in() { grep -Eo "^$1 \"[A-Za-z0-9_-]+\"" "$2" | cut -d'"' -f2 | sort; }
# shellcheck disable=SC2016 # the backticks are Markdown, not a command substitution
names_in_readme_section() {
  awk -v section="## $1" '$0 == section {on = 1; next} /^## / {on = 0} on' "$2" |
    grep -Eo '^\| `[A-Za-z0-9_-]+`' | cut -d'`' -f2 | sort
}
for module in terraform/modules/*/; do
  readme=${module}README.md
  if [[ ! -f $readme ]]; then
    echo "tf-check: $readme is missing" >&2
    failed+=("readme:$module")
    continue
  fi
  if ! diff <(names_in variable "${module}variables.tf") <(names_in_readme_section Inputs "$readme") >/dev/null ||
    ! diff <(names_in output "${module}outputs.tf") <(names_in_readme_section Outputs "$readme") >/dev/null; then
    echo "tf-check: $readme's Inputs/Outputs tables do not match ${module}variables.tf/outputs.tf" >&2
    failed+=("readme:$module")
  fi
done

check_dir() {
  local dir=$1 log=$2
  local init_args=(-backend=false -input=false -no-color)
  [[ -n $TF_PLUGIN_DIR ]] && init_args+=("-plugin-dir=$TF_PLUGIN_DIR")
  {
    echo "== $dir"
    echo "stage: init"
    (cd "$dir" && terraform init "${init_args[@]}" >/dev/null) || { echo "(rerun: cd $dir && terraform init ${init_args[*]})"; return 1; }
    echo "stage: validate"
    (cd "$dir" && terraform validate -no-color) || return 1
    if compgen -G "$dir/tests/*.tftest.hcl" >/dev/null || compgen -G "$dir/*.tftest.hcl" >/dev/null; then
      echo "stage: test"
      (cd "$dir" && terraform test -no-color) || return 1
    fi
  } >"$log" 2>&1
}

dirs=(terraform/modules/*/ terraform/environments/*/)
declare -A dir_pid=()
for dir in "${dirs[@]}"; do
  dir=${dir%/}
  while (($(jobs -rp | wc -l) >= jobs_max)); do wait -n || true; done
  check_dir "$dir" "$logs/$(echo "$dir" | tr / _).log" &
  dir_pid[$dir]=$!
done

tests_passed=0
tests_failed=0
for dir in "${dirs[@]}"; do
  dir=${dir%/}
  pid=${dir_pid[$dir]}
  log="$logs/$(echo "$dir" | tr / _).log"
  if wait "$pid"; then
    status=ok
  else
    status=FAILED
    failed+=("$dir")
  fi
  result=$(grep -Eo '[0-9]+ passed, [0-9]+ failed' "$log" | tail -1 || true)
  if [[ -n $result ]]; then
    read -r p _ f _ <<<"$result"
    tests_passed=$((tests_passed + p))
    tests_failed=$((tests_failed + f))
  fi
  if [[ -z $result ]]; then
    stage=$(grep -Eo '^stage: [a-z]+' "$log" | tail -1 | cut -d' ' -f2)
    if [[ $status == ok ]]; then result="validated (no tests)"; else result="$stage failed"; fi
  fi
  printf 'tf-check: %-36s %-6s %s\n' "$dir" "$status" "$result"
  if [[ $status != ok ]]; then
    sed 's/^/    /' "$log" >&2
  fi
done

summary="fmt, drift, READMEs, validate (${#dirs[@]} dirs), terraform test: $tests_passed passed, $tests_failed failed; $((SECONDS - start))s"
if ((${#failed[@]})); then
  echo "tf-check: FAILED (${failed[*]}) -- $summary" >&2
  exit 1
fi
echo "tf-check: OK -- $summary"
