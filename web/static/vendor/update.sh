#!/usr/bin/env bash
# Fetch the vendored browser libraries from their npm packages at the pinned versions and
# check them against the sha256 recorded in README.md (run by hand; the files are committed,
# so the server needs no network and no CDN).
set -euo pipefail
cd "$(dirname "$0")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fetch() {  # package@version, file inside the package, name here
  (cd "$work" && npm pack --silent "$1" >/dev/null)
  local tarball
  tarball=$(ls "$work"/*.tgz)
  tar -xzf "$tarball" -C "$work"
  cp "$work/package/$2" "$3"
  rm -rf "$work"/*
}
fetch htmx.org@2.0.11 dist/htmx.min.js htmx.min.js
fetch @alpinejs/csp@3.17.4 dist/cdn.min.js alpine-csp.min.js
grep -E '^\| `[^`]+` \|' README.md | awk -F'|' '{gsub(/[` ]/, "", $2); gsub(/[` ]/, "", $6); print $6 "  " $2}' \
  | sha256sum --check
