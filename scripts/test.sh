#!/usr/bin/env bash
# `make test`: build, static checks, every Swift test (unit, end to end, crash), API conformance (schemathesis),
# the console in headless Chromium, the documentation's links (check-docs.py), the Debian package installed and
# purged (test-package.sh); one summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
SWIFT=${SWIFT:-swift}
mkdir -p .build
$SWIFT build --build-tests ${BUILD_FLAGS:-} || exit 1
scripts/check-sources.sh || exit 1
$SWIFT test --skip-build 2>&1 | tee .build/test-output.txt
swift_status=${PIPESTATUS[0]}
scripts/schemathesis.sh > .build/schemathesis-output.txt 2>&1
conformance_status=$?
tail -n 25 .build/schemathesis-output.txt
python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q "selenium>=4,<5"
python3 scripts/browser-test.py
browser_status=$?
python3 scripts/check-docs.py
docs_status=$?
scripts/test-package.sh
package_status=$?
total=$(grep -Eo 'Test run with [0-9]+ tests?' .build/test-output.txt | tail -1 | grep -Eo '[0-9]+' || echo 0)
failed=$(grep -Ec '^✘ Test .* failed after' .build/test-output.txt || true)
[ "$swift_status" -ne 0 ] && [ "$failed" -eq 0 ] && failed=1
passed=$((total - failed))
if [ "$conformance_status" -eq 0 ]; then
  echo "schemathesis: API conformance passed"
  passed=$((passed + 1))
else
  echo "schemathesis: API conformance FAILED (see .build/schemathesis-output.txt)"
  failed=$((failed + 1))
fi
if [ "$browser_status" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
for status in "$docs_status" "$package_status"; do
  if [ "$status" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "tests: $passed passed, $failed failed"
[ "$swift_status" -eq 0 ] && [ "$conformance_status" -eq 0 ] && [ "$browser_status" -eq 0 ] && [ "$docs_status" -eq 0 ] \
  && [ "$package_status" -eq 0 ]
