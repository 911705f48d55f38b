import { Module, createRequire } from "node:module"
import { dirname, sep } from "node:path"
import { Readable } from "node:stream"
import type { createAppTester as CreateAppTester } from "zapier-platform-core"

// z.stashFile uploads to Zapier's servers (an RPC for a signed S3 form, then the upload). The
// test replaces that one seam: zapier-platform-core builds z.stashFile from the module
// tools/create-file-stasher, so a stand-in is put in Node's module cache under that path before
// the platform is loaded. Everything else in the platform runs as shipped.

const require = createRequire(import.meta.url)

/** One call of z.stashFile, with the bytes it was handed. */
export interface StashedFile {
  /** The platform method that stashed it, e.g. "hydrators.downloadVideo". */
  readonly method: string
  readonly bytes: Buffer
  readonly knownLength: number | undefined
  readonly filename: string | undefined
  readonly contentType: string | undefined
  readonly url: string
}

const readAll = async (value: unknown): Promise<Buffer> => {
  const resolved = await value
  if (typeof resolved === "string") return Buffer.from(resolved)
  if (Buffer.isBuffer(resolved)) return resolved
  if (resolved instanceof Readable) {
    const chunks: Array<Buffer> = []
    for await (const chunk of resolved) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)))
    return Buffer.concat(chunks)
  }
  throw new TypeError(`z.stashFile was handed ${typeof resolved}`)
}

const methodOf = (input: unknown): string => {
  if (typeof input !== "object" || input === null || !("_zapier" in input)) return ""
  const zapier = input._zapier
  if (typeof zapier !== "object" || zapier === null || !("event" in zapier)) return ""
  const event = zapier.event
  return typeof event === "object" && event !== null && "method" in event && typeof event.method === "string"
    ? event.method
    : ""
}

export interface ZapierHarness {
  readonly createAppTester: typeof CreateAppTester
  readonly stashed: Array<StashedFile>
}

/** Loads a fresh zapier-platform-core whose z.stashFile records what it is handed. */
export const loadZapier = (): ZapierHarness => {
  const stashed: Array<StashedFile> = []
  const stasherPath = require.resolve("zapier-platform-core/src/tools/create-file-stasher")
  const root = dirname(require.resolve("zapier-platform-core")) + sep
  for (const key of Object.keys(require.cache)) if (key.startsWith(root)) delete require.cache[key]

  const createFileStasher = (input: unknown) =>
    async (data: unknown, knownLength?: number, filename?: string, contentType?: string): Promise<string> => {
      const method = methodOf(input)
      // The real stasher refuses the same calls.
      if (!method.startsWith("hydrators.") && !method.startsWith("creates.")) {
        throw new Error("Files can only be stashed within a create or hydration function/method.")
      }
      const bytes = await readAll(data)
      const url = `https://zapier-stash.invalid/${stashed.length + 1}/${filename ?? "unnamedfile"}`
      stashed.push({ method, bytes, knownLength, filename, contentType, url })
      return url
    }
  const stub = new Module(stasherPath)
  stub.filename = stasherPath
  stub.loaded = true
  stub.exports = createFileStasher
  require.cache[stasherPath] = stub

  const core: { readonly createAppTester: typeof CreateAppTester } = require("zapier-platform-core")
  return { createAppTester: core.createAppTester, stashed }
}

/** `hydrate|||{...}|||hydrate`, as z.dehydrateFile writes it. */
export const readDehydrated = (value: unknown): { readonly method: string; readonly bundle: Record<string, unknown> } => {
  if (typeof value !== "string") throw new Error(`not a dehydrated value: ${String(value)}`)
  const match = /^hydrate\|\|\|(.*)\|\|\|hydrate$/.exec(value)
  if (match?.[1] === undefined) throw new Error(`not a dehydrated value: ${value}`)
  const payload: unknown = JSON.parse(match[1])
  if (typeof payload !== "object" || payload === null || !("method" in payload) || !("bundle" in payload)) {
    throw new Error(`unexpected dehydrated payload: ${match[1]}`)
  }
  const { method, bundle } = payload
  if (typeof method !== "string" || typeof bundle !== "object" || bundle === null) throw new Error("bad payload")
  return { method, bundle: Object.fromEntries(Object.entries(bundle)) }
}
