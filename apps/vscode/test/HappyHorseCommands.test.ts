import { beforeEach, describe, expect, it } from "@effect/vitest"
import type { Client, CreateClientOptions } from "@happyhorse/core/node"
import { vi } from "vitest"
import * as vscode from "vscode"
import { ClientProvider } from "../src/client/ClientProvider.js"
import { HappyHorseCommands } from "../src/commands/HappyHorseCommands.js"
import { RequestLog } from "../src/log/RequestLog.js"
import { EmbeddedSandbox } from "../src/sandbox/EmbeddedSandbox.js"
import { ApiKeys } from "../src/secrets/ApiKeys.js"
import { readSettings } from "../src/settings/ExtensionSettings.js"
import { TaskRunner } from "../src/tasks/TaskRunner.js"
import { TaskStore } from "../src/tasks/TaskStore.js"
import type { VideoPlayer } from "../src/ui/VideoPlayer.js"
import { fakeClient, type FakeClientScript, memoryState } from "./helpers.js"
import { progressState, setConfig, window } from "./mocks/vscode.js"

const setup = (options: { key?: string; sandboxUrl?: string; script?: FakeClientScript } = {}) => {
  const secrets = new Map<string, string>()
  if (options.key !== undefined) secrets.set("happyhorse.apiKey.ttapi", options.key)
  const keys = new ApiKeys({
    get: async (k) => secrets.get(k),
    store: async (k, v) => void secrets.set(k, v),
    delete: async (k) => void secrets.delete(k),
  })
  const lines: Array<string> = []
  const log = new RequestLog({ appendLine: (l) => lines.push(l) })
  const client = fakeClient(options.script ?? {})
  const made: Array<CreateClientOptions> = []
  const clients = new ClientProvider(keys, log, (o): Client => {
    made.push(o)
    return client
  })
  const store = new TaskStore(memoryState())
  let n = 0
  const runner = new TaskRunner({ store, log, clientFor: (t) => clients.forTarget(t), outDir: () => "/ws/out", newId: () => `l${++n}`, now: () => 0 })
  const shown: Array<string> = []
  const player: Pick<VideoPlayer, "show"> = { show: (file: string) => void shown.push(file) }
  const sandbox = new EmbeddedSandbox(
    () => ({ startSandbox: async () => ({ urls: { ttapi: options.sandboxUrl ?? "http://127.0.0.1:9/ttapi", tokenbay: "", evolink: "", acedata: "", dashscope: "" }, close: async () => undefined }) }),
    log,
  )
  const commands = new HappyHorseCommands({
    settings: () => readSettings(vscode.workspace.getConfiguration("happyhorse")),
    keys,
    clients,
    sandbox,
    store,
    runner,
    player,
    log,
    showLog: () => undefined,
  })
  return { commands, client, made, store, shown, secrets, lines }
}

describe("HappyHorseCommands", () => {
  beforeEach(() => {
    vi.clearAllMocks()
    setConfig({ provider: "ttapi", confirmCostAboveUsd: 5 })
  })

  it("Generate from Prompt: asks for the prompt, runs the task, opens the player and announces the video", async () => {
    const { commands, client, store, shown } = setup({ key: "sk-real" })
    window.showInputBox.mockResolvedValueOnce("A horse on a beach")
    const outcome = await commands.generate("text-to-video", false)
    expect(outcome?.error).toBeUndefined()
    expect(client.calls[0]).toBe("submit")
    expect(store.all()[0]).toMatchObject({ prompt: "A horse on a beach", phase: "succeeded", costUsd: 0.7 })
    expect(shown).toEqual(["/ws/out/task-1.mp4"])
    expect(window.withProgress).toHaveBeenCalledWith(expect.objectContaining({ cancellable: true }), expect.any(Function))
    expect(window.showInformationMessage).toHaveBeenCalledWith("HappyHorse: video ready: task-1.mp4", "Open Video", "Reveal in Explorer")
  })

  it("Generate from Selection uses the selected text as the prompt without asking", async () => {
    const { commands, store } = setup({ key: "sk-real" })
    window.activeTextEditor = { selections: [{}], document: { getText: () => "  a red kite\n over hills " } }
    await commands.generate("text-to-video", true)
    window.activeTextEditor = undefined
    expect(window.showInputBox).not.toHaveBeenCalled()
    expect(store.all()[0]?.prompt).toBe("a red kite over hills")
  })

  it("asks before spending more than the threshold, and sends nothing when declined", async () => {
    setConfig({ provider: "ttapi", confirmCostAboveUsd: 0.5 })
    const { commands, client } = setup({ key: "sk-real" })
    window.showInputBox.mockResolvedValueOnce("A horse")
    window.showWarningMessage.mockResolvedValueOnce(undefined)
    const outcome = await commands.generate("text-to-video", false)
    expect(outcome).toBeUndefined()
    expect(window.showWarningMessage).toHaveBeenCalledWith(expect.stringContaining("$0.70"), { modal: true }, "Generate")
    expect(client.calls).toEqual([])
  })

  it("with no API key it offers the sandbox and runs there with no key", async () => {
    const { commands, made, store } = setup({ sandboxUrl: "http://127.0.0.1:9/ttapi" })
    window.showInputBox.mockResolvedValueOnce("A horse")
    window.showInformationMessage.mockResolvedValueOnce("Try the Sandbox")
    await commands.generate("text-to-video", false)
    expect(made[0]).toMatchObject({ provider: "ttapi", baseUrl: "http://127.0.0.1:9/ttapi", apiKey: "sandbox-key" })
    expect(store.all()[0]).toMatchObject({ sandbox: true, phase: "succeeded" })
  })

  it("dismissing the prompt box does nothing and shows no error", async () => {
    const { commands, client } = setup({ key: "sk-real" })
    window.showInputBox.mockResolvedValueOnce(undefined)
    expect(await commands.generate("text-to-video", false)).toBeUndefined()
    expect(client.calls).toEqual([])
    expect(window.showErrorMessage).not.toHaveBeenCalled()
  })

  it("Image to Video takes the URL from the selection", async () => {
    const { commands, store } = setup({ key: "sk-real" })
    window.activeTextEditor = { selections: [{}], document: { getText: () => "frame: https://img.example/first.png" } }
    window.showInputBox.mockResolvedValueOnce("")
    await commands.generate("image-to-video", true)
    window.activeTextEditor = undefined
    expect(store.all()[0]).toMatchObject({ kind: "image-to-video", prompt: "animate https://img.example/first.png" })
  })

  it("Set API Key keeps the key in SecretStorage only and forgets the sandbox choice", async () => {
    const { commands, secrets, lines } = setup()
    window.showInputBox.mockResolvedValueOnce("  sk-new-secret-123  ")
    expect(await commands.setApiKey()).toBe(true)
    expect(secrets.get("happyhorse.apiKey.ttapi")).toBe("sk-new-secret-123")
    expect(lines.join("\n")).not.toContain("sk-new-secret-123")
    expect(window.showInputBox).toHaveBeenCalledWith(expect.objectContaining({ password: true }))
  })

  it("a refused key shows an actionable error with a Set API Key button", async () => {
    const { commands } = setup({ key: "sk-bad", script: { submit: () => Promise.reject({ _tag: "AuthError", gateway: "ttapi", status: 401, detail: "invalid key" }) } })
    window.showInputBox.mockResolvedValueOnce("A horse")
    await commands.generate("text-to-video", false)
    expect(window.showErrorMessage).toHaveBeenCalledWith(expect.stringContaining("refused the API key"), "Set API Key", "Select Provider")
  })

  it("Cancel on the progress notification stops the wait and explains the gateway cannot cancel", async () => {
    const { commands, store } = setup({ key: "sk-real", script: { hang: true } })
    window.showInputBox.mockResolvedValueOnce("A horse")
    const running = commands.generate("text-to-video", false)
    while (store.all()[0]?.phase !== "queued") await new Promise((r) => setImmediate(r))
    progressState.last?.cancel()
    const outcome = await running
    expect(outcome?.error).toMatchObject({ name: "AbortError" })
    expect(store.all()[0]?.phase).toBe("canceled")
    expect(window.showInformationMessage).toHaveBeenCalledWith(expect.stringMatching(/no cancel call/))
    expect(progressState.last?.reports[0]?.message).toMatch(/^(submitting|queued) · [\d:]+$/)
  })
})
