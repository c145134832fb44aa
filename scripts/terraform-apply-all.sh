#!/usr/bin/env bash
# Applies every synthesized Azure stack in dependency waves, several at once, with one shared
# provider cache; failures block only their dependents. See lib/azure/apply/runner.ts.
#
#   scripts/terraform-apply-all.sh [cdktf.out] [plan] [runner options: --parallelism N --wave N --shard I/N]
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-cdktf.out}; shift || true
mode=()
if [ "${1:-}" = plan ]; then mode=(--plan); shift; fi
[ -f dist/lib/azure/apply/main.js ] || npm run build >&2
exec node dist/lib/azure/apply/main.js --out "$out" "${mode[@]}" "$@"
