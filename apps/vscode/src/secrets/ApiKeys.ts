import type { GatewayName } from "@happyhorse/core"

/** The part of `vscode.SecretStorage` the key store uses. */
export interface SecretStore {
  get(key: string): PromiseLike<string | undefined>
  store(key: string, value: string): PromiseLike<void>
  delete(key: string): PromiseLike<void>
}

/** Where a key came from: shown to the user, never the key itself. */
export type KeySource = "secret-storage" | "environment" | "sandbox"

export interface ResolvedKey {
  readonly apiKey: string
  readonly source: KeySource
}

const slot = (provider: GatewayName): string => `happyhorse.apiKey.${provider}`

/**
 * API keys live only in SecretStorage (one per provider). For CI and dev hosts, HAPPYHORSE_API_KEY
 * is honoured only for the provider HAPPYHORSE_PROVIDER names: a key issued by one gateway is never
 * sent to another.
 */
export class ApiKeys {
  constructor(
    private readonly secrets: SecretStore,
    private readonly env: Readonly<Record<string, string | undefined>> = {},
  ) {}

  async get(provider: GatewayName): Promise<ResolvedKey | undefined> {
    const stored = await this.secrets.get(slot(provider))
    if (stored !== undefined && stored.trim() !== "") return { apiKey: stored, source: "secret-storage" }
    const fromEnv = this.env["HAPPYHORSE_API_KEY"]
    const envProvider = this.env["HAPPYHORSE_PROVIDER"]?.trim().toLowerCase()
    if (fromEnv !== undefined && fromEnv.trim() !== "" && envProvider === provider) return { apiKey: fromEnv.trim(), source: "environment" }
    return undefined
  }

  async set(provider: GatewayName, apiKey: string): Promise<void> {
    await this.secrets.store(slot(provider), apiKey.trim())
  }

  async clear(provider: GatewayName): Promise<void> {
    await this.secrets.delete(slot(provider))
  }
}
