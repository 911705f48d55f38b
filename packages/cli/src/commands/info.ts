import * as Args from "@effect/cli/Args"
import * as Command from "@effect/cli/Command"
import * as Options from "@effect/cli/Options"
import { type CostEstimate, dialects, gatewayNames, HappyHorse } from "@happyhorse/core"
import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import * as Option from "effect/Option"
import * as Redacted from "effect/Redacted"
import { readBatch } from "../batch/BatchFile.js"
import { clientLayer } from "../client/clientLayer.js"
import { type Connection, resolveConnection } from "../config/Connection.js"
import { UsageError } from "../config/UsageError.js"
import { Output } from "../output/Output.js"
import { buildRequest } from "../request/buildRequest.js"
import { connection, connectionFlags, json, requestOptions, runCommand } from "./shared.js"

/** Estimating needs no key and no network: a placeholder key never leaves the process. */
const offline = (flags: Parameters<typeof connectionFlags>[0]) =>
  resolveConnection(connectionFlags(flags), { allowSandbox: false }).pipe(
    Effect.catchTag("UsageError", (error) =>
      error.detail.startsWith("No API key")
        ? Effect.succeed<Connection>({
            gateway: Option.getOrElse(Option.flatMap(flags.provider, (p) => Option.fromNullable(gatewayNames.find((g) => g === p.toLowerCase()))), () => "ttapi" as const),
            baseUrl: undefined,
            apiKey: Redacted.make("estimate-only"),
            sandbox: false,
            timeScale: 1,
          })
        : Effect.fail(error),
    ),
  )

export const estimate = Command.make(
  "estimate",
  {
    prompt: Args.text({ name: "prompt" }).pipe(Args.optional),
    file: Options.text("file").pipe(Options.withDescription("A batch file (.jsonl or .csv) to price as a whole."), Options.optional),
    ...requestOptions,
    ...connection,
    json,
  },
  (flags) =>
    runCommand(
      flags.json,
      Effect.gen(function* () {
        const output = yield* Output
        const conn = yield* offline(flags)
        const layer = clientLayer(conn)
        if (Either.isLeft(layer)) return yield* new UsageError({ detail: layer.left.message })
        const requests: Array<unknown> = []
        if (Option.isSome(flags.file)) {
          for (const item of yield* readBatch(flags.file.value)) requests.push(item.request)
        } else if (Option.isSome(flags.prompt)) {
          const request = buildRequest(flags.prompt.value, flags)
          if (request instanceof UsageError) return yield* request
          requests.push(request)
        } else return yield* new UsageError({ detail: "Give a prompt or --file." })
        const estimates: Array<CostEstimate> = yield* Effect.provide(
          Effect.flatMap(HappyHorse, (c) => Effect.forEach(requests, (r) => c.estimate(r))),
          layer.right,
        )
        const total = Math.round(estimates.reduce((sum, e) => sum + e.usd, 0) * 10_000) / 10_000
        const first = estimates[0]
        yield* output.record({ gateway: conn.gateway, tasks: estimates.length, usd: total, estimates })
        if (estimates.length === 1 && first !== undefined) {
          yield* output.say(`$${first.usd.toFixed(3)} on ${conn.gateway}: ${first.note} at $${first.perSecondUsd}/s (${first.basis} price). Nothing was spent.`)
        } else {
          yield* output.say(`$${total.toFixed(3)} for ${estimates.length} tasks on ${conn.gateway}. Nothing was spent.`)
        }
      }),
    ),
).pipe(Command.withDescription("Print what a request (or a batch file) would cost; spends nothing."))

const yes = (value: boolean) => (value ? "yes" : "-")

export const providers = Command.make("providers", { json }, (flags) =>
  runCommand(
    flags.json,
    Effect.gen(function* () {
      const output = yield* Output
      const rows = gatewayNames.map((name) => {
        const d = dialects[name]
        const c = d.capabilities
        return {
          gateway: name,
          baseUrl: d.defaultBaseUrl,
          kinds: Object.entries(c.models).filter(([, m]) => (m?.length ?? 0) > 0).map(([k, m]) => `${k} (${(m ?? []).join(", ")})`),
          ratios: c.ratios,
          callbacks: c.callbacks,
          ndjson: c.ndjson,
          batchQuery: c.batchQuery,
          contentRange: c.contentRange,
          cancel: c.cancel,
        }
      })
      for (const row of rows) yield* output.record(row)
      const header = ["gateway", "callbacks", "ndjson", "batch query", "range", "cancel", "kinds (models)"]
      const lines = rows.map((r) => [r.gateway, yes(r.callbacks), yes(r.ndjson), r.batchQuery > 0 ? String(r.batchQuery) : "-", yes(r.contentRange), yes(r.cancel), r.kinds.join("; ")])
      const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)))
      const fmt = (cells: ReadonlyArray<string>) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join("  ")
      yield* output.say([fmt(header), ...lines.map(fmt)].join("\n"))
    }),
  ),
).pipe(Command.withDescription("Print what each gateway supports."))

export const sandbox = Command.make(
  "sandbox",
  {
    port: Options.integer("port").pipe(Options.withDefault(8787)),
    timeScale: Options.float("time-scale").pipe(Options.withDescription("Sandbox seconds per real second."), Options.withDefault(1)),
    seed: Options.integer("seed").pipe(Options.withDefault(1)),
    json,
  },
  (flags) =>
    runCommand(
      flags.json,
      Effect.gen(function* () {
        const output = yield* Output
        const { startSandbox } = yield* Effect.promise(() => import("@happyhorse/sandbox"))
        const box = yield* Effect.acquireRelease(
          Effect.tryPromise({
            try: () => startSandbox({ port: flags.port, timeScale: flags.timeScale, seed: flags.seed, testMode: true }),
            catch: (cause) => new UsageError({ detail: `The sandbox could not listen on port ${flags.port}: ${cause instanceof Error ? cause.message : String(cause)}.` }),
          }),
          (b) => Effect.promise(() => b.close()),
        )
        yield* output.record({ event: "listening", origin: box.origin, urls: box.urls, timeScale: flags.timeScale })
        yield* output.say(
          [`Sandbox on ${box.origin} (time x${flags.timeScale}); any API key works. Base URLs:`, ...Object.entries(box.urls).map(([g, u]) => `  ${g.padEnd(10)} ${u}`)].join("\n"),
        )
        yield* output.note("Press Ctrl-C to stop.")
        return yield* Effect.never
      }),
    ),
).pipe(Command.withDescription("Serve the gateway emulator on a local port."))
