import type { Client, CreateClientOptions, GatewayName } from "@happyhorse/core/node"
import { MissingApiKey } from "../domain/ExtensionErrors.js"
import type { RequestLog } from "../log/RequestLog.js"
import type { ApiKeys } from "../secrets/ApiKeys.js"

/** Which gateway a task talks to. */
export interface ClientTarget {
  readonly provider: GatewayName
  /** Empty: the provider's documented origin. */
  readonly baseUrl: string
  /** The embedded sandbox: any key is accepted, so none is needed. */
  readonly sandbox: boolean
  readonly timeScale: number
  readonly timeoutMinutes: number
}

export type ClientFactory = (options: CreateClientOptions) => Client

const SANDBOX_KEY = "sandbox-key"

/** One core client per gateway, key and origin, made on first use and disposed together. */
export class ClientProvider {
  private readonly clients = new Map<string, Client>()

  constructor(
    private readonly keys: ApiKeys,
    private readonly log: RequestLog,
    private readonly factory: ClientFactory,
  ) {}

  async forTarget(target: ClientTarget): Promise<Client> {
    let apiKey = SANDBOX_KEY
    if (!target.sandbox) {
      const resolved = await this.keys.get(target.provider)
      if (resolved === undefined) throw new MissingApiKey({ provider: target.provider })
      apiKey = resolved.apiKey
    }
    this.log.addSecret(apiKey)
    const cacheKey = JSON.stringify([target.provider, target.baseUrl, apiKey, target.timeScale, target.timeoutMinutes])
    const cached = this.clients.get(cacheKey)
    if (cached !== undefined) return cached
    const client = this.factory({
      provider: target.provider,
      apiKey,
      timeoutMs: target.timeoutMinutes * 60_000,
      ...(target.baseUrl === "" ? {} : { baseUrl: target.baseUrl }),
      ...(target.timeScale > 1 ? { timeScale: target.timeScale } : {}),
    })
    this.clients.set(cacheKey, client)
    return client
  }

  /** Forget every client, e.g. after a key or provider change. */
  async reset(): Promise<void> {
    const all = [...this.clients.values()]
    this.clients.clear()
    await Promise.allSettled(all.map((c) => c.dispose()))
  }
}
