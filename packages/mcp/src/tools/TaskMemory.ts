import type { CostEstimate, GatewayName } from "@happyhorse/core"

/** What this server knows of a task it submitted: enough to answer get_task with a cost and a file. */
export interface KnownTask {
  readonly taskId: string
  readonly gateway: GatewayName
  readonly cost: CostEstimate | undefined
  readonly submittedAt: number
  videoUrl: string | undefined
  file: { readonly path: string; readonly bytes: number } | undefined
}

/** The tasks this server process submitted, newest last; bounded so a long session stays small. */
export class TaskMemory {
  private readonly tasks = new Map<string, KnownTask>()
  constructor(private readonly limit = 500) {}

  remember(task: Omit<KnownTask, "videoUrl" | "file">): KnownTask {
    const known: KnownTask = { ...task, videoUrl: undefined, file: undefined }
    this.tasks.set(task.taskId, known)
    if (this.tasks.size > this.limit) {
      const oldest = this.tasks.keys().next()
      if (oldest.done !== true) this.tasks.delete(oldest.value)
    }
    return known
  }

  get(taskId: string): KnownTask | undefined {
    return this.tasks.get(taskId)
  }

  recent(count: number): ReadonlyArray<KnownTask> {
    return [...this.tasks.values()].slice(-count).reverse()
  }
}
