import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import * as Schema from "effect/Schema"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, watch } from "node:fs"
import { createServer as createNetServer, type AddressInfo } from "node:net"
import type { ChildProcess } from "node:child_process"
import { createClient } from "@happyhorse/core/node"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { mp4DurationSeconds } from "../support/mp4Duration.js"
import { n8nInstance, type N8nInstance, prepareHost, stop } from "./n8nHost.js"

const SCALE = 500

let sandbox: Sandbox
let n8n: N8nInstance

const credential = (baseUrl: string) => [
  { id: "hhSandboxCred01", name: "HappyHorse sandbox", type: "happyHorseApi", data: { gateway: "tokenbay", apiKey: "sk-e2e-n8n", baseUrl } },
]

/** Where the workflow's last node writes the MP4, through n8n's own file node. */
const savedVideo = () => join(n8n.userFolder, "files", "video.mp4")

const workflow = (id: string, prompt: string, continueOnFail: boolean, save: boolean) => ({
  id,
  name: `HappyHorse ${id}`,
  active: false,
  settings: { executionOrder: "v1" },
  connections: {
    Start: { main: [[{ node: "HappyHorse", type: "main", index: 0 }]] },
    ...(save ? { HappyHorse: { main: [[{ node: "Save", type: "main", index: 0 }]] } } : {}),
  },
  nodes: [
    { id: "00000000-0000-4000-8000-000000000001", name: "Start", type: "n8n-nodes-base.manualTrigger", typeVersion: 1, position: [0, 0], parameters: {} },
    {
      id: "00000000-0000-4000-8000-000000000002",
      name: "HappyHorse",
      type: "CUSTOM.happyHorse",
      typeVersion: 1,
      position: [220, 0],
      parameters: { resource: "video", operation: "textToVideo", prompt, duration: 4, ratio: "16:9" },
      credentials: { happyHorseApi: { id: "hhSandboxCred01", name: "HappyHorse sandbox" } },
      ...(continueOnFail ? { onError: "continueRegularOutput" } : {}),
    },
    ...(save ? [{
      id: "00000000-0000-4000-8000-000000000003",
      name: "Save",
      type: "n8n-nodes-base.readWriteFile",
      typeVersion: 1,
      position: [440, 0],
      parameters: { operation: "write", fileName: savedVideo(), dataPropertyName: "data" },
    }] : []),
  ],
})

beforeAll(async () => {
  await prepareHost()
  sandbox = await startSandbox({ timeScale: SCALE, seed: 11, testMode: true, faults: { rejectKeyword: "forbidden" }, durations: { fixedMs: 30_000 } })
  const userFolder = mkdtempSync(join(tmpdir(), "hh-n8n-e2e-"))
  mkdirSync(join(userFolder, "files"))
  n8n = await n8nInstance(userFolder, { HAPPYHORSE_TIME_SCALE: String(SCALE), N8N_RESTRICT_FILE_ACCESS_TO: join(userFolder, "files") })
  await n8n.importJson("credentials", "creds.json", credential(sandbox.urls.tokenbay))
  await n8n.importJson("workflow", "ok.json", [
    workflow("hhWorkflowOk0001", "A white horse galloping on a beach at dawn", false, true),
    workflow("hhWorkflowRej001", "A forbidden scene", false, false),
    workflow("hhWorkflowCof001", "A forbidden scene", true, false),
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
})

/** A free loopback port, for n8n's server. */
const freePort = () =>
  new Promise<number>((resolve) => {
    const probe = createNetServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
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
    trigger = await n8nInstance(userFolder, { HAPPYHORSE_TIME_SCALE: String(SCALE), N8N_RESTRICT_FILE_ACCESS_TO: join(userFolder, "files") })
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
            type: "CUSTOM.happyHorseTrigger",
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
})
