import { defineConfig, type Options } from "tsup"

type Plugin = NonNullable<Options["esbuildPlugins"]>[number]

/**
 * The Node entry reaches the core only through "../index.js" and keeps it external, so a program
 * that loads both entries gets one copy of every module (error classes stay `instanceof`-equal)
 * without relying on code splitting for CommonJS.
 */
const mainEntryExternal: Plugin = {
  name: "main-entry-external",
  setup(build) {
    const extension = build.initialOptions.format === "cjs" ? ".cjs" : ".js"
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      args.importer.includes("/src/node/") ? { path: `../index${extension}`, external: true } : undefined,
    )
  },
}

const shared: Options = { sourcemap: true, target: "node20", dts: true, format: ["esm", "cjs"] }

export default defineConfig([
  { ...shared, entry: { index: "src/index.ts" }, clean: true },
  { ...shared, entry: { "node/index": "src/node/index.ts" }, esbuildPlugins: [mainEntryExternal] },
])
