import * as Effect from "effect/Effect"
import type { RunEvent } from "./runTask.js"

/** Shows a batch as it runs: redrawn bars on a terminal, one JSON line per event otherwise. */
export interface Progress {
  readonly onEvent: (event: RunEvent) => Effect.Effect<void>
  /** Redraw (terminal) on a timer; a no-op for JSON lines. */
  readonly render: Effect.Effect<void>
  readonly finish: Effect.Effect<void>
}

interface Line {
  state: string
  percent: number
}

const BAR = 20
const MAX_LINES = 12

const bar = (percent: number) => {
  const filled = Math.round((Math.max(0, Math.min(100, percent)) / 100) * BAR)
  return `${"█".repeat(filled)}${"░".repeat(BAR - filled)}`
}

/** JSON lines: one record per submit, state change and finish, never per download chunk. */
export const jsonProgress = (write: (line: string) => void): Progress => ({
  onEvent: (event) =>
    Effect.sync(() => {
      switch (event._tag) {
        case "Submitting":
          return write(JSON.stringify({ event: "submitting", key: event.key }))
        case "Submitted":
          return write(JSON.stringify({ event: "submitted", key: event.key, taskId: event.taskId }))
        case "Task":
          return write(JSON.stringify({ event: event.event._tag === "Progress" ? event.event.state : event.event._tag.toLowerCase(), key: event.key, ...event.event }))
        case "Downloading":
          return
        case "Done":
          return write(JSON.stringify({ event: "finished", key: event.key, state: event.row.state, taskId: event.row.task_id, file: event.row.file, costUsd: event.row.cost_usd }))
      }
    }),
  render: Effect.void,
  finish: Effect.void,
})

/** Terminal bars for the tasks in flight, and a summary line, redrawn in place on stderr. */
export const terminalProgress = (total: number, write: (text: string) => void): Progress => {
  const lines = new Map<string, Line>()
  let finished = 0
  let drawn = 0
  const draw = () => {
    const active = [...lines.entries()].slice(0, MAX_LINES)
    const text = [
      ...active.map(([key, line]) => `${key.padEnd(24).slice(0, 24)} ${bar(line.percent)} ${String(Math.round(line.percent)).padStart(3)}% ${line.state}`),
      `${finished}/${total} finished, ${lines.size} in flight`,
    ]
    write(`${drawn > 0 ? `\x1b[${drawn}A\x1b[J` : ""}${text.join("\n")}\n`)
    drawn = text.length
  }
  return {
    onEvent: (event) =>
      Effect.sync(() => {
        const line = lines.get(event.key) ?? { state: "pending", percent: 0 }
        switch (event._tag) {
          case "Submitting":
            line.state = "submitting"
            break
          case "Submitted":
            line.state = "queued"
            break
          case "Task":
            if (event.event._tag === "Progress") {
              line.state = event.event.state
              line.percent = event.event.progress ?? line.percent
            } else line.state = event.event._tag.toLowerCase()
            break
          case "Downloading":
            line.state = "downloading"
            line.percent = event.total === undefined ? line.percent : (event.received / event.total) * 100
            break
          case "Done":
            lines.delete(event.key)
            finished++
            return
        }
        lines.set(event.key, line)
      }),
    render: Effect.sync(draw),
    finish: Effect.sync(draw),
  }
}
