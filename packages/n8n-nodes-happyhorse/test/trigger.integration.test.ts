import { createClient } from "@happyhorse/core/node"
import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { createServer, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { HappyHorseTrigger } from "../nodes/HappyHorseTrigger/HappyHorseTrigger.node.js"
import { receiveCallback } from "../nodes/HappyHorseTrigger/receiveCallback.js"
import { makeRecentTasks } from "../nodes/HappyHorseTrigger/recentTasks.js"

const SCALE = 500
const knobs = { timeScale: SCALE, allowPrivateCallbackUrls: true }
const services = () => ({ makeClient: createClient, knobs, recent: makeRecentTasks() })

let sandbox: Sandbox
let server: Server
let hookUrl: string
/** Callback bodies by path, as the sandbox POSTs them. */
const waiting = new Map<string, (body: unknown) => void>()

const nextCallback = (path: string) => new Promise<unknown>((resolve) => waiting.set(path, resolve))

beforeAll(async () => {
  sandbox = await startSandbox({ timeScale: SCALE, seed: 5, testMode: true, durations: { fixedMs: 20_000 } })
  server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" }).end("{}")
      waiting.get(req.url ?? "")?.(JSON.parse(Buffer.concat(chunks).toString("utf8")))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  await sandbox.close()
})

describe.each(["evolink", "acedata"] as const)("HappyHorse Trigger with %s callbacks", (gateway) => {
  const credentials = () => ({ gateway, apiKey: `sk-trigger-${gateway}`, baseUrl: sandbox.urls[gateway] })

  const submitWithCallback = async (path: string, prompt: string) => {
    const client = createClient({ provider: gateway, apiKey: `sk-trigger-${gateway}`, baseUrl: sandbox.urls[gateway], ...knobs })
    const body = nextCallback(path)
    const receipt = await client.submit({ kind: "text-to-video", prompt, duration: 3, callbackUrl: `${hookUrl}${path}` })
    await client.dispose()
    return { taskId: receipt.taskId, body: await body }
  }

  it("starts the workflow with the task as the gateway reports it", async () => {
    const { taskId, body } = await submitWithCallback(`/${gateway}/ok`, "a horse at sunset")
    const response = await receiveCallback({ workflowId: "wf", body, credentials: credentials(), onlySucceeded: false, staticData: {} }, services())
    expect(response.webhookResponse).toEqual({ received: true, started: true })
    expect(response.workflowData?.[0]?.[0]?.json).toMatchObject({ taskId, gateway, status: "succeeded", videoUrl: expect.stringMatching(/^http/) })
  })

  it("a resent callback does not start the workflow twice, per workflow", async () => {
    const { taskId, body } = await submitWithCallback(`/${gateway}/twice`, "a horse twice")
    const shared = { makeClient: createClient, knobs, recent: makeRecentTasks() }
    const staticA = {}
    const first = await receiveCallback({ workflowId: "wf-a", body, credentials: credentials(), onlySucceeded: false, staticData: staticA }, shared)
    const again = await receiveCallback({ workflowId: "wf-a", body, credentials: credentials(), onlySucceeded: false, staticData: staticA }, shared)
    const other = await receiveCallback({ workflowId: "wf-b", body, credentials: credentials(), onlySucceeded: false, staticData: {} }, shared)
    expect(first.workflowData).toHaveLength(1)
    expect(again.workflowData).toBeUndefined()
    expect(again.webhookResponse).toMatchObject({ started: false, reason: `task ${taskId} was already handled (a resent callback)` })
    expect(other.workflowData).toHaveLength(1)
  })

  it("remembers a handled callback in the workflow's static data, across a restart of n8n", async () => {
    const { taskId, body } = await submitWithCallback(`/${gateway}/restart`, "a horse after a restart")
    const staticData = {}
    const before = await receiveCallback({ workflowId: "wf", body, credentials: credentials(), onlySucceeded: false, staticData }, services())
    expect(before.workflowData).toHaveLength(1)
    expect(staticData).toEqual({ handledTasks: [`${gateway}:${taskId}`] })
    // A new process: nothing in memory, only the static data n8n saved and loads again.
    const after = await receiveCallback({ workflowId: "wf", body, credentials: credentials(), onlySucceeded: false, staticData: structuredClone(staticData) }, services())
    expect(after.workflowData).toBeUndefined()
    expect(after.webhookResponse).toMatchObject({ started: false, reason: `task ${taskId} was already handled (a resent callback)` })
  })

  it("trusts only the task id of a body: a forged video URL never reaches the workflow", async () => {
    const { body } = await submitWithCallback(`/${gateway}/forged`, "a horse in the snow")
    const forged = JSON.parse(JSON.stringify(body).replaceAll(sandbox.origin, "https://attacker.example.com"))
    const response = await receiveCallback({ workflowId: "wf", body: forged, credentials: credentials(), onlySucceeded: true, staticData: {} }, services())
    expect(response.workflowData?.[0]?.[0]?.json["videoUrl"]).toMatch(new RegExp(`^${sandbox.origin}`))
  })

  it("refuses a body for a task the gateway does not know, and a body that is not a callback", async () => {
    const { taskId, body } = await submitWithCallback(`/${gateway}/unknown`, "a horse in the rain")
    const unknown = JSON.parse(JSON.stringify(body).replaceAll(taskId, "task_doesnotexist000000000"))
    const refused = await receiveCallback({ workflowId: "wf", body: unknown, credentials: credentials(), onlySucceeded: false, staticData: {} }, services())
    expect(refused.workflowData).toBeUndefined()
    expect(refused.webhookResponse).toMatchObject({ started: false })

    const garbage = await receiveCallback({ workflowId: "wf", body: { hello: "world" }, credentials: credentials(), onlySucceeded: false, staticData: {} }, services())
    expect(garbage.workflowData).toBeUndefined()
    expect(garbage.webhookResponse).toMatchObject({ started: false, reason: expect.stringContaining(`not a ${gateway} callback`) })
  })
})

describe("HappyHorse Trigger setup", () => {
  it("refuses callbacks for a gateway that sends none", async () => {
    const response = await receiveCallback(
      { workflowId: "wf", body: {}, credentials: { gateway: "tokenbay", apiKey: "k", baseUrl: "http://127.0.0.1:9" }, onlySucceeded: false, staticData: {} },
      services(),
    )
    expect(response.webhookResponse).toMatchObject({ started: false, reason: expect.stringContaining("sends no callbacks") })
  })

  it("is a POST webhook trigger that needs the HappyHorse API credential", () => {
    const description = new HappyHorseTrigger().description
    expect(description.group).toEqual(["trigger"])
    expect(description.webhooks).toEqual([{ name: "default", httpMethod: "POST", responseMode: "onReceived", responseData: "", path: "happyhorse" }])
    expect(description.credentials).toEqual([{ name: "happyHorseApi", required: true, testedBy: "happyHorseApiTest" }])
  })
})
