import type { TaskRecord } from "../tasks/TaskRecord.js"

/** 0:07, 1:05, 1:02:03. */
export const formatElapsed = (ms: number): string => {
  const total = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = String(total % 60).padStart(2, "0")
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`
}

export const formatUsd = (usd: number): string => `$${usd < 0.01 && usd > 0 ? usd.toFixed(4) : usd.toFixed(2)}`

const phaseWords: Readonly<Record<TaskRecord["phase"], string>> = {
  submitting: "submitting",
  queued: "queued",
  running: "running",
  downloading: "downloading",
  succeeded: "done",
  failed: "failed",
  canceled: "canceled",
  "in-doubt": "in doubt",
  "timed-out": "timed out",
}

/** "running 45%", "queued", "done". */
export const formatStatus = (record: Pick<TaskRecord, "phase" | "progress">): string => {
  const words = phaseWords[record.phase]
  return record.progress !== undefined && (record.phase === "running" || record.phase === "downloading")
    ? `${words} ${Math.round(record.progress)}%`
    : words
}

/** The progress notification's line: "running 45% · 0:32". */
export const progressLine = (record: Pick<TaskRecord, "phase" | "progress">, elapsedMs: number): string =>
  `${formatStatus(record)} · ${formatElapsed(elapsedMs)}`

export const shorten = (text: string, max = 60): string => (text.length > max ? `${text.slice(0, max - 1)}…` : text)
