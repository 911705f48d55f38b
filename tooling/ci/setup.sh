#!/usr/bin/env bash
# Installs what the test suite needs beyond `pnpm install`: each part's own setup-*.sh, in order.
# Every script is idempotent and cached, so a warm machine spends seconds here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shopt -s nullglob
for script in "$here"/setup-*.sh; do
  echo "== $(basename "$script")"
  bash "$script"
done
