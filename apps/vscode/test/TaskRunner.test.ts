import { describe, expect, it } from "@effect/vitest"
import { SubmitInDoubt, WatchTimeout } from "@happyhorse/core"
import type { Client } from "@happyhorse/core/node"
import type { ClientTarget } from "../src/client/ClientProvider.js"
import { RequestLog } from "../src/log/RequestLog.js"
import type { TaskRecord } from "../src/tasks/TaskRecord.js"
import { TaskRunner } from "../src/tasks/TaskRunner.js"
import { TaskStore } from "../src/tasks/TaskStore.js"
import { fakeClient, type FakeClientScript, memoryState } from "./helpers.js"

const target: ClientTarget = { provider: "ttapi", baseUrl: "http://127.0.0.1:1", sandbox: false, timeScale: 1, timeoutMinutes: 10 }
const request = { kind: "text-to-video", prompt: "a horse" } as const

const setup = (script: FakeClientScript, state = memoryState()) => {
  const store = new TaskStore(state)
  const lines: Array<string> = []
  const client = fakeClient(script)
  let n = 0
  const runner = new TaskRunner({
    store,
    log: new RequestLog({ appendLine: (l) => lines.push(l) }),
    clientFor: async (): Promise<Client> => client,
    outDir: () => "/ws/happyhorse-videos",
    newId: () => `local-${++n}`,
    now: () => 1000,
  })
  return { store, runner, client, lines, state }
}

describe("TaskRunner", () => {
  it("submits once, follows progress, downloads into the output folder and records each step", async () => {
    const { store, runner, client } = setup({
      events: [
        { _tag: "Progress", taskId: "task-1", state: "running", progress: 40, elapsedMs: 5 },
        { _tag: "Succeeded", taskId: "task-1", videoUrl: "http://127.0.0.1:1/v.mp4", elapsedMs: 9 },
      ],
    })
    const seen: Array<TaskRecord["phase"]> = []
    store.onDidChange(() => {
      const phase = store.get("local-1")?.phase
      if (phase !== undefined && seen.at(-1) !== phase) seen.push(phase)
    })
    const { id, done } = runner.start(request, target, "a horse", 0.7)
    const outcome = await done
    expect(id).toBe("local-1")
    expect(outcome.error).toBeUndefined()
    expect(outcome.record).toMatchObject({ phase: "succeeded", taskId: "task-1", costUsd: 0.7, filePath: "/ws/happyhorse-videos/task-1.mp4" })
    expect(seen).toEqual(["submitting", "queued", "running", "downloading", "succeeded"])
    expect(client.calls).toEqual(["submit", "watch task-1", "download task-1 http://127.0.0.1:1/v.mp4"])
    expect(runner.isRunning(id)).toBe(false)
  })

  it("an in-doubt submit is recorded as in doubt and never resent", async () => {
    const { runner, client } = setup({
      submit: () => Promise.reject(new SubmitInDoubt({ gateway: "ttapi", reason: "reset after send", sentAt: 1 })),
    })
    const outcome = await runner.start(request, target, "a horse", undefined).done
    expect(outcome.record.phase).toBe("in-doubt")
    expect(outcome.error).toBeInstanceOf(SubmitInDoubt)
    expect(client.calls.filter((c) => c === "submit")).toHaveLength(1)
  })

  it("a task that fails on the gateway ends failed with its reason", async () => {
    const { runner } = setup({ events: [{ _tag: "Failed", taskId: "task-1", reason: "bad frame", code: "E1", elapsedMs: 3 }] })
    const outcome = await runner.start(request, target, "a horse", undefined).done
    expect(outcome.record).toMatchObject({ phase: "failed", detail: "bad frame" })
    expect(outcome.error).toMatchObject({ _tag: "TaskFailed", reason: "bad frame", code: "E1" })
  })

  it("a watch timeout leaves the task timed out, to be watched again", async () => {
    const { runner } = setup({ watchError: new WatchTimeout({ gateway: "ttapi", taskId: "task-1", elapsedMs: 1, lastStatus: "RUNNING" }) })
    const outcome = await runner.start(request, target, "a horse", undefined).done
    expect(outcome.record.phase).toBe("timed-out")
    expect(outcome.error).toBeInstanceOf(WatchTimeout)
  })

  it("cancel stops the wait and says the gateway has no cancel call", async () => {
    const { runner, client, store } = setup({ hang: true })
    const { id, done } = runner.start(request, target, "a horse", undefined)
    // Wait until the watch is under way.
    while (!client.calls.includes("watch task-1")) await new Promise((r) => setImmediate(r))
    expect(await runner.cancel(id, client)).toBe(true)
    const outcome = await done
    expect(outcome.error).toMatchObject({ name: "AbortError" })
    expect(store.get(id)?.phase).toBe("canceled")
    expect(store.get(id)?.detail).toMatch(/no cancel call/)
    expect(await runner.cancel(id, client)).toBe(false)
  })

  it("after a reload: a submit in flight becomes in doubt, a running task is resumed, a sandbox task is closed", async () => {
    const base = { provider: "ttapi", baseUrl: "", kind: "text-to-video", prompt: "p", createdAt: 1, updatedAt: 1 } as const
    const state = memoryState({
      "happyhorse.tasks.v1": [
        { ...base, id: "s", phase: "submitting" },
        { ...base, id: "r", phase: "running", taskId: "gw-r" },
        { ...base, id: "x", phase: "running", taskId: "gw-x", sandbox: true },
        { ...base, id: "d", phase: "succeeded", taskId: "gw-d" },
      ],
    })
    const { runner, store, client } = setup({}, state)
    const resumable = await runner.recoverAfterReload()
    expect(resumable.map((r) => r.id)).toEqual(["r"])
    expect(store.get("s")?.phase).toBe("in-doubt")
    expect(store.get("x")?.phase).toBe("canceled")
    const outcome = await runner.resume("r", target)
    expect(outcome.record).toMatchObject({ phase: "succeeded", filePath: "/ws/happyhorse-videos/gw-r.mp4" })
    expect(client.calls).not.toContain("submit")
  })

  it("downloads a finished video again", async () => {
    const base = { provider: "ttapi", baseUrl: "", kind: "text-to-video", prompt: "p", createdAt: 1, updatedAt: 1 } as const
    const state = memoryState({ "happyhorse.tasks.v1": [{ ...base, id: "d", phase: "failed", taskId: "gw-d", videoUrl: "http://127.0.0.1:1/d.mp4" }] })
    const { runner, client } = setup({}, state)
    const outcome = await runner.redownload("d", target)
    expect(outcome.record.phase).toBe("succeeded")
    expect(client.calls).toEqual(["download gw-d http://127.0.0.1:1/d.mp4"])
  })

  it("logs every call without the key", async () => {
    const { runner, lines } = setup({})
    await runner.start(request, target, "a horse", undefined).done
    const text = lines.join("\n")
    for (const step of ["submit", "submitted", "watch", "download", "downloaded"]) expect(text).toContain(`] ${step} `)
  })
})
