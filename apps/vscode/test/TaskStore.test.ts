import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import type { TaskRecord } from "../src/tasks/TaskRecord.js"
import { MAX_FINISHED, TaskStore } from "../src/tasks/TaskStore.js"
import { memoryState } from "./helpers.js"

const record = (id: string, phase: TaskRecord["phase"] = "running", createdAt = 1): TaskRecord => ({
  id,
  provider: "ttapi",
  baseUrl: "",
  kind: "text-to-video",
  prompt: `prompt ${id}`,
  phase,
  createdAt,
  updatedAt: createdAt,
})

describe("TaskStore", () => {
  it("keeps tasks across a reload: a new store over the same storage sees them", async () => {
    const state = memoryState()
    const first = new TaskStore(state)
    await first.add(record("a"))
    await first.update("a", { taskId: "gw-1", phase: "running", progress: 40 }, 5)
    const reloaded = new TaskStore(state)
    expect(reloaded.get("a")).toMatchObject({ taskId: "gw-1", phase: "running", progress: 40, updatedAt: 5 })
  })

  it("lists newest first and reports the active ones", async () => {
    const store = new TaskStore(memoryState())
    await store.add(record("old", "succeeded"))
    await store.add(record("new", "queued"))
    expect(store.all().map((r) => r.id)).toEqual(["new", "old"])
    expect(store.active().map((r) => r.id)).toEqual(["new"])
  })

  it("drops stored records it cannot decode instead of failing", () => {
    const state = memoryState({ "happyhorse.tasks.v1": [record("ok"), { id: 3 }, "junk", { ...record("bad"), phase: "exploded" }] })
    expect(new TaskStore(state).all().map((r) => r.id)).toEqual(["ok"])
  })

  it("treats a non-array value as empty", () => {
    expect(new TaskStore(memoryState({ "happyhorse.tasks.v1": { not: "a list" } })).all()).toEqual([])
  })

  it("notifies listeners on every change and stops after dispose", async () => {
    const store = new TaskStore(memoryState())
    let calls = 0
    const sub = store.onDidChange(() => calls++)
    await store.add(record("a"))
    await store.update("a", { progress: 10 })
    await store.remove("a")
    sub.dispose()
    await store.add(record("b"))
    expect(calls).toBe(3)
  })

  it("ignores updates to unknown ids", async () => {
    const store = new TaskStore(memoryState())
    await store.update("ghost", { phase: "failed" })
    expect(store.all()).toEqual([])
  })

  it("forgets the oldest finished tasks past the cap but never a running one", () =>
    fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom<TaskRecord["phase"]>("running", "succeeded", "failed", "queued"), { maxLength: 120 }), async (phases) => {
        const store = new TaskStore(memoryState())
        for (const [i, phase] of phases.entries()) await store.add(record(`t${i}`, phase, i))
        const running = phases.filter((p) => p === "running" || p === "queued").length
        const finished = phases.length - running
        expect(store.active()).toHaveLength(running)
        expect(store.all()).toHaveLength(running + Math.min(finished, MAX_FINISHED))
      }),
      { numRuns: 30 },
    ))
})
