import type { DialectName, Resolution, TaskKind } from "./Task.js"

export type RequestKind = "submit" | "poll" | "download" | "file" | "admin" | "other"

export interface RequestRecord {
  readonly seq: number
  readonly apiKey: string | undefined
  readonly dialect: DialectName | undefined
  readonly method: string
  readonly path: string
  readonly status: number
  readonly kind: RequestKind
  readonly taskId: string | undefined
  /** Fault injected into this request, if any. */
  readonly fault: "server_error" | "reset" | "slow" | "truncated" | undefined
  readonly sandboxMs: number
  readonly realMs: number
}

export interface SubmitRecord {
  readonly apiKey: string
  readonly dialect: DialectName
  readonly taskId: string
  readonly model: string
  readonly kind: TaskKind
  /** Stable hash of the submitted body: equal bodies give equal fingerprints. */
  readonly fingerprint: string
  readonly sandboxMs: number
  readonly realMs: number
}

export interface ChargeRecord {
  readonly apiKey: string
  readonly dialect: DialectName
  readonly taskId: string
  readonly resolution: Resolution
  readonly outputSeconds: number
  readonly inputSeconds: number
  readonly billedSeconds: number
  readonly unitPriceUsd: number
  readonly amountUsd: number
  readonly sandboxMs: number
  readonly realMs: number
}

export interface CallbackAttempt {
  readonly apiKey: string
  readonly dialect: DialectName
  readonly taskId: string
  readonly url: string
  /** 1 for the first call, 2..4 for retries. */
  readonly attempt: number
  readonly status: number | undefined
  readonly error: string | undefined
  readonly ok: boolean
  readonly sandboxMs: number
  readonly realMs: number
}

export interface KeyLedger {
  readonly requests: ReadonlyArray<RequestRecord>
  readonly submits: ReadonlyArray<SubmitRecord>
  readonly charges: ReadonlyArray<ChargeRecord>
  readonly callbacks: ReadonlyArray<CallbackAttempt>
}

export interface LedgerSnapshot {
  readonly keys: Record<string, KeyLedger & {
    readonly submitsPerTask: Record<string, number>
    readonly chargesPerTask: Record<string, number>
    readonly pollTimes: Record<string, ReadonlyArray<number>>
    readonly rateLimited: number
    readonly totalChargedUsd: number
  }>
}

/** Read side of the ledger, handed to users and tests. */
export interface Ledger {
  readonly keys: () => ReadonlyArray<string>
  readonly forKey: (apiKey: string) => KeyLedger
  readonly requests: (apiKey?: string) => ReadonlyArray<RequestRecord>
  readonly submits: (apiKey?: string) => ReadonlyArray<SubmitRecord>
  readonly charges: (apiKey?: string) => ReadonlyArray<ChargeRecord>
  readonly callbacks: (apiKey?: string) => ReadonlyArray<CallbackAttempt>
  /** Task id -> number of accepted submits that created it (always 1 unless ids collide). */
  readonly submitsPerTask: (apiKey?: string) => Record<string, number>
  /** Body fingerprint -> number of accepted submits with that body (a blind resubmit shows as 2). */
  readonly submitsPerFingerprint: (apiKey?: string) => Record<string, number>
  /** Task id -> number of charges (0 or 1 when billing is right). */
  readonly chargesPerTask: (apiKey?: string) => Record<string, number>
  /** Sandbox ms of every status query of a task, in order. */
  readonly pollTimes: (taskId: string) => ReadonlyArray<number>
  /** Smallest gap in sandbox ms between two polls of a task, or undefined with fewer than two polls. */
  readonly minPollGapMs: (taskId: string) => number | undefined
  /** Count of 429 replies. */
  readonly rateLimited: (apiKey?: string) => number
  readonly totalChargedUsd: (apiKey?: string) => number
  readonly snapshot: () => LedgerSnapshot
  readonly clear: () => void
}

/** Write side, used by the server. */
export interface LedgerWriter extends Ledger {
  readonly recordRequest: (record: Omit<RequestRecord, "seq">) => void
  readonly recordSubmit: (record: SubmitRecord) => void
  readonly recordCharge: (record: ChargeRecord) => void
  readonly recordCallback: (record: CallbackAttempt) => void
}

const countBy = <A>(items: ReadonlyArray<A>, key: (a: A) => string): Record<string, number> => {
  const out: Record<string, number> = {}
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1
  return out
}

export const makeLedger = (): LedgerWriter => {
  let requests: Array<RequestRecord> = []
  let submits: Array<SubmitRecord> = []
  let charges: Array<ChargeRecord> = []
  let callbacks: Array<CallbackAttempt> = []
  let seq = 0
  const byKey = <A extends { readonly apiKey: string | undefined }>(items: ReadonlyArray<A>, apiKey?: string) =>
    apiKey === undefined ? items : items.filter((item) => item.apiKey === apiKey)

  const ledger: LedgerWriter = {
    keys: () => {
      const set = new Set<string>()
      for (const r of requests) if (r.apiKey !== undefined) set.add(r.apiKey)
      for (const s of submits) set.add(s.apiKey)
      return [...set]
    },
    forKey: (apiKey) => ({
      requests: byKey(requests, apiKey),
      submits: byKey(submits, apiKey),
      charges: byKey(charges, apiKey),
      callbacks: byKey(callbacks, apiKey),
    }),
    requests: (apiKey) => byKey(requests, apiKey),
    submits: (apiKey) => byKey(submits, apiKey),
    charges: (apiKey) => byKey(charges, apiKey),
    callbacks: (apiKey) => byKey(callbacks, apiKey),
    submitsPerTask: (apiKey) => countBy(byKey(submits, apiKey), (s) => s.taskId),
    submitsPerFingerprint: (apiKey) => countBy(byKey(submits, apiKey), (s) => s.fingerprint),
    chargesPerTask: (apiKey) => countBy(byKey(charges, apiKey), (c) => c.taskId),
    pollTimes: (taskId) => requests.filter((r) => r.kind === "poll" && r.taskId === taskId).map((r) => r.sandboxMs),
    minPollGapMs: (taskId) => {
      const times = ledger.pollTimes(taskId)
      let min: number | undefined
      for (let i = 1; i < times.length; i++) {
        const gap = (times[i] ?? 0) - (times[i - 1] ?? 0)
        min = min === undefined ? gap : Math.min(min, gap)
      }
      return min
    },
    rateLimited: (apiKey) => byKey(requests, apiKey).filter((r) => r.status === 429).length,
    totalChargedUsd: (apiKey) =>
      Math.round(byKey(charges, apiKey).reduce((sum, c) => sum + c.amountUsd, 0) * 1_000_000) / 1_000_000,
    snapshot: () => {
      const keys: Record<string, LedgerSnapshot["keys"][string]> = {}
      for (const apiKey of ledger.keys()) {
        const own = ledger.forKey(apiKey)
        const pollTimes: Record<string, Array<number>> = {}
        for (const r of own.requests) {
          if (r.kind === "poll" && r.taskId !== undefined) (pollTimes[r.taskId] ??= []).push(r.sandboxMs)
        }
        keys[apiKey] = {
          ...own,
          submitsPerTask: ledger.submitsPerTask(apiKey),
          chargesPerTask: ledger.chargesPerTask(apiKey),
          pollTimes,
          rateLimited: ledger.rateLimited(apiKey),
          totalChargedUsd: ledger.totalChargedUsd(apiKey),
        }
      }
      return { keys }
    },
    clear: () => {
      requests = []
      submits = []
      charges = []
      callbacks = []
    },
    recordRequest: (record) => {
      requests.push({ ...record, seq: ++seq })
    },
    recordSubmit: (record) => {
      submits.push(record)
    },
    recordCharge: (record) => {
      charges.push(record)
    },
    recordCallback: (record) => {
      callbacks.push(record)
    },
  }
  return ledger
}
