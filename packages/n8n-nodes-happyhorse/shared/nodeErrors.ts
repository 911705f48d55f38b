import {
  AuthError,
  BudgetExceeded,
  ContentRejected,
  DownloadFailed,
  GatewayError,
  InsufficientBalance,
  MalformedReply,
  RateLimited,
  ResultExpired,
  SubmitInDoubt,
  TaskCanceled,
  TaskFailed,
  TransportError,
  ValidationError,
  ValidationErrors,
  WatchTimeout,
} from "@happyhorse/core"
import { type INode, type JsonObject, NodeApiError, NodeOperationError } from "n8n-workflow"

/** Thrown (and then mapped) when n8n cancels the execution mid-wait. */
export class ExecutionCanceled extends Error {
  readonly taskId: string | undefined
  readonly canceledOnGateway: boolean
  readonly duringSubmit: boolean
  constructor(taskId: string | undefined, canceledOnGateway: boolean, duringSubmit = false) {
    super("The execution was canceled")
    this.name = "ExecutionCanceled"
    this.taskId = taskId
    this.canceledOnGateway = canceledOnGateway
    this.duringSubmit = duringSubmit
  }
}

/** The error's own printable fields, for n8n's error details; core errors never hold a key. */
const fieldsOf = (error: object): JsonObject => {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[key] = value
  }
  return out
}

const apiError = (node: INode, error: Error & { readonly _tag: string }, itemIndex: number, description: string, httpCode?: number) =>
  new NodeApiError(node, { ...fieldsOf(error), _tag: error._tag, message: error.message }, {
    message: error.message,
    description,
    itemIndex,
    ...(httpCode === undefined ? {} : { httpCode: String(httpCode) }),
  })

const operationError = (node: INode, error: Error, itemIndex: number, description: string) =>
  new NodeOperationError(node, error, { message: error.message, description, itemIndex })

/**
 * Maps a core error to the n8n error a user sees: NodeApiError when the gateway answered, and
 * NodeOperationError for input, task and local failures; each with a hint on what to do next.
 */
export const toNodeError = (node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError => {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error
  if (error instanceof AuthError) {
    return apiError(node, error, itemIndex, "Check the API key in the HappyHorse API credential, and that its gateway is the one that issued the key.", error.status)
  }
  if (error instanceof InsufficientBalance) {
    return apiError(node, error, itemIndex, "Top up the account on the gateway, then run the node again.", 402)
  }
  if (error instanceof RateLimited) {
    return apiError(node, error, itemIndex, "The gateway limits how fast tasks may be sent. Space the items out (Loop Over Items with a Wait node) or retry later.", 429)
  }
  if (error instanceof ContentRejected) {
    return apiError(node, error, itemIndex, "The gateway's content review refused the prompt or an input. Rephrase the prompt or change the images or video.", 400)
  }
  if (error instanceof GatewayError) {
    return apiError(node, error, itemIndex, "The gateway failed to handle the call. Retry later; if it persists, contact the gateway.", error.status)
  }
  if (error instanceof MalformedReply) {
    return apiError(node, error, itemIndex, `The gateway answered in an unexpected shape. Check the credential's gateway and base URL. Reply starts: ${error.bodyPreview}`, error.status)
  }
  if (error instanceof TransportError) {
    // No answer came, so this is not an API error; and n8n would replace the message of one mentioning ECONNREFUSED.
    return operationError(node, error, itemIndex, "The gateway could not be reached. Check the base URL and the network of the n8n host.")
  }
  if (error instanceof ValidationErrors) {
    return operationError(node, error, itemIndex, `Fix these parameters: ${error.errors.map((e) => e.message).join("; ")}. Nothing was sent or charged.`)
  }
  if (error instanceof ValidationError) {
    return operationError(node, error, itemIndex, "Fix this parameter. Nothing was sent or charged.")
  }
  if (error instanceof TaskFailed) {
    return operationError(node, error, itemIndex, "The task failed on the gateway; failed tasks are not billed. Run it again, perhaps with a different prompt.")
  }
  if (error instanceof TaskCanceled) {
    return operationError(node, error, itemIndex, "The task was canceled on the gateway. Run it again to generate the video.")
  }
  if (error instanceof WatchTimeout) {
    return operationError(node, error, itemIndex, `Raise Max Wait, or pick up the task later with Task → Wait for Completion and task ID ${error.taskId}.`)
  }
  if (error instanceof SubmitInDoubt) {
    return operationError(node, error, itemIndex, "Check the gateway's task list before running again, so you do not pay twice.")
  }
  if (error instanceof ResultExpired) {
    return operationError(node, error, itemIndex, "Results live 24 hours on every gateway. Generate the video again.")
  }
  if (error instanceof DownloadFailed) {
    return operationError(node, error, itemIndex, "The video was made but could not be downloaded. Retry with Task → Download and the task ID.")
  }
  if (error instanceof BudgetExceeded) {
    return operationError(node, error, itemIndex, "The estimated cost is over the budget.")
  }
  if (error instanceof ExecutionCanceled) {
    const where = error.duringSubmit
      ? " It came while the task was being sent: a task may have been created (and charged) on the gateway; check its task list before running again."
      : error.taskId === undefined ? "" : error.canceledOnGateway ? ` Task ${error.taskId} was canceled on the gateway.` : ` Task ${error.taskId} may still finish on the gateway (it has no cancel call); fetch it with Task → Get.`
    return operationError(node, error, itemIndex, `The wait stopped because the execution was canceled.${where}`)
  }
  const plain = error instanceof Error ? error : new Error(String(error))
  return operationError(node, plain, itemIndex, "An unexpected error. Please report it with the node's settings (never the API key).")
}

/** The tag a workflow can branch on in an error item, e.g. "ContentRejected". */
export const errorTag = (error: unknown): string => {
  if (typeof error === "object" && error !== null && "_tag" in error && typeof error._tag === "string") return error._tag
  return error instanceof Error ? error.name : "Error"
}
