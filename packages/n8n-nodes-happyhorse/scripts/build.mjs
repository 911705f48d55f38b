// Bundles each node and credential into one CommonJS file, the way n8n loads community nodes:
// the core and Effect go inside; n8n-workflow stays external because n8n provides it.
import { build } from "esbuild"
import { cp, mkdir, rm, writeFile } from "node:fs/promises"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
// An optional output folder (tests build into a temp folder, leaving dist/ to n8n).
const dist = process.argv[2] === undefined ? join(root, "dist") : process.argv[2]

const entries = {
  "index": "index.ts",
  "credentials/HappyHorseApi.credentials": "credentials/HappyHorseApi.credentials.ts",
  "nodes/HappyHorse/HappyHorse.node": "nodes/HappyHorse/HappyHorse.node.ts",
  "nodes/HappyHorseTrigger/HappyHorseTrigger.node": "nodes/HappyHorseTrigger/HappyHorseTrigger.node.ts",
}

await rm(dist, { recursive: true, force: true })
await build({
  absWorkingDir: root,
  entryPoints: entries,
  outdir: dist,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  external: ["n8n-workflow"],
  // Take the core from its sources, as the workspace does.
  conditions: ["@happyhorse/source"],
  minify: true,
  keepNames: true,
  legalComments: "linked",
  sourcemap: false,
  logLevel: "warning",
})

// The package is ESM for its sources; the built files are CommonJS, which is what n8n requires.
await writeFile(join(dist, "package.json"), `${JSON.stringify({ type: "commonjs" }, null, 2)}\n`)

// Icons (named "file:../../icons/…" from each node) and codex files keep their relative places.
const assets = [
  "icons/happyhorse.svg",
  "icons/happyhorse.dark.svg",
  "nodes/HappyHorse/HappyHorse.node.json",
  "nodes/HappyHorseTrigger/HappyHorseTrigger.node.json",
]
for (const asset of assets) {
  await mkdir(dirname(join(dist, asset)), { recursive: true })
  await cp(join(root, asset), join(dist, asset))
}
await cp(join(root, "types/index.d.ts"), join(dist, "index.d.ts"))
