import type { DialectName, Resolution } from "./Task.js"

// USD per output second by resolution. AceData and EvoLink are their published prices; the others are
// assumed (fal's 1.1 list price) because their pages give none.
const PRICES: Record<DialectName, Record<Resolution, number>> = {
  acedata: { "720P": 0.105, "1080P": 0.18 },
  evolink: { "720P": 0.139, "1080P": 0.186 },
  tokenbay: { "720P": 0.14, "1080P": 0.18 },
  ttapi: { "720P": 0.14, "1080P": 0.18 },
  dashscope: { "720P": 0.14, "1080P": 0.18 },
}

export const unitPrice = (dialect: DialectName, resolution: Resolution): number => PRICES[dialect][resolution]

/** Billed seconds: output seconds, plus input seconds for an edit. */
export const billedSeconds = (outputSeconds: number, inputSeconds: number): number => outputSeconds + inputSeconds

export const chargeUsd = (dialect: DialectName, resolution: Resolution, seconds: number): number =>
  Math.round(unitPrice(dialect, resolution) * seconds * 1_000_000) / 1_000_000
