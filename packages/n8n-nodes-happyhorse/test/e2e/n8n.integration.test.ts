import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from "node:fs"
import { createServer, type IncomingMessage } from "node:http"
import type { ChildProcess } from "node:child_process"
import { createClient } from "@happyhorse/core/node"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { mp4DurationSeconds } from "../support/mp4Duration.js"
import { freePort, n8nInstance, type N8nInstance, prepareHost, stop } from "./n8nHost.js"

/** The type n8n gives a node from an installed package: `<package name>.<node name>`. */
const NODE = "n8n-nodes-happyhorse.happyHorse"
const TRIGGER = "n8n-nodes-happyhorse.happyHorseTrigger"

const SCALE = 500

let sandbox: Sandbox
let n8n: N8nInstance
let tarball: string

const credential = (baseUrl: string) => [
  { id: "hhSandboxCred01", name: "HappyHorse sandbox", type: "happyHorseApi", data: { gateway: "tokenbay", apiKey: "sk-e2e-n8n", baseUrl } },
]

/** Where the workflow's last node writes the MP4, through n8n's own file node. */
const savedVideo = () => join(n8n.userFolder, "files", "video.mp4")

const manual = { id: "00000000-0000-4000-8000-000000000001", name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} }
const credentialRef = { happyHorseApi: { id: "hhSandboxCred01", name: "HappyHorse sandbox" } }

const workflow = (id: string, parameters: Record<string, unknown>, options: { continueOnFail?: boolean; save?: boolean; items?: number } = {}) => {
  return {
    id,
    name: `HappyHorse ${id}`,
    active: false,
    settings: { executionOrder: "v1" },
    connections: {
      Start: { main: [[{ node: options.items === undefined ? "HappyHorse" : "Items", type: "main", index: 0 }]] },
      ...(options.items === undefined ? {} : { Items: { main: [[{ node: "HappyHorse", type: "main", index: 0 }]] } }),
      ...(options.save === true ? { HappyHorse: { main: [[{ node: "Save", type: "main", index: 0 }]] } } : {}),
    },
    nodes: [
      manual,
      ...(options.items === undefined
        ? []
        : [{
            id: "00000000-0000-4000-8000-000000000004",
            name: "Items",
            type: "n8n-nodes-base.code",
            typeVersion: 2,
            position: [110, 0],
            parameters: { jsCode: `return Array.from({ length: ${options.items} }, (_, n) => ({ json: { n } }))` },
          }]),
      {
        id: "00000000-0000-4000-8000-000000000002",
        name: "HappyHorse",
        type: NODE,
        typeVersion: 1,
        position: [220, 0],
        parameters,
        credentials: credentialRef,
        ...(options.continueOnFail === true ? { onError: "continueRegularOutput" } : {}),
      },
      ...(options.save === true
        ? [{
            id: "00000000-0000-4000-8000-000000000003",
            name: "Save",
            type: "n8n-nodes-base.readWriteFile",
            typeVersion: 1,
            position: [440, 0],
            parameters: { operation: "write", fileName: savedVideo(), dataPropertyName: "data" },
          }]
        : []),
    ],
  }
}

const textToVideo = (prompt: string) => ({ resource: "video", operation: "textToVideo", prompt, duration: 4, ratio: "16:9" })

beforeAll(async () => {
  tarball = await prepareHost()
  // Tasks take 150 s of sandbox time (0.3 s here): long enough that items running together overlap.
  sandbox = await startSandbox({ timeScale: SCALE, seed: 11, testMode: true, faults: { rejectKeyword: "forbidden" }, durations: { fixedMs: 150_000 } })
  const userFolder = mkdtempSync(join(tmpdir(), "hh-n8n-e2e-"))
  mkdirSync(join(userFolder, "files"))
  n8n = await n8nInstance(userFolder, tarball, { HAPPYHORSE_TIME_SCALE: String(SCALE), N8N_RESTRICT_FILE_ACCESS_TO: join(userFolder, "files") })
  await n8n.importJson("credentials", "creds.json", credential(sandbox.urls.tokenbay))
  await n8n.importJson("workflow", "ok.json", [
    workflow("hhWorkflowOk0001", textToVideo("A white horse galloping on a beach at dawn"), { save: true }),
    workflow("hhWorkflowRej001", textToVideo("A forbidden scene")),
    workflow("hhWorkflowCof001", textToVideo("A forbidden scene"), { continueOnFail: true }),
    workflow("hhWorkflowImg001", {
      resource: "video",
      operation: "imageToVideo",
      imageUrl: "https://images.example.com/first-frame.jpg",
      prompt: "The horse turns its head",
      duration: 3,
      options: { downloadBinary: false },
    }),
    // 20 items; every fifth is refused by the gateway, under Continue On Fail.
    workflow(
      "hhWorkflowMany01",
      {
        resource: "video",
        operation: "textToVideo",
        prompt: '={{ $json.n % 5 === 0 ? "A forbidden scene " + $json.n : "Horse number " + $json.n }}',
        duration: 3,
        options: { maxConcurrent: 8, downloadBinary: false },
      },
      { continueOnFail: true, items: 20 },
    ),
  ])
})

afterAll(async () => {
  await sandbox?.close()
  if (n8n !== undefined) rmSync(n8n.userFolder, { recursive: true, force: true })
})

/** `n8n execute --rawOutput` prints the run as JSON, sometimes after log lines. */
const RunOutput = Schema.parseJson(
  Schema.Struct({
    status: Schema.String,
    data: Schema.Struct({
      resultData: Schema.Struct({
        error: Schema.optional(Schema.Struct({ message: Schema.String })),
        runData: Schema.Record({
          key: Schema.String,
          value: Schema.Array(
            Schema.Struct({
              error: Schema.optional(Schema.Struct({ message: Schema.String, description: Schema.optional(Schema.NullOr(Schema.String)) })),
              data: Schema.optional(
                Schema.Struct({
                  main: Schema.Array(
                    Schema.Array(
                      Schema.Struct({
                        json: Schema.Record({ key: Schema.String, value: Schema.Unknown }),
                        binary: Schema.optional(
                          Schema.Record({ key: Schema.String, value: Schema.Struct({ id: Schema.String, mimeType: Schema.String, fileName: Schema.String }) }),
                        ),
                        pairedItem: Schema.optional(Schema.Unknown),
                      }),
                    ),
                  ),
                }),
              ),
            }),
          ),
        }),
      }),
    }),
  }),
)

const parseRun = (stdout: string) => {
  const start = stdout.startsWith("{") ? 0 : stdout.indexOf("\n{") + 1
  const end = stdout.indexOf("\n}", start) + 2
  if (start < 0 || end < 2) throw new Error(`no run JSON in the output: ${stdout.slice(0, 500)}`)
  return Schema.decodeUnknownSync(RunOutput)(stdout.slice(start, end))
}

/** A failed run makes `n8n execute` exit non-zero; its JSON is still on stdout. */
const execute = (id: string) =>
  n8n.cli("execute", `--id=${id}`, "--rawOutput").then(
    (result) => ({ ...result, exitCode: 0 }),
    (error: { stdout?: string; stderr?: string; code?: number }) => ({ stdout: error.stdout ?? "", stderr: error.stderr ?? "", exitCode: error.code ?? 1 }),
  )

describe("the built node inside a real n8n", () => {
  it("text-to-video waits, downloads and returns the task with a binary MP4 of the right duration", async () => {
    const { stdout, stderr, exitCode } = await execute("hhWorkflowOk0001")
    expect(exitCode, `${stderr}\n${stdout.slice(-3000)}`).toBe(0)
    const run = parseRun(stdout)
    expect(run.status).toBe("success")
    const item = run.data.resultData.runData["HappyHorse"]?.[0]?.data?.main[0]?.[0]
    expect(item?.json).toMatchObject({ gateway: "tokenbay", status: "succeeded", fileName: expect.stringMatching(/\.mp4$/) })
    const taskId = item?.json["taskId"]
    expect(typeof taskId).toBe("string")
    expect(sandbox.ledger.snapshot().keys["sk-e2e-n8n"]?.submitsPerTask).toMatchObject({ [String(taskId)]: 1 })

    const binary = item?.binary?.["data"]
    expect(binary?.mimeType).toBe("video/mp4")
    // Filesystem mode: n8n stored the stream, and its own file node wrote it out; measure that file.
    expect(binary?.id).toMatch(/^filesystem-v2:/)
    const bytes = readFileSync(savedVideo())
    expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp")
    expect(bytes.length).toBe(item?.json["bytes"])
    expect(mp4DurationSeconds(bytes)).toBeCloseTo(4, 0)
  })

  it("a content-rejected prompt fails the node with the gateway's reason", async () => {
    const { stdout, exitCode } = await execute("hhWorkflowRej001")
    expect(exitCode).not.toBe(0)
    const run = parseRun(stdout)
    expect(run.status).toBe("error")
    const nodeRun = run.data.resultData.runData["HappyHorse"]?.[0]
    expect(nodeRun?.error?.message).toMatch(/^tokenbay rejected the content/)
    expect(nodeRun?.error?.description).toContain("Rephrase")
  })

  it("under continueOnFail the same prompt becomes an error item and the workflow succeeds", async () => {
    const { stdout, stderr, exitCode } = await execute("hhWorkflowCof001")
    expect(exitCode, stderr).toBe(0)
    const run = parseRun(stdout)
    expect(run.status).toBe("success")
    const item = run.data.resultData.runData["HappyHorse"]?.[0]?.data?.main[0]?.[0]
    expect(item?.json).toMatchObject({ errorType: "ContentRejected", error: expect.stringMatching(/^tokenbay rejected the content/) })
    expect(item?.pairedItem).toEqual({ item: 0 })
  })

  it("image-to-video submits the image and returns the finished task", async () => {
    const { stdout, stderr, exitCode } = await execute("hhWorkflowImg001")
    expect(exitCode, `${stderr}\n${stdout.slice(-3000)}`).toBe(0)
    const item = parseRun(stdout).data.resultData.runData["HappyHorse"]?.[0]?.data?.main[0]?.[0]
    expect(item?.json).toMatchObject({ gateway: "tokenbay", status: "succeeded", videoUrl: expect.stringMatching(/^http/) })
    const taskId = String(item?.json["taskId"])
    const submits = sandbox.ledger.snapshot().keys["sk-e2e-n8n"]?.submits ?? []
    expect(submits.filter((s) => s.taskId === taskId).map((s) => s.kind)).toEqual(["i2v"])
  })
  it("20 items in one execution run together, each paired with its input, refusals as error items", async () => {
    const before = new Set(Object.keys(sandbox.ledger.snapshot().keys["sk-e2e-n8n"]?.submitsPerTask ?? {}))
    const { stdout, stderr, exitCode } = await execute("hhWorkflowMany01")
    expect(exitCode, `${stderr}\n${stdout.slice(-3000)}`).toBe(0)
    const items = parseRun(stdout).data.resultData.runData["HappyHorse"]?.[0]?.data?.main[0] ?? []
    expect(items).toHaveLength(20)
    items.forEach((item, n) => {
      expect(item.pairedItem).toEqual({ item: n })
      if (n % 5 === 0) expect(item.json, `item ${n}`).toMatchObject({ errorType: "ContentRejected" })
      else expect(item.json, `item ${n}`).toMatchObject({ status: "succeeded", taskId: expect.any(String) })
    })
    const ledger = sandbox.ledger.snapshot().keys["sk-e2e-n8n"]
    const fresh = Object.entries(ledger?.submitsPerTask ?? {}).filter(([taskId]) => !before.has(taskId))
    expect(fresh).toHaveLength(16)
    expect(fresh.every(([, count]) => count === 1)).toBe(true)
    expect(new Set(items.map((item) => item.json["taskId"]).filter((id) => id !== undefined)).size).toBe(16)
    // Items ran together: some task was submitted while another was still running (by the sandbox's
    // own record of when each task was accepted and billed). One at a time, that never happens.
    const ids = new Set(fresh.map(([taskId]) => taskId))
    const accepted = (ledger?.submits ?? []).filter((s) => ids.has(s.taskId))
    const billed = new Map((ledger?.charges ?? []).filter((c) => ids.has(c.taskId)).map((c) => [c.taskId, c.sandboxMs]))
    const overlapping = accepted.filter((s) => accepted.some((o) => o.taskId !== s.taskId && o.sandboxMs <= s.sandboxMs && (billed.get(o.taskId) ?? 0) > s.sandboxMs))
    expect(overlapping.length).toBeGreaterThan(0)
  })
})

describe("the HappyHorse Trigger inside a real n8n", () => {
  let server: ChildProcess | undefined
  let trigger: N8nInstance
  let port: number
  const WEBHOOK_ID = "5b0c6f3e-7d1a-4c8e-9f11-2a6b8d4e0c77"
  const files = () => join(trigger.userFolder, "files")
  const runsWritten = () => readdirSync(files()).filter((name) => /^task-\d+\.json$/.test(name))

  beforeAll(async () => {
    const userFolder = mkdtempSync(join(tmpdir(), "hh-n8n-trigger-"))
    mkdirSync(join(userFolder, "files"))
    trigger = await n8nInstance(userFolder, tarball, { HAPPYHORSE_TIME_SCALE: String(SCALE), N8N_RESTRICT_FILE_ACCESS_TO: join(userFolder, "files") })
    await trigger.importJson("credentials", "creds.json", [
      { id: "hhEvolinkCred001", name: "HappyHorse EvoLink", type: "happyHorseApi", data: { gateway: "evolink", apiKey: "sk-e2e-trigger", baseUrl: sandbox.urls.evolink } },
    ])
    await trigger.importJson("workflow", "trigger.json", [
      {
        id: "hhWorkflowTrg001",
        name: "HappyHorse callbacks",
        active: false,
        settings: { executionOrder: "v1" },
        connections: {
          "HappyHorse Trigger": { main: [[{ node: "To JSON", type: "main", index: 0 }]] },
          "To JSON": { main: [[{ node: "Save", type: "main", index: 0 }]] },
        },
        nodes: [
          {
            id: "00000000-0000-4000-8000-000000000011",
            name: "HappyHorse Trigger",
            type: TRIGGER,
            typeVersion: 1,
            position: [0, 0],
            webhookId: WEBHOOK_ID,
            parameters: { event: "taskSucceeded" },
            credentials: { happyHorseApi: { id: "hhEvolinkCred001", name: "HappyHorse EvoLink" } },
          },
          {
            id: "00000000-0000-4000-8000-000000000012",
            name: "To JSON",
            type: "n8n-nodes-base.convertToFile",
            typeVersion: 1.1,
            position: [220, 0],
            parameters: { operation: "toJson", mode: "each", options: {} },
          },
          {
            id: "00000000-0000-4000-8000-000000000013",
            name: "Save",
            type: "n8n-nodes-base.readWriteFile",
            typeVersion: 1,
            position: [440, 0],
            // One file per execution, so the test can count the runs.
            parameters: { operation: "write", fileName: `={{ ${JSON.stringify(join(userFolder, "files"))} + "/task-" + $execution.id + ".json" }}`, dataPropertyName: "data" },
          },
        ],
      },
    ])
    await trigger.cli("publish:workflow", "--id=hhWorkflowTrg001")
    port = await freePort()
    server = await trigger.start(port)
  })

  afterAll(async () => {
    if (server !== undefined) await stop(server)
    if (trigger !== undefined) rmSync(trigger.userFolder, { recursive: true, force: true })
  })

  it("an EvoLink callback, verified against the gateway, starts the workflow with the finished task", async () => {
    // Wait for the workflow's Save node to write the task, by watching its folder (no timers).
    const savedTask = new Promise<string>((resolve) => {
      const watcher = watch(files(), () => {
        const first = runsWritten()[0]
        if (first === undefined) return
        const text = readFileSync(join(files(), first), "utf8").trim()
        if (text.endsWith("}") || text.endsWith("]")) {
          watcher.close()
          resolve(text)
        }
      })
    })
    const client = createClient({ provider: "evolink", apiKey: "sk-e2e-trigger", baseUrl: sandbox.urls.evolink, timeScale: SCALE, allowPrivateCallbackUrls: true })
    const receipt = await client.submit({
      kind: "text-to-video",
      prompt: "A horse jumping a fence",
      duration: 3,
      callbackUrl: `http://127.0.0.1:${port}/webhook/${WEBHOOK_ID}/happyhorse`,
    })
    await client.dispose()
    const task = JSON.parse(await savedTask) as Record<string, unknown> | Array<Record<string, unknown>>
    const item = Array.isArray(task) ? task[0] : task
    expect(item).toMatchObject({ taskId: receipt.taskId, gateway: "evolink", status: "succeeded", videoUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1/) })
    // The gateway called n8n; at 500x its 10 s answer limit is a quarter second, so it may have resent the
    // callback. However often it came, the workflow ran once.
    await sandbox.callbacksIdle()
    const attempts = sandbox.ledger.callbacks("sk-e2e-trigger").filter((c) => c.taskId === receipt.taskId)
    expect(attempts.length).toBeGreaterThanOrEqual(1)
    expect(runsWritten()).toHaveLength(1)
  })

  it("the same callback delivered twice is answered twice and starts one execution", async () => {
    // The gateway calls a relay here, which keeps the body; the test then delivers that body to n8n twice.
    let resolveBody: (body: string) => void = () => undefined
    const captured = new Promise<string>((resolve) => (resolveBody = resolve))
    const readBody = async (req: IncomingMessage) => {
      let text = ""
      for await (const chunk of req) text += String(chunk)
      return text
    }
    const relay = createServer((req, res) => {
      void readBody(req).then((body) => {
        res.writeHead(200, { "content-type": "application/json" }).end("{}")
        resolveBody(body)
      })
    })
    await new Promise<void>((resolve) => relay.listen(0, "127.0.0.1", resolve))
    const address = relay.address()
    const relayUrl = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}/cb`
    const client = createClient({ provider: "evolink", apiKey: "sk-e2e-trigger", baseUrl: sandbox.urls.evolink, timeScale: SCALE, allowPrivateCallbackUrls: true })
    const receipt = await client.submit({ kind: "text-to-video", prompt: "A horse crossing a river", duration: 3, callbackUrl: relayUrl })
    await client.dispose()
    const body = await captured
    await sandbox.callbacksIdle()
    relay.close()

    const runsBefore = runsWritten().length
    const saved = new Promise<void>((resolve) => {
      const watcher = watch(files(), () => {
        if (runsWritten().length > runsBefore) {
          watcher.close()
          resolve()
        }
      })
    })
    const deliver = async () => {
      const response = await fetch(`http://127.0.0.1:${port}/webhook/${WEBHOOK_ID}/happyhorse`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
      })
      return { status: response.status, body: (await response.json()) as Record<string, unknown> }
    }
    const first = await deliver()
    await saved
    const second = await deliver()
    expect(first).toEqual({ status: 200, body: { received: true, started: true } })
    expect(second).toEqual({ status: 200, body: { received: true, started: false, reason: `task ${receipt.taskId} was already handled (a resent callback)` } })
    // n8n answered the second delivery without starting anything; still one saved run for the task.
    const runsForTask = runsWritten().filter((name) => readFileSync(join(files(), name), "utf8").includes(receipt.taskId))
    expect(runsForTask).toHaveLength(1)
  })
})
