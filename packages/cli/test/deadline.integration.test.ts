import { describe, expect, it } from "@effect/vitest"
import { createServer, type Socket } from "node:net"
import { cleanEnv, runCli } from "./support/cli.js"

describe("--timeout is a deadline", () => {
  it("wait against a gateway that takes the connection and never answers ends at the deadline with exit 4", { timeout: 120_000 }, async () => {
    const held = new Set<Socket>()
    const server = createServer((socket) => {
      held.add(socket)
      socket.on("error", () => undefined)
      socket.on("close", () => held.delete(socket))
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()))
    const address = server.address()
    const port = typeof address === "object" && address !== null ? address.port : 0
    try {
      const env = cleanEnv({ HAPPYHORSE_PROVIDER: "tokenbay", HAPPYHORSE_BASE_URL: `http://127.0.0.1:${port}` })
      // 20 s of gateway time at a time scale of 20: one real second.
      const started = Date.now()
      const result = await runCli(["wait", "task-that-hangs", "--timeout", "20", "--time-scale", "20"], env)
      const elapsed = Date.now() - started
      expect(result.code).toBe(4)
      expect(result.stderr).toMatch(/did not finish within 20 s/)
      // The command's own start-up aside, nothing waited for a read's 30 s timeout or its retries.
      expect(elapsed).toBeLessThan(20_000)
    } finally {
      for (const socket of held) socket.destroy()
      server.close()
    }
  })
})
