import { describe, expect, it } from "@effect/vitest"
import { KEY, call, obj, withSandbox } from "./helpers.js"
import { GATEWAYS, query, submit, t2vBody, taskIdOf, videoUrlOf } from "./kit.js"

const quick = { durations: { fixedMs: 10_000 } }

describe("Range downloads", () => {
  it("answers 206 with Content-Range, 416 when unsatisfiable, 200 without Range", async () => {
    await withSandbox(quick, async (sb) => {
      const id = taskIdOf("evolink", await submit(sb, "evolink", t2vBody("evolink", "range horse")))
      sb.advanceTime(10_000)
      const url = String(videoUrlOf("evolink", await query(sb, "evolink", id)))
      const full = await fetch(url)
      const bytes = new Uint8Array(await full.arrayBuffer())
      expect(full.status).toBe(200)
      expect(full.headers.get("accept-ranges")).toBe("bytes")
      const part = await fetch(url, { headers: { range: "bytes=100-199" } })
      expect(part.status).toBe(206)
      expect(part.headers.get("content-range")).toBe(`bytes 100-199/${bytes.length}`)
      expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.slice(100, 200))
      const tail = await fetch(url, { headers: { range: "bytes=-50" } })
      expect(tail.status).toBe(206)
      expect(new Uint8Array(await tail.arrayBuffer())).toEqual(bytes.slice(bytes.length - 50))
      const open = await fetch(url, { headers: { range: `bytes=${bytes.length - 10}-` } })
      expect((await open.arrayBuffer()).byteLength).toBe(10)
      const beyond = await fetch(url, { headers: { range: `bytes=${bytes.length}-` } })
      expect(beyond.status).toBe(416)
      expect(beyond.headers.get("content-range")).toBe(`bytes */${bytes.length}`)
      // TokenBay's authenticated content endpoint honours Range too.
      const tb = taskIdOf("tokenbay", await submit(sb, "tokenbay", t2vBody("tokenbay", "range horse")))
      sb.advanceTime(10_000)
      const content = await fetch(`${sb.urls.tokenbay}/v1/videos/${tb}/content`, { headers: { authorization: `Bearer ${KEY}`, range: "bytes=0-9" } })
      expect(content.status).toBe(206)
      expect((await content.arrayBuffer()).byteLength).toBe(10)
    })
  })
})

describe("limits", () => {
  it.each(GATEWAYS)("%s: submit rate over the limit gets 429 with Retry-After in the gateway's shape", async (gateway) => {
    await withSandbox({ ...quick, limits: { submitsPerSecond: 2 } }, async (sb) => {
      const replies = []
      for (let i = 0; i < 4; i++) replies.push(await submit(sb, gateway, t2vBody(gateway, `rate horse ${i}`)))
      const statuses = replies.map((r) => r.status)
      expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1)
      const limited = replies.find((r) => r.status === 429)
      expect(Number(limited?.headers.get("retry-after"))).toBeGreaterThanOrEqual(1)
      expect(sb.ledger.rateLimited(KEY)).toBe(statuses.filter((s) => s === 429).length)
      // Other keys have their own budget.
      expect((await submit(sb, gateway, t2vBody(gateway, "other key"), "other-key")).status).toBe(200)
      sb.advanceTime(1_000)
      expect((await submit(sb, gateway, t2vBody(gateway, "after a second"))).status).toBe(200)
    })
  })

  it("concurrent tasks over the limit get 429 until one finishes", async () => {
    await withSandbox({ ...quick, limits: { concurrentTasks: 2 } }, async (sb) => {
      expect((await submit(sb, "evolink", t2vBody("evolink", "a"))).status).toBe(200)
      expect((await submit(sb, "evolink", t2vBody("evolink", "b"))).status).toBe(200)
      const third = await submit(sb, "evolink", t2vBody("evolink", "c"))
      expect(third.status).toBe(429)
      expect(obj(obj(third.body)["error"])["code"]).toBe("rate_limit_exceeded")
      // The limit is per key.
      expect((await submit(sb, "evolink", t2vBody("evolink", "d"), "other-key")).status).toBe(200)
      sb.advanceTime(10_000)
      expect((await submit(sb, "evolink", t2vBody("evolink", "c"))).status).toBe(200)
    })
  })
})

describe("faults", () => {
  it("serverErrorRate answers 500s in each gateway's shape and can be turned off at run time", async () => {
    await withSandbox({ ...quick, faults: { serverErrorRate: 1 } }, async (sb) => {
      const ttapi = await submit(sb, "ttapi", t2vBody("ttapi", "x"))
      expect(ttapi.status).toBe(500)
      expect(obj(ttapi.body)["status"]).toBe("FAILED")
      const ace = await submit(sb, "acedata", t2vBody("acedata", "x"))
      expect(obj(obj(ace.body)["error"])["code"]).toBe("api_error")
      expect(sb.ledger.requests(KEY).filter((r) => r.fault === "server_error")).toHaveLength(2)
      sb.setFaults({ serverErrorRate: 0 })
      expect((await submit(sb, "ttapi", t2vBody("ttapi", "x"))).status).toBe(200)
    })
  })

  it("resetRate drops the connection", async () => {
    await withSandbox({ ...quick, faults: { resetRate: 1 } }, async (sb) => {
      await expect(submit(sb, "evolink", t2vBody("evolink", "x"))).rejects.toThrow()
      expect(sb.ledger.requests(KEY).some((r) => r.fault === "reset")).toBe(true)
      expect(sb.ledger.submits()).toHaveLength(0)
    })
  })

  it("slowReplyMs delays replies", async () => {
    await withSandbox({ ...quick, faults: { slowReplyMs: 150 } }, async (sb) => {
      const started = Date.now()
      expect((await submit(sb, "evolink", t2vBody("evolink", "x"))).status).toBe(200)
      expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    })
  })

  it("truncateDownloadRate cuts downloads short", async () => {
    await withSandbox(quick, async (sb) => {
      const id = taskIdOf("evolink", await submit(sb, "evolink", t2vBody("evolink", "truncated horse")))
      sb.advanceTime(10_000)
      const url = String(videoUrlOf("evolink", await query(sb, "evolink", id)))
      const size = (await (await fetch(url)).arrayBuffer()).byteLength
      sb.setFaults({ truncateDownloadRate: 1 })
      const outcome = await fetch(url)
        .then((r) => r.arrayBuffer())
        .then((b) => b.byteLength)
        .catch(() => -1)
      expect(outcome).toBeLessThan(size)
      expect(sb.ledger.requests().some((r) => r.kind === "file" && r.fault === "truncated")).toBe(true)
    })
  })

  it("taskFailureRate fails tasks in each gateway's vocabulary, and failed tasks are not billed", async () => {
    await withSandbox({ ...quick, faults: { taskFailureRate: 1 } }, async (sb) => {
      const ids = await Promise.all(GATEWAYS.map(async (g) => [g, taskIdOf(g, await submit(sb, g, t2vBody(g, "doomed horse")))] as const))
      sb.advanceTime(10_000)
      for (const [g, id] of ids) {
        const body = obj((await query(sb, g, id)).body)
        if (g === "ttapi" || g === "dashscope") expect(obj(body["output"])).toMatchObject({ task_status: "FAILED", code: "InternalError" })
        if (g === "tokenbay") expect(body["status"]).toBe("failed")
        if (g === "evolink") expect(body["status"]).toBe("failed")
        if (g === "acedata") expect(obj(body["response"])["success"]).toBe(false)
      }
      expect(sb.ledger.charges()).toHaveLength(0)
    })
  })

  it("rejectKeyword refuses prompts by content review; noBalanceKeys refuse a key", async () => {
    await withSandbox({ ...quick, faults: { rejectKeyword: "Blood", noBalanceKeys: ["broke"] } }, async (sb) => {
      const rejected = await submit(sb, "acedata", t2vBody("acedata", "a bloody horse"))
      expect(rejected.status).toBe(403)
      expect(obj(obj(rejected.body)["error"])["code"]).toBe("forbidden")
      const broke = await submit(sb, "evolink", t2vBody("evolink", "a horse"), "broke")
      expect(broke.status).toBe(402)
      const tokenbay = await submit(sb, "tokenbay", t2vBody("tokenbay", "a horse"), "broke")
      expect(tokenbay.status).toBe(200)
      expect(obj(obj(tokenbay.body)["error"])["code"]).toBe("insufficient_user_quota")
      expect(sb.ledger.submits()).toHaveLength(0)
    })
  })

  it("faults can be read and changed through the admin endpoint", async () => {
    await withSandbox(quick, async (sb) => {
      const changed = await call(`${sb.origin}/__admin/faults`, { method: "POST", body: JSON.stringify({ serverErrorRate: 1 }) })
      expect(obj(changed.body)["serverErrorRate"]).toBe(1)
      expect(sb.faults().serverErrorRate).toBe(1)
      expect((await submit(sb, "dashscope", t2vBody("dashscope", "x"))).status).toBe(500)
    })
  })

  it("fault draws are deterministic for a seed", async () => {
    const run = () =>
      withSandbox({ ...quick, seed: 42, faults: { serverErrorRate: 0.5 } }, async (sb) => {
        const statuses: Array<number> = []
        for (let i = 0; i < 20; i++) statuses.push((await submit(sb, "evolink", t2vBody("evolink", `h${i}`))).status)
        return statuses
      })
    const first = await run()
    expect(first).toContain(500)
    expect(first).toContain(200)
    expect(await run()).toEqual(first)
  })
})
