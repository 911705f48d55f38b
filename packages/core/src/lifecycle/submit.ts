import type * as HttpClient from "@effect/platform/HttpClient"
import * as Clock from "effect/Clock"
import * as Effect from "effect/Effect"
import type { GatewayFailure, SubmitInDoubt, TransportError } from "../domain/Errors.js"
import type { SubmitReceipt } from "../domain/TaskStatus.js"
import type { NormalizedRequest } from "../domain/VideoRequest.js"
import { callSubmit, GatewayTag } from "../http/GatewayCalls.js"
import { judgeSubmitFailure } from "./inDoubt.js"

export type SubmitError = GatewayFailure | TransportError | SubmitInDoubt

/** Submit a validated request once. Paid and not idempotent: see callSubmit for what is resent. */
export const submit = (
  request: NormalizedRequest,
): Effect.Effect<SubmitReceipt, SubmitError, HttpClient.HttpClient | GatewayTag> =>
  Effect.gen(function* () {
    const gateway = yield* GatewayTag
    const sentAt = yield* Clock.currentTimeMillis
    const reply = yield* callSubmit(gateway, gateway.dialect.encodeSubmit(request, { stream: false }))
    return yield* gateway.dialect.decodeSubmit(reply).pipe(
      Effect.mapError((error) => judgeSubmitFailure(gateway.settings.gateway, error, reply.status, sentAt)),
    )
  })
