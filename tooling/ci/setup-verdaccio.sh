#!/usr/bin/env bash
# Installs Verdaccio, the registry the release test publishes to, in its own folder outside the
# workspace, cached by version: a fresh machine installs it once, a warm one reuses it.
# The binary ends up at $HAPPYHORSE_VERDACCIO_HOME/node_modules/.bin/verdaccio.
set -euo pipefail

VERDACCIO_VERSION="${HAPPYHORSE_VERDACCIO_VERSION:-6.8.0}"
CACHE_ROOT="${HAPPYHORSE_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/happyhorse-e2e}"
DIR="${HAPPYHORSE_VERDACCIO_HOME:-$CACHE_ROOT/verdaccio/$VERDACCIO_VERSION}"
BIN="$DIR/node_modules/.bin/verdaccio"
STAMP="$DIR/.installed"

# The install recipe. Override: node-fetch 2.7.0, the last 2.x, which Verdaccio 6.8 installs with on
# Node 20 (Verdaccio 6.10 and later want Node 22).
MANIFEST=$(cat <<JSON
{
  "name": "happyhorse-release-registry",
  "private": true,
  "dependencies": { "verdaccio": "$VERDACCIO_VERSION" },
  "overrides": { "node-fetch": "2.7.0" }
}
JSON
)
RECIPE=$(printf '%s' "$MANIFEST" | sha256sum | cut -c1-16)

# Warm: the same recipe is installed already.
if [[ -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$RECIPE" ]]; then
  echo "setup-verdaccio: Verdaccio $VERDACCIO_VERSION already installed in $DIR" >&2
  exit 0
fi

command -v npm >/dev/null || { echo "setup-verdaccio: npm is required" >&2; exit 1; }

# A lock, so two concurrent runs do not install into the same folder.
mkdir -p "$(dirname "$DIR")"
exec 9>"$DIR.lock"
flock 9
if [[ -x "$BIN" && -f "$STAMP" && "$(cat "$STAMP")" == "$RECIPE" ]]; then exit 0; fi

mkdir -p "$DIR"
printf '%s\n' "$MANIFEST" > "$DIR/package.json"
echo "setup-verdaccio: installing Verdaccio $VERDACCIO_VERSION into $DIR" >&2
(cd "$DIR" && npm install --no-audit --no-fund --loglevel=error >&2)
"$BIN" --version >&2
printf '%s' "$RECIPE" > "$STAMP"
echo "setup-verdaccio: done" >&2
