import type { Client, VideoKind } from "@happyhorse/core/node"
import { dialectFor, gatewayNames, type GatewayName } from "@happyhorse/core"
import * as path from "node:path"
import * as vscode from "vscode"
import type { ClientProvider, ClientTarget } from "../client/ClientProvider.js"
import type { RequestLog } from "../log/RequestLog.js"
import type { MessageAction } from "../messages/describeError.js"
import { buildRequest, describeRequest } from "../requests/buildRequest.js"
import type { EmbeddedSandbox } from "../sandbox/EmbeddedSandbox.js"
import { SANDBOX_TIME_SCALE } from "../sandbox/EmbeddedSandbox.js"
import type { ApiKeys } from "../secrets/ApiKeys.js"
import type { ExtensionSettings } from "../settings/ExtensionSettings.js"
import type { TaskRecord } from "../tasks/TaskRecord.js"
import type { RunOutcome, TaskRunner } from "../tasks/TaskRunner.js"
import type { TaskStore } from "../tasks/TaskStore.js"
import { formatUsd } from "../ui/format.js"
import type { VideoPlayer } from "../ui/VideoPlayer.js"
import { gatherInput } from "./gatherInput.js"
import { notifyOutcome, showError } from "./notifyOutcome.js"
import { resolveTarget, type SandboxChoice } from "./resolveTarget.js"
import { trackProgress } from "./trackProgress.js"
import { outputFolder } from "../settings/outputFolder.js"

export interface CommandDeps {
  readonly settings: () => ExtensionSettings
  readonly keys: ApiKeys
  readonly clients: ClientProvider
  readonly sandbox: EmbeddedSandbox
  readonly store: TaskStore
  readonly runner: TaskRunner
  /** Only `show` is needed, so tests can pass a recorder. */
  readonly player: Pick<VideoPlayer, "show">
  readonly log: RequestLog
  readonly showLog: () => void
}

const SPEND = "Generate"

/** What each palette command does; registration lives in extension.ts. */
export class HappyHorseCommands {
  private readonly sandboxChoice: SandboxChoice = { chosen: false }

  constructor(private readonly deps: CommandDeps) {}

  /** The four generate commands: gather input, estimate, confirm over the threshold, run with progress. */
  async generate(kind: VideoKind, fromSelection: boolean): Promise<RunOutcome | undefined> {
    try {
      const settings = this.deps.settings()
      const input = await gatherInput(kind, fromSelection)
      const request = buildRequest(input, settings)
      const target = await resolveTarget(settings, this.deps.keys, this.deps.sandbox, this.sandboxChoice, () => this.setApiKey())
      const client = await this.deps.clients.forTarget(target)
      // Validates too: a bad request stops here, before any network call or charge.
      const estimate = await client.estimate(request)
      if (!target.sandbox && estimate.usd > settings.confirmCostAboveUsd) {
        const ok = await vscode.window.showWarningMessage(
          `This video will cost about ${formatUsd(estimate.usd)} on ${client.gateway} (${estimate.note}). Your confirmation threshold is ${formatUsd(settings.confirmCostAboveUsd)}.`,
          { modal: true },
          SPEND,
        )
        if (ok !== SPEND) return undefined
      }
      const { id, done } = this.deps.runner.start(request, target, describeRequest(request), estimate.usd)
      return await this.follow(id, done, target)
    } catch (error) {
      await showError(error, (action) => this.onAction(action, undefined))
      return undefined
    }
  }

  /** Progress notification, then the completion message and the player. */
  private async follow(id: string, done: Promise<RunOutcome>, target: ClientTarget): Promise<RunOutcome> {
    const outcome = await trackProgress(id, done, this.deps.runner, this.deps.store, () => this.cancel(id, target))
    if (outcome.error === undefined && outcome.record.filePath !== undefined && this.deps.settings().openPlayer) {
      this.openVideo(outcome.record)
    }
    void notifyOutcome(outcome, (action) => this.onAction(action, outcome.record), (file) => this.deps.player.show(file, outcome.record.prompt))
    return outcome
  }

  async estimateCost(): Promise<void> {
    try {
      const settings = this.deps.settings()
      // Estimates are offline, so any key will do.
      const client = await this.deps.clients.forTarget({ ...this.targetOf(settings.provider, settings.baseUrl, false), sandbox: true })
      const d = settings.defaultDuration
      const lines = await Promise.all(
        (["720P", "1080P"] as const).map(async (resolution) => {
          const e = await client.estimate({ kind: "text-to-video", prompt: "estimate", resolution, duration: d, ratio: settings.defaultRatio })
          return { label: `${resolution}, ${d} s: ${formatUsd(e.usd)}`, description: `${formatUsd(e.perSecondUsd)}/s`, detail: `${e.basis} price: ${e.source}` }
        }),
      )
      const edit = await client.estimate({ kind: "video-edit", prompt: "estimate", video: "https://example.com/input.mp4", resolution: settings.defaultResolution })
      lines.push({ label: `Edit, ${settings.defaultResolution}: up to ${formatUsd(edit.usd)}`, description: `${formatUsd(edit.perSecondUsd)}/s`, detail: edit.note })
      this.deps.log.info("estimate", { gateway: client.gateway, duration: d })
      await vscode.window.showQuickPick(lines, { title: `HappyHorse: estimated cost on ${client.gateway}`, placeHolder: "Estimates only; the gateway's bill is final" })
    } catch (error) {
      await showError(error, (action) => this.onAction(action, undefined))
    }
  }

  /** Asks for the key of the current provider and keeps it only in SecretStorage. */
  async setApiKey(): Promise<boolean> {
    const provider = this.deps.settings().provider
    const value = await vscode.window.showInputBox({
      title: `HappyHorse: API key for ${provider}`,
      prompt: `Stored in VS Code's SecretStorage, never in settings. Leave empty to remove the ${provider} key.`,
      password: true,
      ignoreFocusOut: true,
    })
    if (value === undefined) return false
    if (value.trim() === "") {
      await this.deps.keys.clear(provider)
      void vscode.window.showInformationMessage(`HappyHorse: removed the ${provider} API key.`)
    } else {
      await this.deps.keys.set(provider, value)
      this.deps.log.addSecret(value.trim())
      this.sandboxChoice.chosen = false
      void vscode.window.showInformationMessage(`HappyHorse: saved the ${provider} API key.`)
    }
    await this.deps.clients.reset()
    this.deps.log.info("api key changed", { provider })
    return value.trim() !== ""
  }

  async selectProvider(): Promise<void> {
    const current = this.deps.settings().provider
    const items = gatewayNames.map((name) => ({
      label: name,
      description: name === current ? "current" : "",
      detail: dialectFor(name).defaultBaseUrl,
    }))
    const picked = await vscode.window.showQuickPick(items, { title: "HappyHorse: Select Provider", placeHolder: "The gateway that runs your tasks" })
    if (picked === undefined) return
    const provider = gatewayNames.find((n) => n === picked.label)
    if (provider === undefined) return
    await vscode.workspace.getConfiguration("happyhorse").update("provider", provider, vscode.ConfigurationTarget.Global)
    await this.deps.clients.reset()
    this.deps.log.info("provider selected", { provider })
    if ((await this.deps.keys.get(provider)) === undefined) {
      const set = await vscode.window.showInformationMessage(`HappyHorse: ${provider} selected. It needs an API key.`, "Set API Key")
      if (set !== undefined) await this.setApiKey()
    }
  }

  async showTasks(): Promise<void> {
    await vscode.commands.executeCommand("happyhorse.tasks.focus")
  }

  openVideo(record: TaskRecord): void {
    if (record.filePath === undefined) return
    this.deps.player.show(record.filePath, record.prompt)
  }

  async downloadAgain(record: TaskRecord): Promise<void> {
    const outcome = await this.deps.runner.redownload(record.id, this.targetOf(record.provider, record.baseUrl, record.sandbox === true))
    await notifyOutcome(outcome, (action) => this.onAction(action, outcome.record), (file) => this.deps.player.show(file, record.prompt))
  }

  async copyTaskId(record: TaskRecord): Promise<void> {
    if (record.taskId === undefined) return
    await vscode.env.clipboard.writeText(record.taskId)
    void vscode.window.showInformationMessage(`HappyHorse: copied task id ${record.taskId}`)
  }

  async cancelTask(record: TaskRecord): Promise<void> {
    await this.cancel(record.id, this.targetOf(record.provider, record.baseUrl, record.sandbox === true))
  }

  async removeTask(record: TaskRecord): Promise<void> {
    await this.deps.store.remove(record.id)
  }

  /** Watches again what a reload (or a timeout) interrupted. */
  async resume(record: TaskRecord): Promise<void> {
    const target = this.targetOf(record.provider, record.baseUrl, record.sandbox === true)
    await this.deps.store.update(record.id, { phase: "running" })
    const done = this.deps.runner.resume(record.id, target)
    await this.follow(record.id, done, target)
  }

  private async cancel(id: string, target: ClientTarget): Promise<void> {
    const client: Client | undefined = await this.deps.clients.forTarget(target).catch(() => undefined)
    const stopped = await this.deps.runner.cancel(id, client)
    const record = this.deps.store.get(id)
    if (stopped && record !== undefined) void vscode.window.showInformationMessage(`HappyHorse: ${record.detail ?? "canceled"}.`)
  }

  private targetOf(provider: GatewayName, baseUrl: string, sandbox: boolean): ClientTarget {
    const settings = this.deps.settings()
    return {
      provider,
      baseUrl,
      sandbox,
      timeScale: sandbox ? SANDBOX_TIME_SCALE : settings.timeScale,
      timeoutMinutes: settings.timeoutMinutes,
    }
  }

  onAction(action: MessageAction, record: TaskRecord | undefined): void {
    switch (action) {
      case "Set API Key":
        void this.setApiKey()
        return
      case "Select Provider":
        void this.selectProvider()
        return
      case "Show Tasks":
        void this.showTasks()
        return
      case "Keep Watching":
        if (record !== undefined) void this.resume(record)
        return
      case "Open Settings":
        void vscode.commands.executeCommand("workbench.action.openSettings", "happyhorse")
        return
      case "Show Log":
        this.deps.showLog()
        return
    }
  }

  /** The output folder: under the first workspace folder, else the extension's own storage. */
  static outDir(settings: ExtensionSettings, fallback: string): string {
    return outputFolder(settings.outputDir, vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, fallback)
  }
}
