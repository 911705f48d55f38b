import { explainError, type Explanation } from "@happyhorse/core/surface"
import { type INode, type JsonObject, NodeApiError, NodeOperationError } from "n8n-workflow"

/** Thrown (and then mapped) when n8n stops the execution while tasks are under way. */
export class ExecutionCanceled extends Error {
  constructor(
    /** Tasks created before the stop; they may still finish on the gateway. */
    readonly taskIds: ReadonlyArray<string>,
    /** What the kit says stopping does on this gateway. */
    readonly note: string,
    /** A submit was on the wire: a task may exist that no one learned of. */
    readonly duringSubmit: boolean,
  ) {
    super("The execution was canceled")
    this.name = "ExecutionCanceled"
  }
}

/** Where the node's calls went: named in the hint of an error that never reached the gateway. */
export interface ErrorContext {
  readonly baseUrl?: string
  readonly taskId?: string
}

// Categories where the gateway answered: n8n shows those as API errors, with the HTTP code.
const answered: ReadonlySet<Explanation["category"]> = new Set(["auth", "balance", "content", "rate-limit", "gateway"])

// The HTTP code such an answer carries when the error does not hold one.
const implied: Partial<Record<Explanation["category"], number>> = { balance: 402, content: 400, "rate-limit": 429 }

/** The error's own printable fields, for n8n's error details; core errors never hold a key. */
const fieldsOf = (error: object): JsonObject => {
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(error)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out[key] = value
  }
  return out
}

const canceledHint = (error: ExecutionCanceled): string => {
  const where = error.duringSubmit
    ? " A task was being sent, so a task may have been created (and charged) on the gateway; check its task list before running again."
    : ""
  const tasks = error.taskIds.length === 0 ? "" : ` Tasks ${error.taskIds.join(", ")}: ${error.note}`
  return `The wait stopped because the execution was canceled.${where}${tasks}`
}

/**
 * Maps any error to the n8n error a user sees, with the kit's explanation as its hint: a
 * NodeApiError when the gateway answered, a NodeOperationError for input, task and local failures.
 */
export const toNodeError = (node: INode, error: unknown, itemIndex: number, context: ErrorContext = {}): NodeApiError | NodeOperationError => {
  if (error instanceof NodeApiError || error instanceof NodeOperationError) return error
  if (error instanceof ExecutionCanceled) return new NodeOperationError(node, error, { message: error.message, description: canceledHint(error), itemIndex })
  const explained = explainError(error, context.taskId === undefined ? {} : { taskId: context.taskId })
  const plain = error instanceof Error ? error : new Error(String(error))
  // An unreachable gateway: say where the node tried to go.
  const description =
    explained.category === "network" && context.baseUrl !== undefined ? `${explained.hint} The node called ${context.baseUrl} (the credential's Base URL).` : explained.hint
  if (answered.has(explained.category)) {
    const status = "status" in plain && typeof plain.status === "number" ? plain.status : implied[explained.category]
    return new NodeApiError(node, { ...fieldsOf(plain), _tag: explained.tag, message: explained.title }, {
      message: explained.title,
      description,
      itemIndex,
      ...(status === undefined ? {} : { httpCode: String(status) }),
    })
  }
  return new NodeOperationError(node, plain, { message: explained.title, description, itemIndex })
}
