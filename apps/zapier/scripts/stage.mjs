#!/usr/bin/env node
// Lays out the folder the Zapier CLI pushes: the bundled app (core and Effect inside), a CommonJS
// index.js that exports it, and a package.json whose only dependency is zapier-platform-core.
// The workspace itself cannot be pushed: the CLI installs with npm and knows no `workspace:` deps.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"

const appDir = resolve(dirname(fileURLToPath(import.meta.url)), "..")
const outDir = resolve(process.argv[2] ?? join(appDir, ".zapier-push"))
const bundle = join(appDir, "dist", "app.cjs")
if (!existsSync(bundle)) {
  console.error("dist/app.cjs is missing: run `pnpm --filter @happyhorse/zapier build` first")
  process.exit(1)
}
const source = JSON.parse(readFileSync(join(appDir, "package.json"), "utf8"))
const platform = source.dependencies["zapier-platform-core"]

// Keep the CLI's link to the registered app (.zapierapprc) and any installed node_modules.
rmSync(join(outDir, "dist"), { recursive: true, force: true })
mkdirSync(join(outDir, "dist"), { recursive: true })
copyFileSync(bundle, join(outDir, "dist", "app.cjs"))
writeFileSync(join(outDir, "index.js"), '"use strict"\nmodule.exports = require("./dist/app.cjs").app\n')
writeFileSync(
  join(outDir, "package.json"),
  `${JSON.stringify(
    {
      name: "happyhorse-zapier",
      version: source.version,
      description: source.description,
      private: true,
      main: "index.js",
      engines: { node: ">=20" },
      dependencies: { "zapier-platform-core": platform },
    },
    null,
    2,
  )}\n`,
)
const rc = join(appDir, ".zapierapprc")
if (existsSync(rc)) copyFileSync(rc, join(outDir, ".zapierapprc"))
console.log(`staged HappyHorse ${source.version} for zapier-platform-core ${platform} in ${outDir}`)
