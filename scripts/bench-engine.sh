#!/usr/bin/env bash
set -euo pipefail
echo "bench-engine: not yet implemented" >&2
