import { defineProject } from "vitest/config"

export default defineProject({
  resolve: { conditions: ["@happyhorse/source"] },
  ssr: { resolve: { conditions: ["@happyhorse/source"] } },
  test: {
    name: "zapier",
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
  },
})
