import { type Client, createClient, type CreateClientOptions } from "@happyhorse/core/node"
import type { HappyHorseCredentials } from "./credentials.js"

/** Builds a core client; tests swap in a fake. */
export type ClientFactory = (options: CreateClientOptions) => Client

/**
 * Test-only knobs, read from the n8n process environment: HAPPYHORSE_TIME_SCALE shortens every
 * wait for a time-compressed sandbox; HAPPYHORSE_ALLOW_PRIVATE_CALLBACKS accepts loopback callbacks.
 */
export interface TestKnobs {
  readonly timeScale?: number
  readonly allowPrivateCallbackUrls?: boolean
}

export const knobsFromEnv = (env: Readonly<Record<string, string | undefined>>): TestKnobs => {
  const scale = Number(env["HAPPYHORSE_TIME_SCALE"] ?? "")
  return {
    ...(Number.isFinite(scale) && scale >= 1 ? { timeScale: scale } : {}),
    ...(env["HAPPYHORSE_ALLOW_PRIVATE_CALLBACKS"] === "true" ? { allowPrivateCallbackUrls: true } : {}),
  }
}

export const clientOptions = (
  credentials: HappyHorseCredentials,
  knobs: TestKnobs,
  timeoutMs?: number,
): CreateClientOptions => {
  const baseUrl = credentials.baseUrl?.trim()
  return {
    provider: credentials.gateway,
    apiKey: credentials.apiKey,
    ...(baseUrl === undefined || baseUrl === "" ? {} : { baseUrl }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...knobs,
  }
}

export const defaultClientFactory: ClientFactory = createClient
