import { describe, expect, it } from "@effect/vitest"
import * as Cause from "effect/Cause"
import * as Effect from "effect/Effect"
import * as Exit from "effect/Exit"
import * as fc from "effect/FastCheck"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import * as Schema from "effect/Schema"
import type { GatewayFailure } from "../../src/domain/Errors.js"
import { gatewayNames } from "../../src/domain/Gateway.js"
import { SubmitReceipt, TaskSnapshot } from "../../src/domain/TaskStatus.js"
import type { NormalizedRequest } from "../../src/domain/VideoRequest.js"
import type { Dialect, WireReply } from "../../src/providers/Dialect.js"
import { dialects } from "../../src/providers/registry.js"
import { fixture, fixtureNames, replyOf } from "./fixtures.js"

type Decode = (reply: WireReply) => Effect.Effect<unknown, GatewayFailure>

/** Every decoder a dialect has, each fed a whole reply. */
const decodersOf = (d: Dialect): ReadonlyArray<readonly [string, Decode]> => {
  const out: Array<readonly [string, Decode]> = [
    ["submit", (reply) => d.decodeSubmit(reply)],
    ["query", (reply) => d.decodeQuery("task-1", reply)],
  ]
  const { decodeBatchQuery, decodeStreamLine, decodeCallback } = d
  if (decodeBatchQuery) out.push(["batch", (reply) => decodeBatchQuery(reply)])
  if (decodeStreamLine) out.push(["stream", (reply) => decodeStreamLine(reply.body)])
  if (decodeCallback) out.push(["callback", (reply) => decodeCallback(reply.body)])
  return out
}

const FAILURE_TAGS = new Set(["AuthError", "InsufficientBalance", "ContentRejected", "RateLimited", "GatewayError", "MalformedReply"])
const isResult = (value: unknown): boolean =>
  Schema.is(TaskSnapshot)(value) ||
  Schema.is(SubmitReceipt)(value) ||
  (Array.isArray(value) && value.every((item) => Schema.is(TaskSnapshot)(item)))

/** A decoder's exit must be a valid result or one typed failure: never a defect, never a throw. */
const expectTyped = (exit: Exit.Exit<unknown, GatewayFailure>, label: string): void => {
  if (Exit.isSuccess(exit)) {
    expect(isResult(exit.value), label).toBe(true)
    return
  }
  expect(Cause.isDie(exit.cause), label).toBe(false)
  const failure = Cause.failureOption(exit.cause)
  expect(Option.isSome(failure), label).toBe(true)
  if (Option.isSome(failure)) expect(FAILURE_TAGS.has(failure.value._tag), label).toBe(true)
}

/** Every fixture body, with the status it came with: responses, stream lines, callback bodies. */
const fixtureReplies: ReadonlyArray<readonly [string, WireReply]> = gatewayNames.flatMap((gateway) =>
  fixtureNames(gateway).flatMap((name) => {
    const f = fixture(gateway, name)
    const replies: Array<readonly [string, WireReply]> = []
    if (f.response !== undefined && f.response.body !== null) replies.push([`${gateway}/${name}`, replyOf(f)])
    for (const line of f.lines ?? []) replies.push([`${gateway}/${name}#line`, { status: 200, headers: {}, body: line }])
    if (name.startsWith("callback") && f.request?.body !== undefined) {
      replies.push([`${gateway}/${name}#callback`, { status: 200, headers: {}, body: f.request.body }])
    }
    return replies
  }),
)

const retryAfter = fc.option(
  fc.oneof(fc.nat({ max: 100_000 }).map(String), fc.string(), fc.date().map((d) => d.toUTCString())),
  { nil: undefined },
)
const arbitraryReply = fc.record({
  status: fc.integer({ min: 100, max: 599 }),
  retryAfter,
  body: fc.oneof(fc.jsonValue(), fc.string()),
})
const toReply = (r: { status: number; retryAfter: string | undefined; body: unknown }): WireReply => ({
  status: r.status,
  headers: r.retryAfter === undefined ? {} : { "retry-after": r.retryAfter },
  body: r.body,
})

const allDialects: ReadonlyArray<Dialect> = Object.values(dialects)

describe("decoders never throw", () => {
  it.effect.prop("arbitrary JSON with an arbitrary status gives a result or a typed error", { reply: arbitraryReply }, ({ reply }) =>
    Effect.gen(function* () {
      for (const dialect of allDialects) {
        for (const [op, decode] of decodersOf(dialect)) {
          expectTyped(yield* Effect.exit(decode(toReply(reply))), `${dialect.name} ${op}`)
        }
      }
    }),
    { fastCheck: { numRuns: 60 } },
  )

  it.effect.prop(
    "error-shaped bodies at any status stay typed",
    {
      status: fc.integer({ min: 100, max: 599 }),
      code: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      message: fc.oneof(fc.string(), fc.constant(null)),
    },
    ({ status, code, message }) =>
      Effect.gen(function* () {
        const bodies = [
          { error: { code, message, type: message } },
          { status: "FAILED", message },
          { request_id: "r", code, message },
          { error: { code, message }, trace_id: "t" },
        ]
        for (const dialect of allDialects) {
          for (const body of bodies) {
            for (const [op, decode] of decodersOf(dialect)) {
              expectTyped(yield* Effect.exit(decode({ status, headers: {}, body })), `${dialect.name} ${op}`)
            }
          }
        }
      }),
    { fastCheck: { numRuns: 40 } },
  )
})

const vocabulary: Readonly<Record<string, ReadonlyArray<string>>> = {
  ttapi: ["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED", "UNKNOWN"],
  dashscope: ["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELED", "UNKNOWN"],
  tokenbay: ["queued", "in_progress", "completed", "failed", "SUBMITTED", "QUEUED", "NOT_START", "IN_PROGRESS", "SUCCESS", "FAILURE"],
  evolink: ["pending", "processing", "completed", "failed", "cancelled"],
  acedata: ["pending", "running", "succeeded", "error"],
}

const OUT = "https://files.example.com/v.mp4"
const bodyWithStatus = (gateway: string, word: string): unknown => {
  switch (gateway) {
    case "tokenbay":
      return { id: "task-1", status: word }
    case "evolink":
      return { id: "task-1", status: word, results: [OUT] }
    case "acedata":
      return { id: "task-1", response: { task_id: "task-1", data: [{ state: word, video_url: OUT }] } }
    default:
      return { output: { task_id: "task-1", task_status: word, video_url: OUT } }
  }
}

describe("arbitrary status words", () => {
  it.effect.prop(
    "decode to a snapshot that keeps the word; unknown words are Unknown",
    { word: fc.oneof(fc.string(), fc.constantFrom(...Object.values(vocabulary).flat())) },
    ({ word }) =>
      Effect.gen(function* () {
        for (const dialect of allDialects) {
          const reply = { status: 200, headers: {}, body: bodyWithStatus(dialect.name, word) }
          const snapshot = yield* dialect.decodeQuery("task-1", reply)
          expect(snapshot.rawStatus).toBe(word)
          const known = vocabulary[dialect.name] ?? []
          if (!known.includes(word)) expect(snapshot.status).toEqual({ _tag: "Unknown", raw: word })
          else expect(snapshot.status._tag).not.toBe("Unknown")
        }
      }),
  )
})

type Path = ReadonlyArray<string | number>
const pathsOf = (value: unknown, prefix: Path = []): ReadonlyArray<Path> => {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...prefix, i], ...pathsOf(item, [...prefix, i])])
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])])
  }
  return []
}

/** A copy of `value` with the thing at `path` dropped (`replacement` absent) or replaced. */
const mutate = (value: unknown, path: Path, replacement: { readonly value: unknown } | undefined): unknown => {
  if (path.length === 0) return replacement === undefined ? undefined : replacement.value
  const [head, ...rest] = path
  if (Array.isArray(value) && typeof head === "number") {
    const copy: Array<unknown> = [...value]
    if (rest.length === 0 && replacement === undefined) copy.splice(head, 1)
    else copy[head] = mutate(copy[head], rest, replacement)
    return copy
  }
  if (typeof value === "object" && value !== null && typeof head === "string") {
    const copy = new Map(Object.entries(value))
    if (rest.length === 0 && replacement === undefined) copy.delete(head)
    else copy.set(head, mutate(copy.get(head), rest, replacement))
    return Object.fromEntries(copy)
  }
  return value
}

const mutation = fc.integer({ min: 0, max: fixtureReplies.length - 1 }).chain((index) => {
  const [label, reply] = fixtureReplies[index] ?? ["none", { status: 200, headers: {}, body: null }]
  const paths = pathsOf(reply.body)
  return fc.record({
    label: fc.constant(label),
    reply: fc.constant(reply),
    path: paths.length === 0 ? fc.constant<Path>([]) : fc.constantFrom(...paths),
    replacement: fc.option(fc.jsonValue().map((value) => ({ value })), { nil: undefined }),
  })
})

describe("mutated fixture replies", () => {
  it("there are fixture replies to mutate", () => {
    expect(fixtureReplies.length).toBeGreaterThan(60)
  })

  it.effect.prop("a dropped or retyped field gives a valid result or a typed error", { m: mutation }, ({ m }) =>
    Effect.gen(function* () {
      const gateway = m.label.split("/")[0]
      const dialect = allDialects.find((d) => d.name === gateway)
      expect(dialect).toBeDefined()
      if (dialect === undefined) return
      const reply = { ...m.reply, body: mutate(m.reply.body, m.path, m.replacement) }
      for (const [op, decode] of decodersOf(dialect)) {
        expectTyped(yield* Effect.exit(decode(reply)), `${m.label} ${op} ${JSON.stringify(m.path)}`)
      }
    }),
  )

  it.effect("every unmutated fixture reply decodes without a MalformedReply in its own decoder", () =>
    Effect.gen(function* () {
      for (const [label, reply] of fixtureReplies) {
        const dialect = allDialects.find((d) => d.name === label.split("/")[0])
        if (dialect === undefined) continue
        const decoders = new Map(decodersOf(dialect))
        const op = label.endsWith("#line")
          ? "stream"
          : label.endsWith("#callback")
            ? "callback"
            : label.includes("retrieve-batch")
              ? "batch"
              : label.includes("/submit")
                ? "submit"
                : "query"
        const decode = decoders.get(op)
        expect(decode, label).toBeDefined()
        if (decode === undefined) continue
        const exit = yield* Effect.exit(decode(reply))
        expectTyped(exit, label)
        if (Exit.isFailure(exit)) {
          const failure = Cause.failureOption(exit.cause)
          expect(Option.map(failure, (f) => f._tag), label).not.toEqual(Option.some("MalformedReply"))
        }
      }
    }),
  )
})

const CANARY = "sk-CANARY-7f3a91e2c4"

describe("the API key never leaks", () => {
  it("authHeaders carries the key, and a Redacted key prints as redacted", () => {
    const key = Redacted.make(CANARY)
    expect(String(key)).not.toContain(CANARY)
    for (const dialect of allDialects) {
      const values = Object.values(dialect.authHeaders(key))
      expect(values.some((v) => v.includes(CANARY)), dialect.name).toBe(true)
      expect(JSON.stringify(dialect), dialect.name).not.toContain(CANARY)
    }
  })

  const leaks = (value: unknown): boolean => {
    const text = value instanceof Error ? `${value.message} ${JSON.stringify(value)}` : JSON.stringify(value) ?? ""
    return text.includes(CANARY)
  }

  const expectNoLeak = (decode: Decode, reply: WireReply, label: string) =>
    Effect.gen(function* () {
      const either = yield* Effect.either(decode(reply))
      const value = either._tag === "Left" ? either.left : either.right
      expect(leaks(value), label).toBe(false)
    })

  it.effect("no decoded fixture or its error holds the key", () =>
    Effect.gen(function* () {
      for (const dialect of allDialects) {
        expect(Object.values(dialect.authHeaders(Redacted.make(CANARY))).join(" ")).toContain(CANARY)
        for (const [label, reply] of fixtureReplies) {
          for (const [op, decode] of decodersOf(dialect)) yield* expectNoLeak(decode, reply, `${dialect.name} ${op} ${label}`)
        }
      }
    }),
  )

  it.effect.prop("no decoded arbitrary reply or its error holds the key", { reply: arbitraryReply }, ({ reply }) =>
    Effect.gen(function* () {
      for (const dialect of allDialects) {
        for (const [op, decode] of decodersOf(dialect)) yield* expectNoLeak(decode, toReply(reply), `${dialect.name} ${op}`)
      }
    }),
    { fastCheck: { numRuns: 50 } },
  )
})

const url = fc.webUrl()
const normalizedRequest: fc.Arbitrary<NormalizedRequest> = fc.record({
  kind: fc.constantFrom("text-to-video", "image-to-video", "reference-to-video", "video-edit"),
  model: fc.constantFrom("1.0", "1.1"),
  prompt: fc.option(fc.string(), { nil: undefined }),
  image: fc.option(url, { nil: undefined }),
  images: fc.array(url, { maxLength: 9 }),
  video: fc.option(url, { nil: undefined }),
  referenceType: fc.option(fc.constantFrom("subject", "style"), { nil: undefined }),
  audio: fc.option(fc.constantFrom("keep", "regenerate"), { nil: undefined }),
  resolution: fc.constantFrom("720P", "1080P"),
  ratio: fc.option(fc.constantFrom("16:9", "9:16", "1:1", "4:3", "3:4", "4:5", "5:4", "9:21", "21:9"), { nil: undefined }),
  duration: fc.option(fc.integer({ min: 3, max: 15 }), { nil: undefined }),
  seed: fc.option(fc.integer({ min: 0, max: 2147483647 }), { nil: undefined }),
  watermark: fc.boolean(),
  callbackUrl: fc.option(url, { nil: undefined }),
  videoDuration: fc.option(fc.integer({ min: 3, max: 60 }), { nil: undefined }),
})

describe("encoders", () => {
  it.effect.prop(
    "send plain JSON with every set value and no undefined holes",
    { request: normalizedRequest, stream: fc.boolean() },
    ({ request, stream }) =>
      Effect.sync(() => {
        for (const dialect of allDialects) {
          const wire = dialect.encodeSubmit(request, { stream })
          const text = JSON.stringify(wire.body)
          expect(JSON.parse(text), dialect.name).toEqual(wire.body)
          expect(wire.path.startsWith("/"), dialect.name).toBe(true)
          if (request.prompt !== undefined) expect(text).toContain(JSON.stringify(request.prompt))
          expect(text.toLowerCase()).toContain(request.resolution.toLowerCase())
          if (request.seed !== undefined) expect(text).toContain(`"seed":${request.seed}`)
          if (request.duration !== undefined) expect(text).toContain(`"duration":${request.duration}`)
          if (request.ratio !== undefined) expect(text).toContain(JSON.stringify(request.ratio))
          if (dialect.name !== "evolink") expect(text).toContain(`"watermark":${request.watermark}`)
        }
      }),
  )
})
