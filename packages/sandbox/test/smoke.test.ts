import { describe, expect, it } from "@effect/vitest"
import { KEY, bearerAuth, call, dashAuth, obj, postJson, ttAuth, withSandbox } from "./helpers.js"

describe("smoke", () => {
  it("starts and serves every dialect", async () => {
    await withSandbox({ durations: { fixedMs: 10_000 } }, async (sb) => {
      const t = await postJson(`${sb.urls.ttapi}/happyhorse/api/v1/services/aigc/video-generation/video-synthesis`, {
        model: "happyhorse-1.0-t2v",
        input: { prompt: "a horse" },
        parameters: { resolution: "720P", ratio: "16:9", duration: 5 },
      }, ttAuth())
      expect(t.status).toBe(200)
      const taskId = String(obj(obj(t.body)["output"])["task_id"])
      sb.advanceTime(10_000)
      const q = await call(`${sb.urls.ttapi}/happyhorse/api/v1/tasks/${taskId}`, { headers: ttAuth() })
      expect(obj(obj(q.body)["output"])["task_status"]).toBe("SUCCEEDED")
      const d = await postJson(`${sb.urls.dashscope}/api/v1/services/aigc/video-generation/video-synthesis`, {
        model: "happyhorse-1.1-t2v", input: { prompt: "a horse" },
      }, dashAuth())
      expect(d.status).toBe(200)
      const tb = await postJson(`${sb.urls.tokenbay}/v1/videos`, { model: "happyhorse-1.0-t2v", prompt: "a horse" }, bearerAuth())
      expect(obj(tb.body)["object"]).toBe("video")
      const ev = await postJson(`${sb.urls.evolink}/v1/videos/generations`, { model: "happyhorse-1.1-text-to-video", prompt: "a horse" }, bearerAuth())
      expect(obj(ev.body)["status"]).toBe("pending")
      const ac = await postJson(`${sb.urls.acedata}/happyhorse/videos`, { action: "generate", prompt: "a horse", resolution: "720P" }, bearerAuth())
      expect(ac.status).toBe(200)
      expect(obj(ac.body)["success"]).toBe(true)
      expect(sb.ledger.submits(KEY)).toHaveLength(5)
    })
  })
})
