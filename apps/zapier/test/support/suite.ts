import { afterAll, beforeAll, beforeEach } from "@effect/vitest"
import type { Sandbox, SandboxOptions } from "@happyhorse/sandbox"
import { startTestSandbox, testApp } from "./fixtures.js"
import { guardNetwork } from "./network.js"
import { loadZapier } from "./zapierHarness.js"

/**
 * One integration test file's setup: the app under Zapier's app tester, a guarded network, and a
 * sandbox for the file, with its ledger and the captured traffic cleared before each test.
 */
export const useZapierSuite = (options: SandboxOptions = {}) => {
  const guard = guardNetwork()
  const zapier = loadZapier()
  const app = testApp()
  const appTester = zapier.createAppTester(app)
  let current: Sandbox | undefined
  beforeAll(async () => {
    current = await startTestSandbox(options)
  })
  afterAll(async () => {
    await current?.close()
  })
  beforeEach(() => {
    current?.ledger.clear()
    guard.clear()
  })
  return {
    guard,
    zapier,
    app,
    appTester,
    get sandbox(): Sandbox {
      if (current === undefined) throw new Error("the sandbox starts in beforeAll")
      return current
    },
  }
}
