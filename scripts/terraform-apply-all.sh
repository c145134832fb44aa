#!/usr/bin/env bash
# Applies every synthesized Azure stack with plain Terraform, each after the stacks it depends on
# (tenant, Central, PoPs, Spaces). Authentication is OIDC workload identity federation: set
# ARM_USE_OIDC=true, ARM_CLIENT_ID, ARM_TENANT_ID, ARM_SUBSCRIPTION_ID (no client secret), and
# VEND_AZURE_STATE_STORAGE_ACCOUNT at synth time for the remote state backend.
#
#   scripts/terraform-apply-all.sh [cdktf.out] [plan]     # 'plan' only plans, applies nothing
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-cdktf.out}
mode=${2:-apply}
[ -f dist/lib/azure/apply-order.js ] || npm run build >&2
node dist/lib/azure/apply-order.js "$out" | while read -r dir; do
  echo "== $dir"
  terraform -chdir="$dir" init -input=false
  if [ "$mode" = plan ]; then
    terraform -chdir="$dir" plan -input=false -lock-timeout=5m
  else
    terraform -chdir="$dir" apply -input=false -auto-approve -lock-timeout=5m
  fi
done
