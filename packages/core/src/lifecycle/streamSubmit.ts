import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Stream from "effect/Stream"
import { type GatewayFailure, MalformedReply, preview, SubmitInDoubt, TransportError } from "../domain/Errors.js"
import type { TaskSnapshot } from "../domain/TaskStatus.js"
import type { NormalizedRequest } from "../domain/VideoRequest.js"
import { buildRequest, GatewayTag } from "../http/GatewayCalls.js"
import { retrySchedule } from "../http/retrySchedule.js"
import { headersOf, NoAnswer, type NotSent, open, readBody } from "../http/transport.js"
import { judgeSubmitFailure } from "./inDoubt.js"
import type { SubmitError } from "./submit.js"

/**
 * Submit on the gateway's NDJSON channel (AceData): one request that streams a full snapshot per
 * line until the task ends, so watching costs no polls. Resent only where it provably did not
 * arrive; a break before the first line is in doubt, like any submit.
 */
export const submitStreaming = (
  request: NormalizedRequest,
): Stream.Stream<TaskSnapshot, SubmitError, HttpClient.HttpClient | GatewayTag> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const gateway = yield* GatewayTag
      const { dialect, settings } = gateway
      const decodeLine = dialect.decodeStreamLine
      const name = settings.gateway
      const sentAt = yield* Clock.currentTimeMillis
      const http = buildRequest(gateway, dialect.encodeSubmit(request, { stream: true }))
      const response = yield* open(http, settings.submitTimeout).pipe(
        Effect.retry(
          retrySchedule<NotSent | NoAnswer, "notSent">({
            budgetOf: (error) => (error._tag === "NotSent" ? "notSent" : undefined),
            budgets: { notSent: settings.notSentRetries },
            base: Duration.seconds(1),
            cap: Duration.seconds(30),
            timeScale: settings.timeScale,
          }),
        ),
        Effect.catchTags({
          NotSent: (error) => Effect.fail(new TransportError({ gateway: name, operation: "submit", detail: error.detail })),
          NoAnswer: (error) => Effect.fail(new SubmitInDoubt({ gateway: name, reason: error.detail, sentAt })),
        }),
      )
      const type = headersOf(response)["content-type"] ?? ""
      if (decodeLine === undefined || response.status !== 200 || !type.includes("ndjson")) {
        // An error, or a gateway that answered in plain JSON: read it as an ordinary submit reply.
        const text = yield* response.text.pipe(
          Effect.mapError((error) => new SubmitInDoubt({ gateway: name, reason: `body cut: ${error.message}`, sentAt })),
        )
        const reply = { status: response.status, headers: headersOf(response), body: readBody(response, text) }
        const receipt = yield* dialect.decodeSubmit(reply).pipe(
          Effect.mapError((error) => judgeSubmitFailure(name, error, reply.status, sentAt)),
        )
        const first: TaskSnapshot = receipt.snapshot ?? {
          taskId: receipt.taskId,
          gateway: name,
          status: { _tag: "Queued" },
          rawStatus: "submitted",
        }
        return Stream.make(first)
      }
      return response.stream.pipe(
        Stream.decodeText(),
        Stream.splitLines,
        Stream.filter((line) => line.trim() !== ""),
        Stream.mapError((error) => new SubmitInDoubt({ gateway: name, reason: `stream cut: ${error.message}`, sentAt })),
        Stream.mapEffect((line) => {
          const body = readBody(response, line)
          const decoded: Effect.Effect<TaskSnapshot, GatewayFailure> =
            typeof body === "string"
              ? Effect.fail(
                  new MalformedReply({ gateway: name, operation: "stream", status: 200, issue: "a line is not JSON", bodyPreview: preview(body) }),
                )
              : decodeLine(body)
          // Every line rides on the 2xx answer to the submit: one we cannot read is in doubt.
          return Effect.mapError(decoded, (error) => judgeSubmitFailure(name, error, response.status, sentAt))
        }),
      )
    }),
  )
