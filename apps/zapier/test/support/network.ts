// Keeps every test on this machine: fetch may reach loopback only. Zapier's app tester hands
// out a fixed public callback URL; a POST to it (the sandbox calling back) is captured here
// and acknowledged with a 200, as Zapier's callback endpoint would, without leaving the host.

export const ZAPIER_TEST_CALLBACK_URL = "https://auth-json-server.zapier-staging.com/echo"

export interface CapturedCallback {
  readonly url: string
  readonly body: unknown
}

const isLoopback = (url: URL): boolean => url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.hostname === "[::1]"

const urlOf = (input: Parameters<typeof fetch>[0]): URL =>
  new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url)

export interface NetworkGuard {
  /** Callback POSTs captured since the last `clear`. */
  readonly callbacks: Array<CapturedCallback>
  readonly clear: () => void
}

const KEY = Symbol.for("happyhorse.zapier.test.networkGuard")

/**
 * Installs the guard once per process and returns it. It stays in place: an HTTP client may keep
 * the fetch it first saw, so swapping fetch back and forth between tests would be unreliable.
 */
export const guardNetwork = (): NetworkGuard => {
  const slot: Record<symbol, NetworkGuard | undefined> = globalThis
  const existing = slot[KEY]
  if (existing !== undefined) return existing
  const original = globalThis.fetch
  const callbacks: Array<CapturedCallback> = []
  const guarded: typeof fetch = async (input, init) => {
    const url = urlOf(input)
    if (isLoopback(url)) return original(input, init)
    if (url.href === ZAPIER_TEST_CALLBACK_URL && init?.method === "POST") {
      const text = typeof init.body === "string" ? init.body : ""
      callbacks.push({ url: url.href, body: JSON.parse(text) })
      return new Response("{}", { status: 200, headers: { "content-type": "application/json" } })
    }
    throw new TypeError(`test network guard: refused a request to ${url.origin}`)
  }
  globalThis.fetch = guarded
  const guard: NetworkGuard = { callbacks, clear: () => void callbacks.splice(0) }
  slot[KEY] = guard
  return guard
}
