#!/usr/bin/env bash
# Installs a real n8n for the community node's end-to-end test, in its own folder outside the
# workspace, cached by version: a fresh machine installs it once, a warm one reuses it.
# Prints nothing but progress on stderr; the n8n binary ends up at $HAPPYHORSE_N8N_HOME/node_modules/.bin/n8n.
set -euo pipefail

N8N_VERSION="${HAPPYHORSE_N8N_VERSION:-2.8.4}"
CACHE_ROOT="${HAPPYHORSE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/happyhorse-e2e}"
DIR="${HAPPYHORSE_N8N_HOME:-$CACHE_ROOT/n8n/$N8N_VERSION}"
BIN="$DIR/node_modules/.bin/n8n"
STAMP="$DIR/.installed"

# The install recipe. Overrides:
# - xlsx: n8n-nodes-base names it by a tarball URL on another host; the registry's last version works.
# - @langchain/langgraph-checkpoint: 1.1.x needs a newer @langchain/core than n8n 2.8 pins, and then
#   `n8n start` cannot load (ERR_PACKAGE_PATH_NOT_EXPORTED for @langchain/core/utils/uuid).
MANIFEST=$(cat <<JSON
{
  "name": "happyhorse-e2e-n8n",
  "private": true,
  "dependencies": { "n8n": "$N8N_VERSION" },
  "pnpm": {
    "overrides": { "xlsx": "0.18.5", "@langchain/langgraph-checkpoint": "1.0.1" },
    "onlyBuiltDependencies": ["sqlite3"]
  }
}
JSON
)
RECIPE=$(printf '%s' "$MANIFEST" | sha256sum | cut -c1-16)

# Warm: the same recipe is installed already.
if [[ -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$RECIPE" ]]; then
  echo "setup-n8n: n8n $N8N_VERSION already installed in $DIR" >&2
  exit 0
fi

command -v pnpm >/dev/null || { echo "setup-n8n: pnpm is required" >&2; exit 1; }

# sqlite3 builds from source (its prebuilt download is unreachable): it needs a C++ toolchain.
if ! command -v g++ >/dev/null || ! command -v make >/dev/null || ! command -v python3 >/dev/null; then
  if [[ "$(id -u)" == "0" ]] && command -v apt-get >/dev/null; then
    echo "setup-n8n: installing build tools for sqlite3" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential python3 >/dev/null
  else
    echo "setup-n8n: need g++, make and python3 to build sqlite3" >&2
    exit 1
  fi
fi

# A lock, so two concurrent runs do not install into the same folder.
mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9
if [[ -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$RECIPE" ]]; then exit 0; fi

mkdir -p "$DIR"
printf '%s\n' "$MANIFEST" > "$DIR/package.json"
# Its own workspace root, so pnpm does not treat it as part of any enclosing workspace.
printf 'packages: []\n' > "$DIR/pnpm-workspace.yaml"

echo "setup-n8n: installing n8n $N8N_VERSION into $DIR (a few minutes on a cold machine)" >&2
(
  cd "$DIR"
  # sqlite3's prebuilt binary host is unreachable: build it from source.
  export npm_config_build_from_source=true
  pnpm install --no-frozen-lockfile --config.ignore-workspace=true --reporter=append-only >&2
)
"$BIN" --version >&2
printf '%s' "$RECIPE" > "$STAMP"
echo "setup-n8n: done" >&2
