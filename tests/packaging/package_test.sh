#!/bin/bash
# CI's package stage: the .deb built from an existing Release build dir (no compile),
# lintian without errors, then install/upgrade/purge on a throw-away copy of the machine
# (deb_install_test.sh).
#   tests/packaging/package_test.sh BUILD_DIR
# Exit 0 pass, 1 fail. The install test's skip (77: no overlayfs) is passed on.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/../.." && pwd)
build=$(cd "${1:?usage: package_test.sh BUILD_DIR}" && pwd)

out=$build/package
rm -rf "$out"
deb=$("$top/packaging/debian/build-deb.sh" "$build" "$out")
echo "package: $deb ($(du -h "$deb" | cut -f1))"

if ! command -v lintian >/dev/null; then
  echo "FAIL: lintian is not installed (packaging/install-build-deps.sh installs it)"
  exit 1
fi
lint_status=0
lint=$(lintian --fail-on error --tag-display-limit 0 "$deb" 2>&1) || lint_status=$?
printf '%s\n' "$lint" | grep -v 'running with root privileges' || true
if [ "$lint_status" -ne 0 ]; then
  echo "FAIL: lintian reports errors"
  exit 1
fi
echo "lintian: no errors"

"$here/deb_install_test.sh" "$deb"
