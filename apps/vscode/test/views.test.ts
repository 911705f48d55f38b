import { describe, expect, it } from "@effect/vitest"
import type { TaskRecord } from "../src/tasks/TaskRecord.js"
import { TaskStore } from "../src/tasks/TaskStore.js"
import { formatElapsed, progressLine } from "../src/ui/format.js"
import { contextValueOf, descriptionOf, TasksTree } from "../src/ui/TasksTree.js"
import { statusText } from "../src/ui/TaskStatusBar.js"
import { memoryState } from "./helpers.js"

const base: TaskRecord = { id: "a", provider: "ttapi", baseUrl: "", kind: "text-to-video", prompt: "A horse on a beach", phase: "running", progress: 45, costUsd: 0.7, createdAt: 0, updatedAt: 0 }

describe("tasks view and status bar", () => {
  it("a task line shows status, progress, provider and cost", () => {
    expect(descriptionOf(base)).toBe("running 45% · ttapi · $0.70")
    expect(descriptionOf({ ...base, phase: "succeeded", sandbox: true })).toBe("done · ttapi sandbox · $0.70")
  })

  it("menus follow the task: cancel while running; open, download and copy once done", () => {
    expect(contextValueOf({ ...base, taskId: "t" }).split(" ")).toEqual(["task", "running", "hasId"])
    const done = contextValueOf({ ...base, phase: "succeeded", taskId: "t", filePath: "/v.mp4", videoUrl: "http://x/v.mp4" }).split(" ")
    expect(done).toEqual(expect.arrayContaining(["playable", "downloadable", "hasId"]))
    expect(done).not.toContain("running")
  })

  it("the tree lists the store's tasks and a finished one opens on click", async () => {
    const store = new TaskStore(memoryState())
    await store.add({ ...base, phase: "succeeded", filePath: "/ws/v.mp4" })
    const tree = new TasksTree(store)
    const [record] = tree.getChildren()
    expect(record?.id).toBe("a")
    const item = tree.getTreeItem(store.get("a") ?? base)
    expect(item.label).toBe("A horse on a beach")
    expect(item.command?.command).toBe("happyhorse.task.open")
    expect(String(item.tooltip)).toContain("/ws/v.mp4")
    tree.dispose()
  })

  it("the status bar counts running tasks", () => {
    expect(statusText(0)).toBe("$(device-camera-video) HappyHorse")
    expect(statusText(2)).toBe("$(sync~spin) HappyHorse: 2 running")
  })

  it("the progress line shows status and elapsed time", () => {
    expect(progressLine(base, 65_000)).toBe("running 45% · 1:05")
    expect(formatElapsed(3_723_000)).toBe("1:02:03")
  })
})
