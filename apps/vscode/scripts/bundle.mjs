// Bundles the extension (and, apart, the embedded sandbox) into CommonJS for VS Code's extension host.
import * as esbuild from "esbuild"
import { mkdirSync, statSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const dist = join(root, "dist")
mkdirSync(dist, { recursive: true })

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  // Bundle the workspace packages from their TypeScript sources.
  conditions: ["@happyhorse/source"],
  mainFields: ["module", "main"],
  minify: true,
  sourcemap: false,
  legalComments: "none",
  logLevel: "warning",
}

const main = await esbuild.build({
  ...common,
  // extension.cjs is the thin activation shell; engine.cjs holds Effect, the core and the views.
  entryPoints: { extension: join(root, "src/extension.ts"), engine: join(root, "src/engine.ts") },
  outExtension: { ".js": ".cjs" },
  outdir: dist,
  external: ["vscode"],
  metafile: true,
})

// The ffmpeg binary package is too large for a .vsix: the sandbox uses the system's ffmpeg instead.
const ffmpegShim = {
  name: "ffmpeg-shim",
  setup(build) {
    build.onResolve({ filter: /^@ffmpeg-installer\/ffmpeg$/ }, () => ({ path: join(root, "src/sandbox/ffmpegShim.cjs") }))
  },
}
let sandboxBytes = 0
try {
  await esbuild.build({
    ...common,
    entryPoints: { sandbox: join(root, "src/sandbox/sandboxEntry.ts") },
    outExtension: { ".js": ".cjs" },
    outdir: dist,
    external: ["vscode"],
    plugins: [ffmpegShim],
  })
  sandboxBytes = statSync(join(dist, "sandbox.cjs")).size
} catch (error) {
  // The extension still works with a real key; "Try the Sandbox" then reports the sandbox as unavailable.
  console.warn(`sandbox bundle skipped: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`)
}

// The MCP server VS Code starts for agent mode (see src/mcp): @happyhorse/mcp's command, on its own.
await esbuild.build({
  ...common,
  entryPoints: { mcp: join(root, "../../packages/mcp/src/bin.ts") },
  outExtension: { ".js": ".cjs" },
  outdir: dist,
  external: ["vscode"],
  plugins: [ffmpegShim],
})

const extensionBytes = statSync(join(dist, "extension.cjs")).size
const engineBytes = statSync(join(dist, "engine.cjs")).size
const report = { extensionBytes, engineBytes, sandboxBytes, inputs: Object.keys(main.metafile.inputs).length }
writeFileSync(join(dist, "bundle-size.json"), `${JSON.stringify(report, null, 2)}\n`)
console.log(`dist/extension.cjs ${(extensionBytes / 1024).toFixed(1)} KiB; dist/engine.cjs ${(engineBytes / 1024).toFixed(1)} KiB; dist/sandbox.cjs ${(sandboxBytes / 1024).toFixed(1)} KiB`)
