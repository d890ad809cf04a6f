#!/usr/bin/env bash
# ci-oracle.sh: the oracle differential as CI runs it (called from .ci/run). Builds the real PSP
# admission controller (cached in ~/.cache/psp2gk-oracle between runs), runs every case and a
# bounded, fixed-seed fuzz differential against it, and stops it.
#   exit 0   everything agrees — or the oracle cannot be built/started here (loud banner; the rest of
#            CI still gates)
#   exit ≠0  the oracle disagrees with a case or with our engine
# Knobs: PSP_ORACLE_SEED (default 20240601), PSP_ORACLE_RUNS (default 3000 pods, ~10 s).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
export PSP_ORACLE_SEED=${PSP_ORACLE_SEED:-20240601}
export PSP_ORACLE_RUNS=${PSP_ORACLE_RUNS:-3000}

banner() {
  printf '\n%s\n' "=================================================================="
  printf '%s\n' "ORACLE UNAVAILABLE: $*"
  printf '%s\n' "The differential against the real PSP admission controller did NOT run."
  printf '%s\n\n' "=================================================================="
}

start=$SECONDS
bash scripts/with-oracle.sh "$ROOT/node_modules/.bin/vitest" run -c vitest.oracle.config.ts
status=$?
echo "ci-oracle: seed $PSP_ORACLE_SEED, $PSP_ORACLE_RUNS fuzz pods, $((SECONDS - start)) s in total"
if ((status == 75)); then
  banner "could not build or start ../shared/oracle/psp-apiserver (see the messages above)"
  exit 0
fi
exit $status
