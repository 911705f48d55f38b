import * as path from "node:path"
import * as vscode from "vscode"
import { describeError, type MessageAction } from "../messages/describeError.js"
import type { RunOutcome } from "../tasks/TaskRunner.js"

export type ActionHandler = (action: MessageAction) => void

/** Shows a typed error as a clear message with buttons that act on it; dismissals stay silent. */
export const showError = async (error: unknown, onAction: ActionHandler): Promise<void> => {
  if (typeof error === "object" && error !== null && Reflect.get(error, "_tag") === "InputDismissed") return
  const message = describeError(error)
  const show =
    message.severity === "error"
      ? vscode.window.showErrorMessage
      : message.severity === "warning"
        ? vscode.window.showWarningMessage
        : vscode.window.showInformationMessage
  const picked = await show(message.text, ...message.actions)
  if (picked !== undefined) onAction(picked)
}

export const OPEN = "Open Video"
export const REVEAL = "Reveal in Explorer"

/** The completion notification (the end-to-end test waits for its text), or the error. */
export const notifyOutcome = async (
  outcome: RunOutcome,
  onAction: ActionHandler,
  open: (filePath: string) => void,
): Promise<void> => {
  if (outcome.error !== undefined) return showError(outcome.error, onAction)
  const file = outcome.record.filePath
  if (file === undefined) return
  const picked = await vscode.window.showInformationMessage(`HappyHorse: video ready: ${path.basename(file)}`, OPEN, REVEAL)
  if (picked === OPEN) open(file)
  if (picked === REVEAL) await vscode.commands.executeCommand("revealInExplorer", vscode.Uri.file(file))
}
