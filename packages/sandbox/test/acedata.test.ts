import { describe, expect, it } from "@effect/vitest"
import { KEY, bearerAuth, obj, postJson, withSandbox } from "./helpers.js"

// 100x: a 60 s task streams for 600 ms of real time, a snapshot every 50 ms.
const opts = { timeScale: 100, durations: { fixedMs: 60_000 } }

describe("AceData modes", () => {
  it("blocks until the video is done without async or callback", async () => {
    await withSandbox(opts, async (sb) => {
      const reply = await postJson(`${sb.urls.acedata}/happyhorse/videos`, { prompt: "blocking horse", resolution: "720P" }, bearerAuth())
      expect(reply.status).toBe(200)
      const body = obj(reply.body)
      expect(body).toMatchObject({ success: true })
      expect(typeof body["trace_id"]).toBe("string")
      const item = obj((body["data"] as ReadonlyArray<unknown>)[0])
      expect(item).toMatchObject({ state: "succeeded", duration: 5, resolution: "720P", ratio: null })
      expect(sb.ledger.charges(KEY)).toHaveLength(1)
    })
  })

  it("streams NDJSON snapshots pending -> running -> succeeded, trace_id on the last line", async () => {
    await withSandbox(opts, async (sb) => {
      const response = await fetch(`${sb.urls.acedata}/happyhorse/videos`, {
        method: "POST",
        headers: { ...bearerAuth(), accept: "application/x-ndjson", "content-type": "application/json" },
        body: JSON.stringify({ action: "generate", prompt: "streaming horse" }),
      })
      expect(response.headers.get("content-type")).toContain("application/x-ndjson")
      const lines = (await response.text()).trim().split("\n").map((l) => obj(JSON.parse(l)))
      const states = lines.map((l) => String(obj((l["data"] as ReadonlyArray<unknown>)[0])["state"]))
      const order = ["pending", "running", "succeeded"]
      expect(states[0]).toBe("pending")
      expect(states.at(-1)).toBe("succeeded")
      expect(states.every((s, i) => i === 0 || order.indexOf(s) >= order.indexOf(states[i - 1] ?? ""))).toBe(true)
      expect(states).toContain("running")
      expect(lines.at(-1)?.["trace_id"]).toBeDefined()
      expect(lines.slice(0, -1).every((l) => l["trace_id"] === undefined)).toBe(true)
    })
  })

  it("retrieves one task and a batch of at most 50", async () => {
    await withSandbox({ durations: { fixedMs: 60_000 } }, async (sb) => {
      const ids: Array<string> = []
      for (let i = 0; i < 3; i++) {
        const r = await postJson(`${sb.urls.acedata}/happyhorse/videos`, { prompt: `async ${i}`, async: true }, bearerAuth())
        ids.push(String(obj(r.body)["task_id"]))
      }
      const one = obj((await postJson(`${sb.urls.acedata}/happyhorse/tasks`, { id: ids[0], action: "retrieve" }, bearerAuth())).body)
      expect(one).toMatchObject({ id: ids[0], type: "videos", request: { prompt: "async 0", async: true } })
      expect(typeof one["created_at"]).toBe("number")
      sb.advanceTime(60_000)
      const batch = obj((await postJson(`${sb.urls.acedata}/happyhorse/tasks`, { ids, action: "retrieve_batch" }, bearerAuth())).body)
      expect(batch["count"]).toBe(3)
      const items = (batch["items"] as ReadonlyArray<unknown>).map(obj)
      expect(items.map((i) => obj(i["response"])["trace_id"])).toHaveLength(3)
      expect(items.every((i) => typeof i["finished_at"] === "number" && typeof i["elapsed"] === "number")).toBe(true)
      const tooMany = await postJson(`${sb.urls.acedata}/happyhorse/tasks`, { ids: Array.from({ length: 51 }, (_, i) => `id${i}`), action: "retrieve_batch" }, bearerAuth())
      expect(tooMany.status).toBe(400)
      expect(obj(obj(tooMany.body)["error"])["code"]).toBe("bad_request")
    })
  })
})
