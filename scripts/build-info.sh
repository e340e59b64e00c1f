#!/bin/sh
# build-info.sh PACKAGE_DIR OUTPUT_FILE: writes the Swift source of `BuildInfo` (version from VERSION, commit from
# git, "unknown" outside a git checkout). Rewrites the file only when it changes, so a build with nothing new to
# stamp recompiles nothing.
set -eu
package_dir=$1
output=$2
version=$(tr -d ' \n' < "$package_dir/VERSION")
commit=$(git -c safe.directory='*' -C "$package_dir" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
mkdir -p "$(dirname "$output")"
text="/// Generated at build time by scripts/build-info.sh.
enum BuildInfo {
    static let version = \"$version\"
    static let commit = \"$commit\"
}"
if [ ! -f "$output" ] || [ "$(cat "$output")" != "$text" ]; then
  printf '%s\n' "$text" > "$output"
fi
