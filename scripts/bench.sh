#!/usr/bin/env bash
# make bench: each part prints its figures as ratios against a baseline measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bench-converter.sh
scripts/bench-engine.sh
