#!/usr/bin/env bash
set -euo pipefail
echo "bench-converter: not yet implemented" >&2
