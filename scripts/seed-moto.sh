#!/usr/bin/env bash
# Seeds a running moto server with the bundled catalog's organization, so `vend inventory`,
# `vend drift` and `vend decommission` have a realistic AWS to work on:
#   - the OU hierarchy (acme/{dev,prod}/{Spaces,PoPs,Central,ControlPlane}, acme/Quarantine)
#   - one SCP per control (vend-<control>), attached where the hierarchy places it
#   - one account per AWS unit, tagged vend:unit=<unit>, in its OU — space-eu-legacy-dev
#     (lifecycle: decommissioned) still sits in acme/dev/Spaces, waiting for decommission
#   - Identity Center assignments per access entry, a baseline stack set, a cross-account role
#   - drift, unless --no-drift: an unmanaged account, a detached SCP, an extra SCP
#
#   scripts/seed-moto.sh [--endpoint http://127.0.0.1:5055] [--catalog catalog] [--no-drift]
#
# The endpoint defaults to $AWS_ENDPOINT_URL. Seed a freshly started (or reset) moto only.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/lib/operations/testing/seed-moto.js ] || npm run build >&2
exec node dist/lib/operations/testing/seed-moto.js "$@"
