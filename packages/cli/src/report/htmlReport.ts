import { relative } from "node:path"
import type { BatchReport } from "./BatchReport.js"

const escape = (text: string): string =>
  text.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch] ?? ch)

/** A relative URL from the report's folder to a video, each segment percent-encoded. */
const href = (fromDir: string, file: string): string =>
  relative(fromDir, file).split(/[\\/]/).map(encodeURIComponent).join("/")

const seconds = (ms: number | null) => (ms === null ? "" : `${(ms / 1000).toFixed(1)} s`)

/**
 * One HTML file with no outside assets: inline styles, and a player per video that points at
 * the MP4 next to it (relative), so the folder can be zipped and opened anywhere.
 */
export const renderHtmlReport = (report: BatchReport, reportDir: string): string => {
  const t = report.totals
  const cards = report.tasks
    .map((task) => {
      const media =
        task.file === null
          ? `<div class="none">no video</div>`
          : `<video controls preload="metadata" src="${escape(href(reportDir, task.file))}"></video>`
      const error = task.error === null ? "" : `<p class="err"><b>${escape(task.errorTag ?? "error")}</b>: ${escape(task.error)}</p>`
      return `<article class="${escape(task.state)}">${media}
<h3>${escape(task.key)} <span class="state">${escape(task.state)}</span></h3>
<p class="prompt">${escape(task.prompt ?? "")}</p>
<dl><dt>task</dt><dd>${escape(task.taskId ?? "-")}</dd><dt>cost</dt><dd>${task.costUsd === null ? "-" : `$${task.costUsd.toFixed(3)}`}</dd>
<dt>submitted</dt><dd>${escape(task.submittedAt ?? "-")}</dd><dt>took</dt><dd>${seconds(task.elapsedMs)}</dd></dl>${error}</article>`
    })
    .join("\n")
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>HappyHorse batch ${escape(report.batch)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;background:#fafafa;color:#222}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:16px}
article{background:#fff;border:1px solid #ddd;border-radius:8px;padding:10px}
article.failed,article.in-doubt,article.skipped{border-color:#d66}
video,.none{width:100%;aspect-ratio:16/9;background:#111;border-radius:4px}
.none{display:flex;align-items:center;justify-content:center;color:#999}
h3{font-size:14px;margin:8px 0 4px}.state{font-weight:normal;color:#666}
.prompt{color:#444;max-height:5.6em;overflow:auto}
dl{display:grid;grid-template-columns:auto 1fr;gap:2px 8px;margin:4px 0;color:#555}dd{margin:0}
.err{color:#a00}
</style></head><body>
<h1>Batch ${escape(report.batch)} on ${escape(report.gateway)}</h1>
<p>${t.tasks} tasks: ${t.done} done, ${t.failed} failed, ${t.inDoubt} in doubt, ${t.skipped} skipped for budget, ${t.unfinished} unfinished.
Cost $${t.costUsd.toFixed(3)}. ${report.rateLimited} replies were 429. ${escape(report.startedAt)} to ${escape(report.finishedAt)}.</p>
<div class="grid">
${cards}
</div></body></html>
`
}
