import * as vscode from "vscode"
import type { TaskStore } from "../tasks/TaskStore.js"

/** "$(sync~spin) HappyHorse: 2 running", or a quiet icon when idle; a click opens the Tasks view. */
export const statusText = (running: number): string =>
  running === 0 ? "$(device-camera-video) HappyHorse" : `$(sync~spin) HappyHorse: ${running} running`

export class TaskStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem
  private readonly subscription: { dispose(): void }

  constructor(private readonly store: TaskStore) {
    this.item = vscode.window.createStatusBarItem("happyhorse.tasks", vscode.StatusBarAlignment.Left, 10)
    this.item.name = "HappyHorse Tasks"
    this.item.command = "happyhorse.showTasks"
    this.subscription = store.onDidChange(() => this.render())
    this.render()
    this.item.show()
  }

  render(): void {
    const running = this.store.active().length
    this.item.text = statusText(running)
    this.item.tooltip = running === 0 ? "HappyHorse: no running tasks. Click to show tasks." : `HappyHorse: ${running} running. Click to show tasks.`
  }

  dispose(): void {
    this.subscription.dispose()
    this.item.dispose()
  }
}
