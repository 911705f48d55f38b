import * as vscode from "vscode"
import type { RunOutcome, TaskRunner } from "../tasks/TaskRunner.js"
import type { TaskStore } from "../tasks/TaskStore.js"
import { progressLine, shorten } from "../ui/format.js"

/**
 * A cancellable notification for one running task: status, percent and elapsed time.
 * Cancel calls `onCancel` (stop the wait; cancel on the gateway where it can).
 */
export const trackProgress = (
  id: string,
  done: Promise<RunOutcome>,
  runner: TaskRunner,
  store: TaskStore,
  onCancel: () => Promise<void>,
): Thenable<RunOutcome> =>
  vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `HappyHorse: ${shorten(store.get(id)?.prompt ?? "video", 40)}`,
      cancellable: true,
    },
    (progress, token) => {
      let reported = 0
      const render = () => {
        const record = store.get(id)
        if (record === undefined) return
        const target = Math.min(100, record.progress ?? 0)
        // The notification's bar takes increments, so send only the growth.
        const increment = target > reported ? target - reported : 0
        reported = Math.max(reported, target)
        progress.report({ message: progressLine(record, Date.now() - record.createdAt), increment })
      }
      render()
      // Ticks only redraw the elapsed time; the task's own schedule lives in the core.
      const ticker = setInterval(render, 1000)
      const listener = runner.onProgress(id, render)
      const cancel = token.onCancellationRequested(() => void onCancel())
      return done.finally(() => {
        clearInterval(ticker)
        listener.dispose()
        cancel.dispose()
      })
    },
  )
