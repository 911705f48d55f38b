import { defineConfig } from "tsup"

// Zapier loads a CommonJS app. The core and Effect are bundled in, so the pushed app
// depends on zapier-platform-core alone and never on a workspace package.
export default defineConfig({
  entry: { app: "src/index.ts" },
  format: ["cjs"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
  dts: false,
  noExternal: [/^@happyhorse\//, /^effect/, /^@effect\//, "image-size", "ipaddr.js"],
  external: ["zapier-platform-core"],
  esbuildOptions(options) {
    options.conditions = ["@happyhorse/source"]
  },
})
