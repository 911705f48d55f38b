import * as Predicate from "effect/Predicate"
import * as Schema from "effect/Schema"
import { AspectRatio, ModelVersion, type VideoKind } from "../domain/VideoRequest.js"
import { fieldsOf } from "./decodeRequest.js"

/**
 * The fields of a raw request that have the right type for its kind. Rules read this view,
 * so a request with a type error in one field still gets every other field's rules checked.
 */
export interface RequestView {
  readonly kind: VideoKind | undefined
  readonly prompt: string | undefined
  readonly image: string | undefined
  readonly images: ReadonlyArray<unknown> | undefined
  readonly video: string | undefined
  readonly model: ModelVersion | undefined
  readonly ratio: AspectRatio | undefined
  readonly duration: number | undefined
  readonly seed: number | undefined
  readonly videoDuration: number | undefined
  readonly callbackUrl: string | undefined
}

// Fields shared by every kind, checked even when the kind itself is wrong.
const commonFields: ReadonlyArray<string> = ["model", "duration", "seed", "callbackUrl"]

const isModel = Schema.is(ModelVersion)
const isRatio = Schema.is(AspectRatio)

export const requestView = (input: unknown, kind: VideoKind | undefined): RequestView => {
  const allowed = new Set(kind === undefined ? commonFields : fieldsOf(kind))
  const read = (key: string): unknown => {
    if (!allowed.has(key) || !Predicate.isRecord(input)) return undefined
    try {
      return Reflect.get(input, key)
    } catch {
      return undefined
    }
  }
  const text = (key: string): string | undefined => {
    const value = read(key)
    return typeof value === "string" ? value : undefined
  }
  const number = (key: string): number | undefined => {
    const value = read(key)
    return typeof value === "number" ? value : undefined
  }
  const images = read("images")
  const model = read("model")
  const ratio = read("ratio")
  return {
    kind,
    prompt: text("prompt"),
    image: text("image"),
    images: Array.isArray(images) ? images : undefined,
    video: text("video"),
    model: isModel(model) ? model : undefined,
    ratio: isRatio(ratio) ? ratio : undefined,
    duration: number("duration"),
    seed: number("seed"),
    videoDuration: number("videoDuration"),
    callbackUrl: text("callbackUrl"),
  }
}
