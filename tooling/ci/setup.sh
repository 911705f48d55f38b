#!/usr/bin/env bash
# Installs what the test suite needs beyond `pnpm install`: each part's own setup-*.sh, in order.
# Every script is idempotent and cached, so a warm machine spends seconds here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
shopt -s nullglob
# Run outside pnpm's script environment: npm reads its npm_config_* variables, and code-server's
# postinstall takes the Node version from the user agent pnpm sets there, not from the Node it runs on.
unset_args=()
for name in $(compgen -e); do
  case "$name" in npm_* | NPM_* | pnpm_* | PNPM_*) unset_args+=(-u "$name") ;; esac
done
for script in "$here"/setup-*.sh; do
  echo "== $(basename "$script")"
  env "${unset_args[@]}" bash "$script"
done
