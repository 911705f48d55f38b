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

/** API keys live only in SecretStorage (one per provider); HAPPYHORSE_API_KEY is honoured for CI and dev hosts. */
export class ApiKeys {
  constructor(
    private readonly secrets: SecretStore,
    private readonly env: Readonly<Record<string, string | undefined>> = {},
  ) {}

  async get(provider: GatewayName): Promise<ResolvedKey | undefined> {
    const stored = await this.secrets.get(slot(provider))
    if (stored !== undefined && stored.trim() !== "") return { apiKey: stored, source: "secret-storage" }
    const fromEnv = this.env["HAPPYHORSE_API_KEY"]
    if (fromEnv !== undefined && fromEnv.trim() !== "") return { apiKey: fromEnv.trim(), source: "environment" }
    return undefined
  }

  async set(provider: GatewayName, apiKey: string): Promise<void> {
    await this.secrets.store(slot(provider), apiKey.trim())
  }

  async clear(provider: GatewayName): Promise<void> {
    await this.secrets.delete(slot(provider))
  }
}
