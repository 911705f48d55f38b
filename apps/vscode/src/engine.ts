import { createClient } from "@happyhorse/core/node"
import { randomUUID } from "node:crypto"
import * as vscode from "vscode"
import { ClientProvider } from "./client/ClientProvider.js"
import { HappyHorseCommands } from "./commands/HappyHorseCommands.js"
import { RequestLog } from "./log/RequestLog.js"
import { EmbeddedSandbox, loadBundledSandbox } from "./sandbox/EmbeddedSandbox.js"
import { ApiKeys } from "./secrets/ApiKeys.js"
import { readSettings } from "./settings/ExtensionSettings.js"
import type { TaskRecord } from "./tasks/TaskRecord.js"
import { TaskRunner } from "./tasks/TaskRunner.js"
import { TaskStore } from "./tasks/TaskStore.js"
import { TasksTree } from "./ui/TasksTree.js"
import { TaskStatusBar } from "./ui/TaskStatusBar.js"
import { VideoPlayer } from "./ui/VideoPlayer.js"

import type { Engine } from "./engineApi.js"

/**
 * Everything behind the commands: settings, keys, clients, tasks, views. Loaded by the thin
 * extension.ts after activation returns (or on the first command), so activation stays cheap.
 */
export function start(context: vscode.ExtensionContext): Engine {
  const started = performance.now()
  const channel = vscode.window.createOutputChannel("HappyHorse")
  const log = new RequestLog(channel)
  const settings = () => readSettings(vscode.workspace.getConfiguration("happyhorse"))
  const keys = new ApiKeys(context.secrets, process.env)
  const clients = new ClientProvider(keys, log, createClient)
  const sandbox = new EmbeddedSandbox(() => loadBundledSandbox(context.asAbsolutePath("dist")), log)
  const store = new TaskStore(context.workspaceState)
  const runner = new TaskRunner({
    store,
    log,
    clientFor: (target) => clients.forTarget(target),
    outDir: () => HappyHorseCommands.outDir(settings(), context.globalStorageUri.fsPath),
    newId: () => randomUUID(),
    now: () => Date.now(),
  })
  const player = new VideoPlayer(log)
  const commands = new HappyHorseCommands({ settings, keys, clients, sandbox, store, runner, player, log, showLog: () => channel.show(true) })
  const tree = new TasksTree(store)
  const view = vscode.window.createTreeView("happyhorse.tasks", { treeDataProvider: tree, showCollapseAll: false })
  const statusBar = new TaskStatusBar(store)

  // Tree actions get the record from the tree; a stale one is looked up again by id.
  const fromArg = (arg: unknown): TaskRecord | undefined => {
    const id: unknown = typeof arg === "object" && arg !== null ? Reflect.get(arg, "id") : undefined
    return typeof id === "string" ? store.get(id) : undefined
  }
  const onRecord = (run: (record: TaskRecord) => unknown) => (arg: unknown) => {
    const record = fromArg(arg)
    return record === undefined ? undefined : run(record)
  }
  const handlers: Readonly<Record<string, (arg: unknown) => unknown>> = {
    "happyhorse.generateFromPrompt": () => commands.generate("text-to-video", false),
    "happyhorse.generateFromSelection": () => commands.generate("text-to-video", true),
    "happyhorse.imageToVideo": () => commands.generate("image-to-video", true),
    "happyhorse.referenceToVideo": () => commands.generate("reference-to-video", true),
    "happyhorse.editVideo": () => commands.generate("video-edit", true),
    "happyhorse.estimateCost": () => commands.estimateCost(),
    "happyhorse.setApiKey": () => commands.setApiKey(),
    "happyhorse.selectProvider": () => commands.selectProvider(),
    "happyhorse.showTasks": () => commands.showTasks(),
    "happyhorse.task.open": onRecord((r) => commands.openVideo(r)),
    "happyhorse.task.download": onRecord((r) => commands.downloadAgain(r)),
    "happyhorse.task.copyId": onRecord((r) => commands.copyTaskId(r)),
    "happyhorse.task.cancel": onRecord((r) => commands.cancelTask(r)),
    "happyhorse.task.remove": onRecord((r) => commands.removeTask(r)),
  }

  context.subscriptions.push(
    channel,
    tree,
    view,
    statusBar,
    player,
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("happyhorse")) void clients.reset()
    }),
  )

  // Tasks a reloaded window left running are watched again, after activation returns.
  setTimeout(() => {
    void runner.recoverAfterReload().then((records) => {
      for (const record of records) void commands.resume(record)
    })
  }, 0)
  log.info("engine ready", { ms: Math.round(performance.now() - started), tasks: store.all().length })
  return {
    run: async (command, arg) => {
      await handlers[command]?.(arg)
    },
    dispose: async () => {
      await clients.reset()
      await sandbox.dispose()
    },
  }
}
