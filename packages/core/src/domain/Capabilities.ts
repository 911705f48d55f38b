import type { GatewayName } from "./Gateway.js"
import type { AspectRatio, ModelVersion, VideoKind } from "./VideoRequest.js"

/** What one gateway offers; validation refuses what it lacks before any network call. */
export interface Capabilities {
  readonly gateway: GatewayName
  /** Model versions per kind, newest last; the newest is the default. */
  readonly models: Readonly<Partial<Record<VideoKind, ReadonlyArray<ModelVersion>>>>
  /** Ratios accepted for kinds that take one (text and reference to video). */
  readonly ratios: ReadonlyArray<AspectRatio>
  readonly seed: { readonly min: number; readonly max: number }
  /** The gateway POSTs the result to a callback URL. */
  readonly callbacks: boolean
  /** Submit can stream NDJSON snapshots until the task ends. */
  readonly ndjson: boolean
  /** Largest id list a batch query takes; 0 when there is none. */
  readonly batchQuery: number
  /** A content endpoint that honours Range. */
  readonly contentRange: boolean
  /** A documented cancel call. */
  readonly cancel: boolean
  /** Where each fact comes from: [V] documented, [I] inferred. */
  readonly sources: ReadonlyArray<string>
}

export const supportsKind = (caps: Capabilities, kind: VideoKind): boolean =>
  (caps.models[kind]?.length ?? 0) > 0
