import { type GatewayFailure, SubmitInDoubt } from "../domain/Errors.js"
import type { GatewayName } from "../domain/Gateway.js"

/**
 * The one in-doubt rule of a submit, for every submit path (plain and streamed): a reply we
 * cannot trust to say "no task was made" (a 5xx, or a 2xx we cannot read) may stand for a task
 * the gateway made and will bill. Such a failure is `SubmitInDoubt`, never an error to resend.
 * A typed refusal the gateway spelled out (auth, balance, content, rate) stays what it is.
 */
export const isInDoubt = (error: GatewayFailure, status: number): boolean =>
  status >= 500 || (error._tag === "MalformedReply" && status >= 200 && status < 300)

export const judgeSubmitFailure = (
  gateway: GatewayName,
  error: GatewayFailure,
  status: number,
  sentAt: number,
): GatewayFailure | SubmitInDoubt =>
  isInDoubt(error, status) ? new SubmitInDoubt({ gateway, reason: error.message, status, sentAt }) : error
