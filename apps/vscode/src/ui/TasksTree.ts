import * as vscode from "vscode"
import type { TaskRecord } from "../tasks/TaskRecord.js"
import { isActive } from "../tasks/TaskRecord.js"
import type { TaskStore } from "../tasks/TaskStore.js"
import { formatStatus, formatUsd, shorten } from "./format.js"

/** Flags the item menus in package.json match on (`viewItem =~ /running/`). */
export const contextValueOf = (record: TaskRecord): string => {
  const flags = ["task"]
  if (isActive(record.phase)) flags.push("running")
  if (record.filePath !== undefined && record.phase === "succeeded") flags.push("playable")
  if (record.taskId !== undefined && (record.videoUrl !== undefined || record.phase === "succeeded")) flags.push("downloadable")
  if (record.taskId !== undefined) flags.push("hasId")
  return flags.join(" ")
}

const iconOf = (record: TaskRecord): vscode.ThemeIcon => {
  switch (record.phase) {
    case "submitting":
    case "queued":
    case "running":
    case "downloading":
      return new vscode.ThemeIcon("sync~spin")
    case "succeeded":
      return new vscode.ThemeIcon("play-circle", new vscode.ThemeColor("testing.iconPassed"))
    case "failed":
      return new vscode.ThemeIcon("error", new vscode.ThemeColor("testing.iconFailed"))
    case "in-doubt":
      return new vscode.ThemeIcon("question", new vscode.ThemeColor("list.warningForeground"))
    case "timed-out":
      return new vscode.ThemeIcon("watch")
    case "canceled":
      return new vscode.ThemeIcon("circle-slash")
  }
}

/** The line beside the prompt: "running 45% · ttapi · $0.70". */
export const descriptionOf = (record: TaskRecord): string =>
  [formatStatus(record), record.sandbox === true ? `${record.provider} sandbox` : record.provider, record.costUsd === undefined ? undefined : formatUsd(record.costUsd)]
    .filter((part): part is string => part !== undefined)
    .join(" · ")

export class TasksTree implements vscode.TreeDataProvider<TaskRecord>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TaskRecord | undefined>()
  readonly onDidChangeTreeData = this.changed.event
  private readonly subscription: { dispose(): void }

  constructor(private readonly store: TaskStore) {
    this.subscription = store.onDidChange(() => this.changed.fire(undefined))
  }

  getChildren(element?: TaskRecord): Array<TaskRecord> {
    return element === undefined ? [...this.store.all()] : []
  }

  getTreeItem(record: TaskRecord): vscode.TreeItem {
    const item = new vscode.TreeItem(shorten(record.prompt), vscode.TreeItemCollapsibleState.None)
    item.id = record.id
    item.description = descriptionOf(record)
    item.iconPath = iconOf(record)
    item.contextValue = contextValueOf(record)
    const lines = [
      record.prompt,
      `${record.kind} on ${record.provider}${record.sandbox === true ? " (sandbox)" : ""}`,
      `status: ${formatStatus(record)}`,
      record.taskId === undefined ? undefined : `task id: ${record.taskId}`,
      record.costUsd === undefined ? undefined : `estimated cost: ${formatUsd(record.costUsd)}`,
      record.filePath === undefined ? undefined : `file: ${record.filePath}`,
      record.detail,
    ]
    item.tooltip = lines.filter((l): l is string => l !== undefined).join("\n")
    if (record.phase === "succeeded" && record.filePath !== undefined) {
      item.command = { command: "happyhorse.task.open", title: "Open Video", arguments: [record] }
    }
    return item
  }

  dispose(): void {
    this.subscription.dispose()
    this.changed.dispose()
  }
}
