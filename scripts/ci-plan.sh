#!/usr/bin/env bash
# CI's plan step for one environment root (run from terraform/environments/<env>, after
# init): saves tfplan and plan.txt, writes the plan to the job summary and sets the step
# output changes=true|false, so the apply job runs only when there is something to apply.
#
#   ../../../scripts/ci-plan.sh dev|prod
set -euo pipefail
env=${1:?usage: ci-plan.sh dev|prod}

# -lock=false: a plan only reads the state, so the plan role needs no lock permissions;
# the apply takes the lock and refuses this plan if the state moved on in between.
# -detailed-exitcode: 0 no changes, 1 error, 2 changes.
rc=0
terraform plan -input=false -lock=false -detailed-exitcode -out=tfplan || rc=$?
case $rc in
  0) changes=false ;;
  2) changes=true ;;
  *) exit "$rc" ;;
esac
terraform show -no-color tfplan >plan.txt
echo "changes=$changes" >>"${GITHUB_OUTPUT:-/dev/null}"

summary=$(grep -E '^(Plan:|No changes\.)' plan.txt || echo 'see plan.txt')
{
  echo "### $env: $summary"
  echo '<details><summary>terraform plan</summary>'
  echo
  echo '```'
  cat plan.txt
  echo '```'
  echo '</details>'
} >>"${GITHUB_STEP_SUMMARY:-/dev/null}"
echo "ci-plan: $env: $summary (changes=$changes)"
