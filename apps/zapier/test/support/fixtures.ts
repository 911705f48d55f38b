import { type Sandbox, type SandboxOptions, startSandbox } from "@happyhorse/sandbox"
import type { GatewayName } from "@happyhorse/core/node"
import { makeApp } from "../../src/index.js"

export const KEY = "sk-zapier-test"

/**
 * Sandbox time stands still (time scale 1, generations of two sandbox minutes); tests move it on
 * with `advanceTime`. The client's own waits (retries) are shortened 1000x.
 */
export const startTestSandbox = (options: SandboxOptions = {}): Promise<Sandbox> =>
  startSandbox({ timeScale: 1, seed: 11, durations: { fixedMs: 120_000 }, ...options })

export const testApp = () => makeApp({ timeScale: 1000 })

export const authFor = (sandbox: Sandbox, gateway: GatewayName, apiKey = KEY) => ({
  gateway,
  api_key: apiKey,
  base_url: sandbox.urls[gateway],
})

/** Long enough for every sandbox generation to end. */
export const FINISH_ALL_MS = 20 * 60_000

/** bytes 4..8 of an MP4 are "ftyp". */
export const isMp4 = (bytes: Buffer): boolean => bytes.subarray(4, 8).toString("latin1") === "ftyp"
