#!/usr/bin/env bash
# with-oracle.sh CMD...: run CMD with a real PodSecurityPolicy admission controller on loopback
# (../shared/oracle/psp-apiserver: kube-apiserver v1.20 + etcd). Builds it if needed (cached in
# ~/.cache/psp2gk-oracle), starts it, exports PSP_ORACLE_URL / PSP_ORACLE_TOKEN / PSP_ORACLE_DIR for
# CMD, and always stops it again. Exit status: CMD's, or 75 when the oracle cannot be built/started.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
ORACLE=${PSP_ORACLE_SCRIPT:-$ROOT/../shared/oracle/psp-apiserver}
UNAVAILABLE=75

(($# > 0)) || { echo "usage: scripts/with-oracle.sh CMD [ARGS...]" >&2; exit 2; }
[[ -x $ORACLE ]] || { echo "with-oracle: oracle script not found: $ORACLE" >&2; exit $UNAVAILABLE; }
"$ORACLE" build || { echo "with-oracle: building the oracle failed" >&2; exit $UNAVAILABLE; }

PSP_ORACLE_DIR=""
stop_oracle() { [[ -n $PSP_ORACLE_DIR ]] && "$ORACLE" stop "$PSP_ORACLE_DIR" || true; }
trap stop_oracle EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

started=$("$ORACLE" start) || { echo "with-oracle: starting the oracle failed" >&2; exit $UNAVAILABLE; }
eval "$started"
export PSP_ORACLE_URL PSP_ORACLE_TOKEN PSP_ORACLE_DIR
echo "with-oracle: PSP oracle at $PSP_ORACLE_URL (state in $PSP_ORACLE_DIR)" >&2
"$@"
