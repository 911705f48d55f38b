import { describe, expect, it } from "@effect/vitest"
import { ApiKeys } from "../src/secrets/ApiKeys.js"

const memory = (entries: Record<string, string> = {}) => {
  const map = new Map(Object.entries(entries))
  return { get: async (k: string) => map.get(k), store: async (k: string, v: string) => void map.set(k, v), delete: async (k: string) => void map.delete(k) }
}

describe("ApiKeys", () => {
  it("prefers the key stored for the provider", async () => {
    const keys = new ApiKeys(memory({ "happyhorse.apiKey.evolink": "sk-stored" }), { HAPPYHORSE_API_KEY: "sk-env", HAPPYHORSE_PROVIDER: "evolink" })
    expect(await keys.get("evolink")).toEqual({ apiKey: "sk-stored", source: "secret-storage" })
  })

  it("gives the environment's key only to the provider the environment names", async () => {
    const keys = new ApiKeys(memory(), { HAPPYHORSE_API_KEY: " sk-env ", HAPPYHORSE_PROVIDER: "EvoLink" })
    expect(await keys.get("evolink")).toEqual({ apiKey: "sk-env", source: "environment" })
    expect(await keys.get("tokenbay")).toBeUndefined()
  })

  it("keeps the environment's key to itself when no provider is named", async () => {
    const keys = new ApiKeys(memory(), { HAPPYHORSE_API_KEY: "sk-env" })
    expect(await keys.get("ttapi")).toBeUndefined()
  })
})
