import type * as HttpClient from "@effect/platform/HttpClient"
import * as Effect from "effect/Effect"
import { type GatewayFailure, SubmitInDoubt, type TransportError } from "../domain/Errors.js"
import type { SubmitReceipt } from "../domain/TaskStatus.js"
import type { NormalizedRequest } from "../domain/VideoRequest.js"
import { callSubmit, GatewayTag } from "../http/GatewayCalls.js"
import type { WireReply } from "../providers/Dialect.js"

export type SubmitError = GatewayFailure | TransportError | SubmitInDoubt

/**
 * A reply we cannot trust to say "no task was made": a 5xx, or a 2xx we cannot read.
 * The gateway may have created (and will bill) the task, so it is in doubt, not an error to retry.
 */
const inDoubt = (error: GatewayFailure, reply: WireReply): boolean =>
  reply.status >= 500 || (error._tag === "MalformedReply" && reply.status >= 200 && reply.status < 300)

/** Submit a validated request once. Paid and not idempotent: see callSubmit for what is resent. */
export const submit = (
  request: NormalizedRequest,
): Effect.Effect<SubmitReceipt, SubmitError, HttpClient.HttpClient | GatewayTag> =>
  Effect.gen(function* () {
    const gateway = yield* GatewayTag
    const sentAt = Date.now()
    const reply = yield* callSubmit(gateway, gateway.dialect.encodeSubmit(request, { stream: false }))
    return yield* gateway.dialect.decodeSubmit(reply).pipe(
      Effect.catchAll((error): Effect.Effect<never, SubmitError> =>
        inDoubt(error, reply)
          ? Effect.fail(
              new SubmitInDoubt({ gateway: gateway.settings.gateway, reason: error.message, status: reply.status, sentAt }),
            )
          : Effect.fail(error),
      ),
    )
  })
