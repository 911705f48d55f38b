import { readFileSync } from "node:fs"

const ownVersion = (manifest: unknown): string | undefined =>
  typeof manifest === "object" && manifest !== null && "name" in manifest && manifest.name === "@happyhorse/cli" && "version" in manifest && typeof manifest.version === "string"
    ? manifest.version
    : undefined

/**
 * The version in the package's own package.json, found upward from this file (the sources, the
 * library build or the bundled command sit at different depths). Read at start, so a release that
 * bumps package.json never needs the code rebuilt to print the right version.
 */
export const VERSION: string = (() => {
  let dir = new URL(".", import.meta.url)
  for (let depth = 0; depth < 4; depth++) {
    try {
      const found = ownVersion(JSON.parse(readFileSync(new URL("package.json", dir), "utf8")))
      if (found !== undefined) return found
    } catch {
      // No readable package.json at this depth: look one folder up.
    }
    dir = new URL("..", dir)
  }
  return "0.0.0"
})()
