import * as Option from "effect/Option"
import { UsageError } from "../config/UsageError.js"

/** The request options generate and estimate share. */
export interface RequestFlags {
  readonly image: Option.Option<string>
  readonly ref: ReadonlyArray<string>
  readonly video: Option.Option<string>
  readonly model: Option.Option<string>
  readonly resolution: Option.Option<string>
  readonly ratio: Option.Option<string>
  readonly duration: Option.Option<number>
  readonly seed: Option.Option<number>
  readonly watermark: boolean
}

const some = <A>(name: string, value: Option.Option<A>): Record<string, A> => (Option.isSome(value) ? { [name]: value.value } : {})

/**
 * Flags to a request: --image makes image-to-video, --ref reference-to-video, --video an edit.
 * The core validates the result (field, value, rule) before any network call.
 */
export const buildRequest = (prompt: string, flags: RequestFlags): Record<string, unknown> | UsageError => {
  const chosen = [Option.isSome(flags.image), flags.ref.length > 0, Option.isSome(flags.video)].filter(Boolean).length
  if (chosen > 1 && !(Option.isSome(flags.video) && Option.isNone(flags.image))) {
    return new UsageError({ detail: "Use only one of --image, --ref and --video (an edit may add --ref images)." })
  }
  const resolution = Option.map(flags.resolution, (r) => r.toUpperCase())
  const common = {
    ...some("model", flags.model),
    ...some("resolution", resolution),
    ...some("seed", flags.seed),
    ...(flags.watermark ? { watermark: true } : {}),
  }
  if (Option.isSome(flags.video)) {
    return { kind: "video-edit", prompt, video: flags.video.value, ...(flags.ref.length > 0 ? { images: [...flags.ref] } : {}), ...common }
  }
  if (Option.isSome(flags.image)) {
    return { kind: "image-to-video", image: flags.image.value, ...(prompt === "" ? {} : { prompt }), ...some("duration", flags.duration), ...common }
  }
  const shaped = { prompt, ...some("ratio", flags.ratio), ...some("duration", flags.duration), ...common }
  return flags.ref.length > 0 ? { kind: "reference-to-video", images: [...flags.ref], ...shaped } : { kind: "text-to-video", ...shaped }
}
