import type { GatewayName } from "../domain/Gateway.js"
import type { ModelVersion, Resolution } from "../domain/VideoRequest.js"

export interface PriceEntry {
  /** USD per billed second. */
  readonly perSecond: Readonly<Record<Resolution, number>>
  /** "published" when the gateway states it; "reference" when it publishes none and a market figure stands in. */
  readonly basis: "published" | "reference"
  readonly source: string
}

// A market reference for gateways that publish no HappyHorse price in our sources:
// fal's HappyHorse 1.1 listing, $0.14 / $0.18 per second (shared/design/gateways.md, "Common facts").
const reference: PriceEntry = {
  perSecond: { "720P": 0.14, "1080P": 0.18 },
  basis: "reference",
  source: "no published price; fal's HappyHorse 1.1 listing used as a reference",
}

export const prices: Readonly<Record<GatewayName, (version: ModelVersion) => PriceEntry>> = {
  // AceData integration page (seed 004, "Billing Information"): "as low as about $0.105 / $0.18 per second".
  acedata: () => ({
    perSecond: { "720P": 0.105, "1080P": 0.18 },
    basis: "published",
    source: "AceData Cloud integration page: 720P about $0.105/s, 1080P about $0.18/s",
  }),
  // EvoLink publishes 1.1 at $0.139 / $0.186 (gateways.md, "Common facts"); 1.0 is assumed the same.
  evolink: (version) => ({
    perSecond: { "720P": 0.139, "1080P": 0.186 },
    basis: "published",
    source: version === "1.1" ? "EvoLink price list for 1.1" : "EvoLink price list for 1.1, assumed for 1.0",
  }),
  tokenbay: () => reference,
  ttapi: () => reference,
  dashscope: () => reference,
}
