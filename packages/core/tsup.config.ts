import { defineConfig, type Options } from "tsup"

type Plugin = NonNullable<Options["esbuildPlugins"]>[number]

/**
 * The Node and surface entries reach the core only through "../index.js" and keeps it external, so a program
 * that loads both entries gets one copy of every module (error classes stay `instanceof`-equal)
 * without relying on code splitting for CommonJS.
 */
const mainEntryExternal: Plugin = {
  name: "main-entry-external",
  setup(build) {
    const extension = build.initialOptions.format === "cjs" ? ".cjs" : ".js"
    build.onResolve({ filter: /^\.\.\/index\.js$/ }, (args) =>
      /\/src\/(node|surface)\//.test(args.importer) ? { path: `../index${extension}`, external: true } : undefined,
    )
  },
}

const shared: Options = { sourcemap: true, target: "node20", dts: true, format: ["esm", "cjs"] }

export default defineConfig([
  { ...shared, entry: { index: "src/index.ts" }, clean: true },
  { ...shared, entry: { "node/index": "src/node/index.ts" }, esbuildPlugins: [mainEntryExternal] },
  { ...shared, entry: { "surface/index": "src/surface/index.ts" }, esbuildPlugins: [mainEntryExternal] },
])
