#!/usr/bin/env bash
# Regenerates terraform/ci-roles/*.policy.json from terraform/ci-roles/templates/ and the
# environment roots' values (terraform.tfvars, <env>.s3.tfbackend, derived names): run it
# after changing either. make integration fails while a committed policy differs from what
# this writes (TestCIRolePoliciesAreGeneratedFromTheDeployments).
set -euo pipefail
cd "$(dirname "$0")/../terraform/test"
# The generator is a Go test; -update-ci-roles makes it write instead of compare (the test
# binary starts moto_server as for any run; the generator itself does not use it).
go test -count=1 -run '^TestCIRolePoliciesAreGeneratedFromTheDeployments$' -update-ci-roles .
git -C .. status --short -- ci-roles
