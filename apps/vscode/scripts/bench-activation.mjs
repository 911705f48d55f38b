// Measures the extension's activation: a fresh Node process loads dist/extension.cjs (with a stub
// `vscode`) and calls activate(); reports the median of several cold runs and the bundle size.
import { execFileSync } from "node:child_process"
import { statSync } from "node:fs"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const bundle = join(root, "dist", "extension.cjs")
const RUNS = Number(process.env.RUNS ?? 7)

const child = `
const Module = require("node:module")
const noop = () => ({ dispose() {} })
const handler = { get: (t, k) => (k in t ? t[k] : new Proxy(function () {}, handler)), apply: () => new Proxy(function () {}, handler), construct: () => new Proxy({}, handler) }
const vscode = new Proxy({
  window: { createOutputChannel: () => ({ appendLine() {}, show() {}, dispose() {} }), createTreeView: noop, createStatusBarItem: () => ({ show() {}, dispose() {} }), createWebviewPanel: noop },
  commands: { registerCommand: noop },
  workspace: { getConfiguration: () => ({ get: () => undefined }), onDidChangeConfiguration: noop },
  EventEmitter: class { constructor() { this.event = noop } fire() {} dispose() {} },
  StatusBarAlignment: { Left: 1 },
}, handler)
const load = Module._load
Module._load = function (request, ...rest) { return request === "vscode" ? vscode : load.call(this, request, ...rest) }
const memento = { get: () => undefined, update: async () => {} }
const context = { subscriptions: [], secrets: { get: async () => undefined, store: async () => {}, delete: async () => {} }, workspaceState: memento, globalState: memento, globalStorageUri: { fsPath: "/tmp" }, asAbsolutePath: (p) => p, extensionPath: ${JSON.stringify(root)} }
const t0 = performance.now()
const ext = require(${JSON.stringify(bundle)})
const t1 = performance.now()
ext.activate(context)
const t2 = performance.now()
// The engine loads right after activation returns; time it too (it does not block activation).
setTimeout(() => {
  const t3 = performance.now()
  process.stdout.write(JSON.stringify({ load: t1 - t0, activate: t2 - t1, total: t2 - t0, engine: t3 - t2 }))
  process.exit(0)
}, 0)
`

const runs = []
for (let i = 0; i < RUNS; i++) runs.push(JSON.parse(execFileSync(process.execPath, ["-e", child], { encoding: "utf8" })))
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
const result = {
  bundleBytes: statSync(bundle).size,
  runs: RUNS,
  loadMs: Math.round(median(runs.map((r) => r.load)) * 10) / 10,
  activateMs: Math.round(median(runs.map((r) => r.activate)) * 10) / 10,
  totalMs: Math.round(median(runs.map((r) => r.total)) * 10) / 10,
  deferredEngineMs: Math.round(median(runs.map((r) => r.engine)) * 10) / 10,
  engineBytes: statSync(join(root, "dist", "engine.cjs")).size,
  node: process.version,
}
console.log(JSON.stringify(result))
