import { defineProject } from "vitest/config"

export default defineProject({
  resolve: { conditions: ["@happyhorse/source"] },
  ssr: { resolve: { conditions: ["@happyhorse/source"] } },
  test: {
    name: "n8n-nodes-happyhorse",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 600_000,
  },
})
