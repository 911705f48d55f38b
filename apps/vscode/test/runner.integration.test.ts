import { describe, expect, it } from "@effect/vitest"
import { createClient } from "@happyhorse/core/node"
import { startSandbox } from "@happyhorse/sandbox"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { ClientProvider } from "../src/client/ClientProvider.js"
import { RequestLog } from "../src/log/RequestLog.js"
import { ApiKeys } from "../src/secrets/ApiKeys.js"
import { TaskRunner } from "../src/tasks/TaskRunner.js"
import { TaskStore } from "../src/tasks/TaskStore.js"
import { memoryState } from "./helpers.js"

const SCALE = 500
const CANARY = "sk-vscode-canary-51e0c2"

describe("TaskRunner against the sandbox", () => {
  it("runs a text-to-video task end to end into the output folder, never logging the key", async () => {
    const sandbox = await startSandbox({ timeScale: SCALE, seed: 7 })
    const outDir = mkdtempSync(join(tmpdir(), "hh-vscode-"))
    try {
      const lines: Array<string> = []
      const log = new RequestLog({ appendLine: (l) => lines.push(l) })
      const secrets = new Map<string, string>()
      const keys = new ApiKeys({
        get: async (k) => secrets.get(k),
        store: async (k, v) => void secrets.set(k, v),
        delete: async (k) => void secrets.delete(k),
      })
      await keys.set("ttapi", CANARY)
      const clients = new ClientProvider(keys, log, createClient)
      const store = new TaskStore(memoryState())
      let n = 0
      const runner = new TaskRunner({ store, log, clientFor: (t) => clients.forTarget(t), outDir: () => outDir, newId: () => `t${++n}`, now: () => Date.now() })
      const target = { provider: "ttapi", baseUrl: sandbox.urls.ttapi, sandbox: false, timeScale: SCALE, timeoutMinutes: 10 } as const
      const outcome = await runner.start({ kind: "text-to-video", prompt: "A white horse on a beach", duration: 5 }, target, "A white horse on a beach", 0.7).done
      expect(outcome.error).toBeUndefined()
      expect(outcome.record.phase).toBe("succeeded")
      const file = outcome.record.filePath ?? ""
      expect(file.startsWith(outDir)).toBe(true)
      // An MP4 (ISO BMFF): "ftyp" at bytes 4..8.
      expect(readFileSync(file).subarray(4, 8).toString("latin1")).toBe("ftyp")
      expect(lines.join("\n")).not.toContain(CANARY)
      await clients.reset()
    } finally {
      await sandbox.close()
      rmSync(outDir, { recursive: true, force: true })
    }
  })
})
