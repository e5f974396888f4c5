#!/usr/bin/env bash
# The one test command (README: `npm test`): type check, unit tests (Vitest, Node), browser tests
# (Playwright + Debian's Chromium against the real demo server), then one line `N passed, N failed`.
set -u
cd "$(dirname "$0")/.."

CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM" ]; then
  echo "Chromium not found at $CHROMIUM: installing Debian's chromium (needs root)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null \
    || { echo "could not install chromium"; echo "0 passed, 1 failed"; exit 1; }
fi

rm -f .vitest.json .playwright.json .test-summary
status=0

echo "== type check"
tc_failed=0
if ! npx tsc --noEmit -p tsconfig.json || ! npx tsc --noEmit -p tsconfig.node.json; then tc_failed=1; status=1; fi

echo "== unit tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile=.vitest.json || status=1

echo "== browser tests (playwright, chromium)"
PLAYWRIGHT_JSON_OUTPUT_NAME=.playwright.json npx playwright test --reporter=list,json || status=1

summary=$(node -e '
const fs = require("fs");
let p = 0, f = Number(process.argv[1]), s = 0;
try { const r = JSON.parse(fs.readFileSync(".vitest.json", "utf8")); p += r.numPassedTests; f += r.numFailedTests + (r.numFailedTestSuites || 0); s += r.numPendingTests + (r.numTodoTests || 0); } catch { f += 1; console.error("no vitest results"); }
try { const st = JSON.parse(fs.readFileSync(".playwright.json", "utf8")).stats; p += st.expected; f += st.unexpected + st.flaky; s += st.skipped; } catch { f += 1; console.error("no playwright results"); }
console.log(`${p} passed, ${f} failed, ${s} skipped`);
' "$tc_failed")
echo "$summary" > .test-summary
echo "$summary"
case "$summary" in *" 0 failed"*) ;; *) status=1 ;; esac
exit $status
