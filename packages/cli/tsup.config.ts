import { defineConfig } from "tsup"

/**
 * Native and binary packages, and the heavy ones only some commands need: the bin loads them from
 * node_modules, and only behind a dynamic import.
 */
const external = ["better-sqlite3", "bullmq", "ioredis", "@happyhorse/sandbox", "@ffmpeg-installer/ffmpeg", "@ffprobe-installer/ffprobe"]
const bundled = new RegExp(`^(?!(${external.join("|").replaceAll("/", "\\/")})(/|$))`)

// The build script empties dist first: the two builds run at once, so neither may clean.
export default defineConfig([
  {
    // The library entry, for programs that reuse the journal and batch pieces.
    entry: { index: "src/index.ts" },
    format: ["esm"],
    dts: { entry: { index: "src/index.ts" } },
    sourcemap: true,
    target: "node20",
  },
  {
    // The `happyhorse` command: one tree-shaken, minified bundle (Effect and the core included), split
    // so each command loads only its own heavy parts.
    entry: { bin: "src/bin.ts" },
    outDir: "dist/bin",
    format: ["esm"],
    noExternal: [bundled],
    external,
    splitting: true,
    minify: true,
    treeshake: true,
    sourcemap: true,
    target: "node20",
    platform: "node",
    // The workspace packages from their sources, so tree-shaking sees each module on its own.
    esbuildOptions: (options) => {
      options.conditions = ["@happyhorse/source"]
    },
    // Bundled CommonJS dependencies call require(); an ES module has none of its own.
    banner: { js: 'import { createRequire as __hhCreateRequire } from "node:module"; const require = __hhCreateRequire(import.meta.url);' },
  },
])
