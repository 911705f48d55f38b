import { describe, expect, it } from "@effect/vitest"
import { KEY, bearerAuth, call, obj, postJson, withSandbox } from "./helpers.js"
import { GATEWAYS, query, submit, t2vBody, taskIdOf, videoUrlOf, type Gateway } from "./kit.js"

// Fixed 100 s tasks at real-time scale; time moves only by advanceTime, so states are exact.
const opts = { durations: { fixedMs: 100_000 } }

const stateOf = (gateway: Gateway, body: unknown): string => {
  const b = obj(body)
  switch (gateway) {
    case "ttapi":
    case "dashscope":
      return String(obj(b["output"])["task_status"])
    case "tokenbay":
    case "evolink":
      return String(b["status"])
    case "acedata":
      return String(obj((obj(b["response"])["data"] as ReadonlyArray<unknown>)[0])["state"])
  }
}

const EXPECTED: Record<Gateway, readonly [string, string]> = {
  ttapi: ["PENDING", "SUCCEEDED"],
  dashscope: ["PENDING", "SUCCEEDED"],
  tokenbay: ["queued", "completed"],
  evolink: ["pending", "completed"],
  acedata: ["pending", "succeeded"],
}

describe("task lifecycle", () => {
  it.each(GATEWAYS)("%s: queued, then running, then done with a downloadable video URL", async (gateway) => {
    await withSandbox(opts, async (sb) => {
      const receipt = await submit(sb, gateway, t2vBody(gateway, "lifecycle horse"))
      expect(receipt.status).toBe(200)
      const id = taskIdOf(gateway, receipt)
      expect(stateOf(gateway, (await query(sb, gateway, id)).body)).toBe(EXPECTED[gateway][0])
      sb.advanceTime(60_000)
      const mid = stateOf(gateway, (await query(sb, gateway, id)).body)
      expect(mid).not.toBe(EXPECTED[gateway][0])
      expect(mid).not.toBe(EXPECTED[gateway][1])
      sb.advanceTime(41_000)
      const done = await query(sb, gateway, id)
      expect(stateOf(gateway, done.body)).toBe(EXPECTED[gateway][1])
      const url = videoUrlOf(gateway, done)
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/files\/[a-z0-9]+\.mp4$/)
      const head = await fetch(String(url), { method: "HEAD" })
      expect(head.status).toBe(200)
      expect(head.headers.get("content-type")).toBe("video/mp4")
    })
  })

  it("progress never goes down and stays below 100 until done (EvoLink)", async () => {
    await withSandbox(opts, async (sb) => {
      const id = taskIdOf("evolink", await submit(sb, "evolink", t2vBody("evolink", "progress horse")))
      const seen: Array<number> = []
      for (let i = 0; i < 11; i++) {
        seen.push(Number(obj((await query(sb, "evolink", id)).body)["progress"]))
        sb.advanceTime(10_000)
      }
      expect(seen).toEqual([...seen].sort((a, b) => a - b))
      expect(seen[0]).toBe(0)
      expect(seen.slice(0, 10).every((p) => p < 100)).toBe(true)
      expect(seen[10]).toBe(100)
    })
  })

  it("TokenBay speaks OpenAI's video object and the /v1/video/generations alias", async () => {
    await withSandbox(opts, async (sb) => {
      const receipt = await postJson(`${sb.urls.tokenbay}/v1/video/generations`, t2vBody("tokenbay", "alias horse"), bearerAuth())
      const body = obj(receipt.body)
      expect(body).toMatchObject({ object: "video", status: "QUEUED", progress: 0, model: "happyhorse-1.0-t2v" })
      expect(body["id"]).toBe(body["task_id"])
      expect(String(body["id"])).toMatch(/^task_/)
      const id = String(body["id"])
      const alias = async () => obj(obj((await call(`${sb.urls.tokenbay}/v1/video/generations/${id}`, { headers: bearerAuth() })).body)["data"])
      expect(await alias()).toMatchObject({ task_id: id, status: "QUEUED", progress: "0%" })
      sb.advanceTime(60_000)
      const running = await alias()
      expect(running["status"]).toBe("IN_PROGRESS")
      expect(String(running["progress"])).toMatch(/^\d+%$/)
      const video = obj((await call(`${sb.urls.tokenbay}/v1/videos/${id}`, { headers: bearerAuth() })).body)
      expect(video).toMatchObject({ id, object: "video", status: "in_progress", completed_at: null })
      expect(typeof video["progress"]).toBe("number")
      sb.advanceTime(50_000)
      expect(await alias()).toMatchObject({ status: "SUCCESS", progress: "100%", result_url: `/v1/videos/${id}/content` })
      const done = obj((await call(`${sb.urls.tokenbay}/v1/videos/${id}`, { headers: bearerAuth() })).body)
      expect(done).toMatchObject({ status: "completed", progress: 100, size: "1280x720", seconds: "5" })
      expect(typeof done["completed_at"]).toBe("number")
      const content = await fetch(`${sb.urls.tokenbay}/v1/videos/${id}/content`, { headers: bearerAuth() })
      expect(content.status).toBe(200)
      expect(content.headers.get("content-type")).toBe("video/mp4")
      expect((await content.arrayBuffer()).byteLength).toBeGreaterThan(1000)
    })
  })

  it("TokenBay accepts multipart bodies the way OpenAI's SDK sends them", async () => {
    await withSandbox(opts, async (sb) => {
      const form = new FormData()
      form.append("model", "happyhorse-1.0-i2v")
      form.append("prompt", "multipart horse")
      form.append("seconds", "8")
      form.append("size", "720P")
      form.append("input_reference", new Blob([new Uint8Array([137, 80, 78, 71])], { type: "image/png" }), "horse.png")
      form.append("metadata", JSON.stringify({ watermark: false }))
      const reply = await call(`${sb.urls.tokenbay}/v1/videos`, { method: "POST", headers: bearerAuth(), body: form })
      expect(reply.status).toBe(200)
      expect(obj(reply.body)).toMatchObject({ object: "video", model: "happyhorse-1.0-i2v" })
      const id = String(obj(reply.body)["id"])
      const video = obj((await call(`${sb.urls.tokenbay}/v1/videos/${id}`, { headers: bearerAuth() })).body)
      expect(video["seconds"]).toBe("8")
      const bad = new FormData()
      bad.append("model", "happyhorse-1.0-t2v")
      bad.append("prompt", "x")
      bad.append("size", "4K")
      const rejected = await call(`${sb.urls.tokenbay}/v1/videos`, { method: "POST", headers: bearerAuth(), body: bad })
      expect(rejected.status).toBe(200)
      expect(obj(obj(rejected.body)["error"])["type"]).toBe("invalid_request_error")
    })
  })

  it("ids and result URLs expire after 24 h of sandbox time", async () => {
    await withSandbox({ durations: { fixedMs: 10_000 } }, async (sb) => {
      const ids = Object.fromEntries(
        await Promise.all(GATEWAYS.map(async (g) => [g, taskIdOf(g, await submit(sb, g, t2vBody(g, "expiring horse")))] as const)),
      ) as Record<Gateway, string>
      sb.advanceTime(11_000)
      const url = String(videoUrlOf("ttapi", await query(sb, "ttapi", ids.ttapi)))
      expect((await fetch(url, { method: "HEAD" })).status).toBe(200)
      sb.advanceTime(24 * 3_600_000)
      expect(obj(obj((await query(sb, "ttapi", ids.ttapi)).body)["output"])["task_status"]).toBe("UNKNOWN")
      expect(obj(obj((await query(sb, "dashscope", ids.dashscope)).body)["output"])["task_status"]).toBe("UNKNOWN")
      expect((await query(sb, "tokenbay", ids.tokenbay)).status).toBe(404)
      expect((await query(sb, "evolink", ids.evolink)).status).toBe(404)
      expect((await query(sb, "acedata", ids.acedata)).status).toBe(404)
      const cdn = await call(url)
      expect(cdn.status).toBe(403)
      expect(String(cdn.body)).toContain("AccessDenied")
      expect((await call(url.replace(/\/files\/[a-z0-9]+/, "/files/doesnotexist"))).status).toBe(404)
    })
  })

  it("a key cannot see another key's tasks", async () => {
    await withSandbox(opts, async (sb) => {
      const id = taskIdOf("evolink", await submit(sb, "evolink", t2vBody("evolink", "private horse")))
      expect((await query(sb, "evolink", id, "someone-else")).status).toBe(404)
      expect((await query(sb, "evolink", id, KEY)).status).toBe(200)
    })
  })
})
