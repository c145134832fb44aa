#!/usr/bin/env bash
# moto: a local AWS API emulator (Organizations, SSO Admin, CloudFormation, STS, ...) that vend's
# lifecycle tests and the newcomer demo use as a real AWS endpoint on loopback.
#
#   scripts/moto.sh install            # idempotent; needs root (apt-get) on Debian
#   scripts/moto.sh start [PORT]       # installs if needed, starts on 127.0.0.1:PORT (default 5055),
#                                      # waits until it answers, prints its PID on stdout
#   scripts/moto.sh stop PID
#
# moto 5.x is packaged by Debian trixie (architecture: all). On older Debian (bookworm) the trixie
# .debs are unpacked into MOTO_HOME instead of being installed, and run on the system python3.
# If a `moto_server` or python module `moto` is already importable (pip install 'moto[server]'),
# that one is used instead. Between tests, POST http://127.0.0.1:PORT/moto-api/reset clears state.
#
# Known moto gaps that vend works around (details: lib/operations/README.md; `moto.sh gaps` prints them):
#   - CloudFormation drift detection (DetectStackDrift) is not implemented: inventory records
#     NOT_CHECKED; the baseline-drifted kind is tested without moto.
#   - DescribeStackSetOperation timestamps lack a time zone (the SDK v3 rejects them): vend waits on
#     the stack instances themselves.
#   - CloseAccount marks the account SUSPENDED at once (real AWS: PENDING_CLOSURE first) and enforces
#     no closure quota; vend enforces its own from the audit ledger.
#   - DeleteAccountAssignment completes synchronously; AssumeRole checks neither role nor trust;
#     CreateAccount creates no OrganizationAccountAccessRole (the seed script does).
#   - The management account is 123456789012 (from the credentials), not the catalog's id.
#   - ListTagsForResource / ListTargetsForPolicy / ListPoliciesForTarget are not paginated.
#   - vend bootstrap aws: EnableAWSServiceAccess rejects iam.amazonaws.com, EnablePolicyType knows
#     neither RESOURCE_CONTROL_POLICY nor DECLARATIVE_POLICY_EC2, and IAM has no Organizations
#     root-access features (ListOrganizationsFeatures, EnableOrganizationsRoot*): the bootstrap
#     test fakes exactly those calls at the client layer (test/operations/support/moto-gaps.ts).
set -euo pipefail
MOTO_HOME=${MOTO_HOME:-/opt/moto}
PYTHON=${MOTO_PYTHON:-/usr/bin/python3}
cmd=${1:-start}

pythonpath() { echo "$MOTO_HOME/usr/lib/python3/dist-packages:$MOTO_HOME/shim"; }

unpacked() { [ -f "$MOTO_HOME/usr/lib/python3/dist-packages/moto/__init__.py" ] && [ -d "$MOTO_HOME/shim" ]; }

system_moto() { "$PYTHON" -c 'import moto.server' >/dev/null 2>&1; }

install() {
  unpacked && return 0
  system_moto && return 0
  command -v apt-get >/dev/null || { echo "moto.sh: no moto found and no apt-get; run: pip install 'moto[server]'" >&2; exit 1; }
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends python3-boto3 >/dev/null 2>&1; then apt-get update >/dev/null; fi
  apt-get install -y --no-install-recommends python3-boto3 python3-botocore python3-responses python3-werkzeug \
    python3-flask python3-flask-cors python3-xmltodict python3-jinja2 python3-cryptography python3-dateutil \
    python3-requests python3-yaml python3-antlr4 python3-docker python3-aws-xray-sdk python3-multipart \
    python3-graphql-core python3-sshpubkeys python3-jose curl >/dev/null
  if apt-cache policy python3-moto 2>/dev/null | grep -q 'Candidate: 5\.'; then
    # Debian trixie or later: moto 5 is a normal package.
    apt-get install -y --no-install-recommends python3-moto >/dev/null
    return 0
  fi
  # Older Debian: fetch the trixie .debs from this machine's own Debian mirror and unpack them.
  local uri
  uri=$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
  [ -n "$uri" ] || uri=$(awk '/^deb / {print $2; exit}' /etc/apt/sources.list)
  local w; w=$(mktemp -d)
  mkdir -p "$w"/lists/partial "$w"/cache/archives/partial
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $uri trixie main" > "$w"/sources.list
  local a=(-o APT::Sandbox::User=root -o Dir::Etc::sourcelist="$w"/sources.list -o Dir::Etc::sourceparts=/nonexistent -o Dir::State::Lists="$w"/lists -o Dir::Cache="$w"/cache)
  apt-get "${a[@]}" update >/dev/null
  (cd "$w" && apt-get "${a[@]}" download python3-moto python3-joserfc python3-jsonpath-ng >/dev/null)
  mkdir -p "$MOTO_HOME"
  for f in "$w"/*.deb; do dpkg-deb -x "$f" "$MOTO_HOME"; done
  rm -rf "$w"
  # moto's CloudFormation parser imports openapi_spec_validator, whose trixie build needs Python 3.13: a no-op stand-in
  mkdir -p "$MOTO_HOME"/shim/openapi_spec_validator/validation
  printf 'def validate(spec, *a, **k):\n    return None\nvalidate_spec = validate\n' > "$MOTO_HOME"/shim/openapi_spec_validator/__init__.py
  : > "$MOTO_HOME"/shim/openapi_spec_validator/validation/__init__.py
  printf 'class OpenAPIValidationError(Exception):\n    pass\n' > "$MOTO_HOME"/shim/openapi_spec_validator/validation/exceptions.py
  unpacked
}

start() {
  local port=${1:-5055}
  install >&2
  local log=${MOTO_LOG:-/tmp/moto-$port.log}
  if unpacked; then
    PYTHONPATH=$(pythonpath) nohup "$PYTHON" -m moto.server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  else
    nohup "$PYTHON" -m moto.server -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
  fi
  local pid=$!
  for _ in $(seq 1 200); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$port/moto-api/" 2>/dev/null; then echo "$pid"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  echo "moto did not answer on port $port" >&2; kill "$pid"; exit 1
}

case "$cmd" in
  install) install ;;
  start) shift; start "$@" ;;
  stop) kill "$2" ;;
  gaps) sed -n "/^# Known moto gaps/,/^set -euo/p" "$0" | grep "^#" ;;
  *) echo "usage: $0 install | start [PORT] | stop PID | gaps" >&2; exit 2 ;;
esac
