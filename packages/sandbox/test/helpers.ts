import { startSandbox, type Sandbox, type SandboxOptions } from "../src/index.js"

export const KEY = "sk-test-key"

export interface Call {
  readonly status: number
  readonly headers: Headers
  readonly body: unknown
}

/** Fetches and decodes JSON (or returns the text). */
export const call = async (url: string, init: RequestInit = {}): Promise<Call> => {
  const response = await fetch(url, init)
  const text = await response.text()
  let body: unknown = text
  try {
    body = JSON.parse(text)
  } catch {
    // not JSON
  }
  return { status: response.status, headers: response.headers, body }
}

export const postJson = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  call(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) })

export const bearerAuth = (key = KEY) => ({ authorization: `Bearer ${key}` })
export const ttAuth = (key = KEY) => ({ "tt-api-key": key })
export const dashAuth = (key = KEY) => ({ authorization: `Bearer ${key}`, "x-dashscope-async": "enable" })

/** Narrow an unknown JSON body to a record for field access in assertions. */
export const obj = (value: unknown): Record<string, unknown> => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error(`not an object: ${JSON.stringify(value)}`)
  return value as Record<string, unknown>
}

export const withSandbox = async <A>(options: SandboxOptions, use: (sandbox: Sandbox) => Promise<A>): Promise<A> => {
  const sandbox = await startSandbox(options)
  try {
    return await use(sandbox)
  } finally {
    await sandbox.close()
  }
}
