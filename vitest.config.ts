import { defineConfig } from "vitest/config"

// One run over every workspace project; each package has its own vitest.config.ts.
export default defineConfig({
  test: {
    projects: ["packages/*", "apps/*", "tooling/release"],
  },
})
