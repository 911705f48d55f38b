import type * as FileSystem from "@effect/platform/FileSystem"
import type * as HttpClient from "@effect/platform/HttpClient"
import type * as Path from "@effect/platform/Path"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Option from "effect/Option"
import * as Ref from "effect/Ref"
import * as Stream from "effect/Stream"
import type { CostEstimate } from "../cost/estimate.js"
import { estimateCost } from "../cost/estimate.js"
import { BudgetGuard } from "../cost/BudgetGuard.js"
import { type BudgetExceeded, type DownloadFailed, SubmitInDoubt, TaskCanceled, TaskFailed } from "../domain/Errors.js"
import type { GatewayName } from "../domain/Gateway.js"
import type { TaskEvent } from "../domain/TaskStatus.js"
import type { NormalizedRequest } from "../domain/VideoRequest.js"
import { scaled } from "../config/Settings.js"
import { GatewayTag } from "../http/GatewayCalls.js"
import { download, type DownloadResult } from "./download.js"
import { submitStreaming } from "./streamSubmit.js"
import { submit, type SubmitError } from "./submit.js"
import { follow, snapshotsToEvents, type WatchError, type WatchOptions } from "./watch.js"

/** With no snapshot for this long (gateway time), the NDJSON stream counts as broken. */
const STREAM_IDLE = Duration.minutes(2)

/** Everything `generate` reports while it runs: the task's events, then the download's. */
export type GenerateEvent =
  | TaskEvent
  | { readonly _tag: "Downloading"; readonly taskId: string; readonly received: number; readonly total: number | undefined }
  | { readonly _tag: "Downloaded"; readonly taskId: string; readonly path: string; readonly bytes: number }

export interface GenerateOptions {
  /** Where the MP4 goes; without it the video is not downloaded and only its URL is returned. */
  readonly outDir?: string
  readonly fileName?: string
  readonly onEvent?: (event: GenerateEvent) => Effect.Effect<void>
  readonly deadline?: WatchOptions["deadline"]
}

export interface GenerateResult {
  readonly taskId: string
  readonly gateway: GatewayName
  readonly status: "succeeded"
  readonly videoUrl: string
  readonly duration: number | undefined
  readonly resolution: string | undefined
  readonly file: DownloadResult | undefined
  readonly cost: CostEstimate
  readonly elapsedMs: number
}

export type GenerateError = SubmitError | WatchError | TaskFailed | TaskCanceled | DownloadFailed | BudgetExceeded

/** submit + watch + download: the one call most users want. */
export const generate = (
  request: NormalizedRequest,
  options: GenerateOptions = {},
): Effect.Effect<
  GenerateResult,
  GenerateError,
  HttpClient.HttpClient | FileSystem.FileSystem | Path.Path | GatewayTag
> =>
  Effect.gen(function* () {
    const gateway = yield* GatewayTag
    const name = gateway.settings.gateway
    const emit = options.onEvent ?? (() => Effect.void)
    const cost = estimateCost(name, request)
    const budget = yield* Effect.serviceOption(BudgetGuard)
    if (Option.isSome(budget)) yield* budget.value.reserve(cost.usd)
    const release = Option.isSome(budget) ? budget.value.release(cost.usd) : Effect.void

    const startedAt = yield* Clock.currentTimeMillis
    const last = yield* Ref.make<TaskEvent | undefined>(undefined)
    const record = (event: TaskEvent) => Effect.zipRight(Ref.set(last, event), emit(event))
    // One deadline over every channel, in gateway time; the watch gets what is left of it.
    const deadlineMs = Duration.toMillis(Duration.decode(options.deadline ?? gateway.settings.watchDeadline))
    // The task starts when the gateway accepts it, so the plan counts from the receipt: a slow
    // submit must not make progress look slower than it is.
    const watchOptions = (pollImmediately: boolean) =>
      Effect.map(
        Clock.currentTimeMillis,
        (now): WatchOptions => ({
          startedAt: now,
          pollImmediately,
          viaCallback: request.callbackUrl !== undefined,
          deadline: Duration.millis(Math.max(0, deadlineMs - (now - startedAt) * gateway.settings.timeScale)),
        }),
      )
    // An in-doubt submit may be billed, so its reservation stays; any other refusal spent nothing.
    const releaseUnlessInDoubt = (error: { readonly _tag: string }) => (error._tag === "SubmitInDoubt" ? Effect.void : release)

    const viaStream = Effect.gen(function* () {
      // The best channel: snapshots stream on the submit itself. If it breaks once the id is known,
      // polling takes over; before that, the submit is in doubt like any other.
      const known = yield* Ref.make<string | undefined>(undefined)
      const streamed = yield* submitStreaming(request).pipe(
        // A silent stream is treated as broken: polling (or an in-doubt submit) takes over.
        Stream.timeoutFail(
          () => new SubmitInDoubt({ gateway: name, reason: "the stream went silent", sentAt: startedAt }),
          scaled(gateway.settings, STREAM_IDLE),
        ),
        Stream.interruptWhen(Effect.sleep(scaled(gateway.settings, Duration.millis(deadlineMs)))),
        Stream.tap((snapshot) =>
          Effect.flatMap(Ref.getAndSet(known, snapshot.taskId), (before) =>
            before === undefined ? emit({ _tag: "Submitted", taskId: snapshot.taskId, gateway: name }) : Effect.void,
          ),
        ),
        (snapshots) => snapshotsToEvents(snapshots, startedAt),
        Stream.runForEach(record),
        Effect.either,
      )
      const id = yield* Ref.get(known)
      if (id === undefined) {
        if (streamed._tag === "Left") {
          yield* releaseUnlessInDoubt(streamed.left)
          return yield* Effect.fail(streamed.left)
        }
        return yield* Effect.fail(new SubmitInDoubt({ gateway: name, reason: "the stream ended before naming the task", sentAt: startedAt }))
      }
      const ended = yield* Ref.get(last)
      if (ended === undefined || ended._tag === "Progress") {
        yield* follow(id, yield* watchOptions(true), record)
      }
      return id
    })
    const viaPolling = Effect.gen(function* () {
      const receipt = yield* submit(request).pipe(Effect.tapError(releaseUnlessInDoubt))
      yield* emit({ _tag: "Submitted", taskId: receipt.taskId, gateway: name })
      yield* follow(receipt.taskId, yield* watchOptions(false), record)
      return receipt.taskId
    })
    const taskId = yield* (gateway.dialect.capabilities.ndjson && request.callbackUrl === undefined ? viaStream : viaPolling)

    const final = yield* Ref.get(last)
    if (final?._tag === "Failed") {
      yield* release
      return yield* Effect.fail(
        new TaskFailed({ gateway: name, taskId, reason: final.reason, ...(final.code === undefined ? {} : { code: final.code }) }),
      )
    }
    if (final?._tag !== "Succeeded") {
      yield* release
      return yield* Effect.fail(new TaskCanceled({ gateway: name, taskId }))
    }

    let file: DownloadResult | undefined
    if (options.outDir !== undefined) {
      file = yield* download(taskId, final.videoUrl, {
        outDir: options.outDir,
        onProgress: (received, total) => emit({ _tag: "Downloading", taskId, received, total }),
        ...(options.fileName === undefined ? {} : { fileName: options.fileName }),
      })
      yield* emit({ _tag: "Downloaded", taskId, path: file.path, bytes: file.bytes })
    }
    const endedAt = yield* Clock.currentTimeMillis
    return {
      taskId,
      gateway: name,
      status: "succeeded" as const,
      videoUrl: final.videoUrl,
      duration: final.duration,
      resolution: final.resolution,
      file,
      cost,
      elapsedMs: endedAt - startedAt,
    }
  })
