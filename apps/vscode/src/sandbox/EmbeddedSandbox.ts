import * as path from "node:path"
import type { GatewayName } from "@happyhorse/core"
import { SandboxUnavailable } from "../domain/ExtensionErrors.js"
import type { RequestLog } from "../log/RequestLog.js"

/** The slice of `@happyhorse/sandbox`'s `startSandbox` result the extension uses. */
export interface RunningSandbox {
  readonly urls: Readonly<Record<GatewayName, string>>
  readonly close: () => Promise<void>
}

export interface SandboxModule {
  readonly startSandbox: (options: { readonly timeScale: number; readonly seed: number }) => Promise<RunningSandbox>
}

/** How fast the embedded sandbox runs: a 5 s video appears in seconds, and the client's waits shrink to match. */
export const SANDBOX_TIME_SCALE = 20

const isSandboxModule = (value: unknown): value is SandboxModule =>
  typeof value === "object" && value !== null && typeof Reflect.get(value, "startSandbox") === "function"

/** Loads dist/sandbox.cjs from beside the extension: a separate bundle, so activation never pays for it. */
export const loadBundledSandbox = (dir: string): SandboxModule => {
  const loaded: unknown = require(path.join(dir, "sandbox.cjs"))
  if (!isSandboxModule(loaded)) throw new Error("dist/sandbox.cjs does not export startSandbox")
  return loaded
}

/** A local emulator of every gateway, started on first use in this window and stopped with it. */
export class EmbeddedSandbox {
  private starting: Promise<RunningSandbox> | undefined

  constructor(
    private readonly load: () => SandboxModule,
    private readonly log: RequestLog,
  ) {}

  async urlFor(provider: GatewayName): Promise<string> {
    const sandbox = await this.ensure()
    return sandbox.urls[provider]
  }

  private ensure(): Promise<RunningSandbox> {
    if (this.starting === undefined) {
      this.starting = (async () => {
        try {
          const sandbox = await this.load().startSandbox({ timeScale: SANDBOX_TIME_SCALE, seed: Date.now() % 100_000 })
          this.log.info("sandbox started", { urls: sandbox.urls, timeScale: SANDBOX_TIME_SCALE })
          return sandbox
        } catch (error) {
          this.starting = undefined
          throw new SandboxUnavailable({ reason: error instanceof Error ? error.message : String(error) })
        }
      })()
    }
    return this.starting
  }

  async dispose(): Promise<void> {
    const pending = this.starting
    this.starting = undefined
    if (pending !== undefined) await pending.then((s) => s.close()).catch(() => undefined)
  }
}
