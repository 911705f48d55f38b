#!/usr/bin/env bash
# Usage: lint-package.sh [attw profile, default node16]
# Checks a package as users receive it: publint on the folder, then attw on the packed tarball
# (packed with pnpm, so workspace: ranges are rewritten as they would be on publish).
set -euo pipefail
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
publint --strict
pnpm pack --pack-destination "$out" >/dev/null
attw --profile "${1:-node16}" "$out"/*.tgz
