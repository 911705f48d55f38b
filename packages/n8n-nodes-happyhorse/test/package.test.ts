import { describe, expect, it } from "@effect/vitest"
import { ESLint } from "eslint"
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { createRequire } from "node:module"
import { join } from "node:path"
import type { INodeProperties, INodeType } from "n8n-workflow"
import { HappyHorseApi } from "../credentials/HappyHorseApi.credentials.js"
import { HappyHorse } from "../nodes/HappyHorse/HappyHorse.node.js"
import { HappyHorseTrigger } from "../nodes/HappyHorseTrigger/HappyHorseTrigger.node.js"

const root = join(import.meta.dirname, "..")
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string
  keywords: Array<string>
  dependencies?: Record<string, string>
  n8n: { nodes: Array<string>; credentials: Array<string> }
}

const optionValues = (property: INodeProperties | undefined) =>
  (property?.options ?? []).map((option) => ("value" in option ? option.value : undefined))

describe("n8n community-node conventions", () => {
  it("is a community node package with no runtime dependencies", () => {
    expect(pkg.name).toMatch(/^n8n-nodes-/)
    expect(pkg.keywords).toContain("n8n-community-node-package")
    expect(pkg.dependencies).toBeUndefined()
  })

  it("the HappyHorse node offers every operation, is usable as a tool, and tests its credential", () => {
    const { description } = new HappyHorse()
    const operations = description.properties.filter((p) => p.name === "operation")
    expect(operations.flatMap(optionValues).sort()).toEqual(
      ["download", "editVideo", "get", "imageToVideo", "referenceToVideo", "textToVideo", "wait"].sort(),
    )
    for (const option of operations.flatMap((p) => p.options ?? [])) expect(option).toHaveProperty("action")
    expect(description.usableAsTool).toBe(true)
    expect(description.credentials).toEqual([{ name: "happyHorseApi", required: true, testedBy: "happyHorseApiTest" }])
    const defaults = Object.fromEntries(description.properties.map((p) => [p.name, p.default]))
    expect(defaults).toMatchObject({ resultMode: "wait", duration: 5, options: {} })
    // Waiting and binary settings sit in an Options collection, as in n8n's own nodes.
    const options = description.properties.filter((p) => p.name === "options")
    const optionDefaults = Object.fromEntries(
      options.flatMap((p) => p.options ?? []).flatMap((o) => ("default" in o && "name" in o ? [[o.name, o.default]] : [])),
    )
    expect(optionDefaults).toEqual({ maxConcurrent: 5, maxWaitMinutes: 10, downloadBinary: true, binaryPropertyName: "data" })
  })

  it("the credential has the five gateways, a password field for the key, and an optional base URL", () => {
    const credential = new HappyHorseApi()
    const byName = Object.fromEntries(credential.properties.map((p) => [p.name, p]))
    expect(optionValues(byName["gateway"]).sort()).toEqual(["acedata", "dashscope", "evolink", "tokenbay", "ttapi"])
    expect(byName["apiKey"]?.typeOptions?.password).toBe(true)
    expect(byName["baseUrl"]?.required).toBeUndefined()
  })

  it("codex files name the nodes as the package registers them", () => {
    const nodes: Array<[string, INodeType]> = [
      ["nodes/HappyHorse/HappyHorse.node.json", new HappyHorse()],
      ["nodes/HappyHorseTrigger/HappyHorseTrigger.node.json", new HappyHorseTrigger()],
    ]
    for (const [file, node] of nodes) {
      const codex = JSON.parse(readFileSync(join(root, file), "utf8")) as { node: string }
      expect(codex.node).toBe(`${pkg.name}.${node.description.name}`)
    }
  })

  it("codex files keep both nodes in search on an empty canvas (not AI sub-nodes)", () => {
    // n8n's node picker drops a node from search while no AI node is on the canvas when its codex is in
    // the "AI" category without the "Root Nodes" subcategory; it then lists it only as an AI sub-node.
    for (const file of ["nodes/HappyHorse/HappyHorse.node.json", "nodes/HappyHorseTrigger/HappyHorseTrigger.node.json"]) {
      const codex = JSON.parse(readFileSync(join(root, file), "utf8")) as {
        categories: Array<string>
        subcategories?: Record<string, Array<string>>
        alias: Array<string>
      }
      const hiddenAsSubNode = codex.categories.includes("AI") && !(codex.subcategories?.["AI"] ?? []).includes("Root Nodes")
      expect(hiddenAsSubNode, file).toBe(false)
      expect(codex.alias, file).toContain("video")
    }
    // For an AI-category node the picker lists a property named "mode" as actions beside the operations.
    expect(new HappyHorse().description.properties.map((p) => p.name.toLowerCase())).not.toContain("mode")
  })

  it("the built files are CommonJS, load without the core installed, and leave n8n-workflow to n8n", () => {
    // A build of its own (the end-to-end test may be reading dist/), inside the package so that
    // require("n8n-workflow") resolves as it does in n8n, and nothing else can.
    const out = mkdtempSync(join(root, "node_modules", ".hh-build-"))
    execFileSync(process.execPath, [join(root, "scripts", "build.mjs"), out], { cwd: root })
    const built = (file: string) => join(out, file.replace(/^dist\//, ""))
    for (const file of [...pkg.n8n.nodes, ...pkg.n8n.credentials]) expect(existsSync(built(file))).toBe(true)
    for (const icon of ["dist/icons/happyhorse.svg", "dist/icons/happyhorse.dark.svg"]) expect(existsSync(built(icon))).toBe(true)
    const bundle = readFileSync(built("dist/nodes/HappyHorse/HappyHorse.node.js"), "utf8")
    expect(bundle).toContain('require("n8n-workflow")')
    expect(bundle).not.toMatch(/require\("(effect|@happyhorse\/core|@effect\/[a-z-]+)[/"]/)
    const load = createRequire(import.meta.url)
    const mod = load(built("dist/nodes/HappyHorse/HappyHorse.node.js")) as { HappyHorse: new () => INodeType }
    expect(new mod.HappyHorse().description.name).toBe("happyHorse")
    rmSync(out, { recursive: true, force: true })
  })

  it("the README's example workflow uses the node's real type and parameter names", () => {
    const readme = readFileSync(join(root, "README.md"), "utf8")
    const block = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] ?? "").find((text) => text.includes('"nodes"'))
    const workflow = JSON.parse(block ?? "{}") as { nodes: Array<{ type: string; parameters: Record<string, unknown> }> }
    const node = workflow.nodes.find((n) => n.type === `${pkg.name}.happyHorse`)
    expect(node).toBeDefined()
    const names = new Set(new HappyHorse().description.properties.map((p) => p.name))
    for (const parameter of Object.keys(node?.parameters ?? {})) expect(names).toContain(parameter)
  })

  it("passes n8n's community-node lint rules for self-hosted nodes", async () => {
    const eslint = new ESLint({ cwd: root })
    const results = await eslint.lintFiles(["."])
    const messages = results.flatMap((r) => r.messages.map((m) => `${r.filePath}:${m.line} ${m.ruleId}: ${m.message}`))
    expect(messages).toEqual([])
  })
})
