#!/usr/bin/env bash
# `npm test`: type checking, lint, unit and integration tests (Vitest against a real, throwaway
# PostgreSQL), a production build, and browser tests (Playwright in Debian's Chromium against
# that build). Every stage runs even when an earlier one fails, so one run shows everything;
# the last line sums up.
set -uo pipefail
cd "$(dirname "$0")/.."
# Nothing leaves this machine: no telemetry from Next.js.
export NEXT_TELEMETRY_DISABLED=1

reports="$(mktemp -d)"
trap 'rm -rf "$reports"' EXIT
failed_stages=()
started=$SECONDS

stage() {
  local name="$1"; shift
  local t0=$SECONDS
  echo
  echo "── $name ──"
  if "$@"; then
    echo "── $name: ok ($((SECONDS - t0)) s)"
  else
    echo "── $name: FAILED ($((SECONDS - t0)) s)"
    failed_stages+=("$name")
  fi
}

stage "prisma client" node scripts/prisma-generate.mjs
stage "typecheck" npx tsc --noEmit
stage "lint" npx eslint --max-warnings=0 .
stage "unit and integration tests" env CONTINUUM_TEST_REPORT="$reports/vitest.json" npx vitest run
stage "build" npx next build
if [[ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]]; then
  echo "Chromium is missing at ${CHROMIUM_PATH:-/usr/bin/chromium}: install it with \`apt-get install -y chromium\` (or set CHROMIUM_PATH)."
  failed_stages+=("browser tests")
else
  stage "browser tests" env CONTINUUM_E2E_REPORT="$reports/playwright.json" npx playwright test
fi

node scripts/test-summary.mjs "$reports/vitest.json" "$reports/playwright.json" "$((SECONDS - started))" "${failed_stages[*]:-}"
[[ ${#failed_stages[@]} -eq 0 ]]
