import { describe, expect, it } from "@effect/vitest"
import { call, obj, postJson, withSandbox } from "./helpers.js"
import { GATEWAYS, headersFor, submit, submitPath, type Gateway } from "./kit.js"

const opts = { durations: { fixedMs: 3_600_000 } }

/** The error object or body of each gateway's error reply, with the status each gateway uses for a bad request. */
const BAD_REQUEST_STATUS: Record<Gateway, number> = { ttapi: 400, dashscope: 400, tokenbay: 200, evolink: 400, acedata: 400 }

const expectBadRequest = (gateway: Gateway, reply: { status: number; body: unknown }) => {
  expect(reply.status).toBe(BAD_REQUEST_STATUS[gateway])
  const body = obj(reply.body)
  switch (gateway) {
    case "ttapi":
      expect(body["status"]).toBe("FAILED")
      expect(typeof body["message"]).toBe("string")
      break
    case "dashscope":
      expect(body["code"]).toBe("InvalidParameter")
      expect(typeof body["request_id"]).toBe("string")
      break
    case "tokenbay":
      expect(obj(body["error"])["type"]).toBe("invalid_request_error")
      break
    case "evolink":
      expect(obj(body["error"])).toMatchObject({ code: "invalid_parameter", type: "invalid_request_error" })
      break
    case "acedata":
      expect(obj(body["error"])["code"]).toBe("bad_request")
      expect(typeof body["trace_id"]).toBe("string")
      break
  }
}

const BAD_BODIES: Record<Gateway, ReadonlyArray<readonly [string, unknown]>> = {
  ttapi: [
    ["unknown top-level field", { model: "happyhorse-1.1-t2v", input: { prompt: "x" }, colour: "red" }],
    ["unknown parameter", { model: "happyhorse-1.1-t2v", input: { prompt: "x" }, parameters: { fps: 30 } }],
    ["missing prompt for t2v", { model: "happyhorse-1.1-t2v", input: {} }],
    ["unknown model", { model: "happyhorse-9-t2v", input: { prompt: "x" } }],
    ["lowercase resolution", { model: "happyhorse-1.1-t2v", input: { prompt: "x" }, parameters: { resolution: "720p" } }],
    ["duration 16", { model: "happyhorse-1.1-t2v", input: { prompt: "x" }, parameters: { duration: 16 } }],
    ["i2v without first frame", { model: "happyhorse-1.1-i2v", input: { prompt: "x" } }],
    ["r2v with 10 images", { model: "happyhorse-1.1-r2v", input: { prompt: "x", media: Array.from({ length: 10 }, () => ({ type: "reference_image", url: "https://a.example/x.png" })) } }],
    ["edit without video", { model: "happyhorse-1.0-video-edit", input: { prompt: "x", media: [] } }],
    ["prompt over 5000", { model: "happyhorse-1.1-t2v", input: { prompt: "a".repeat(5001) } }],
    ["Chinese prompt over 2500", { model: "happyhorse-1.1-t2v", input: { prompt: "马".repeat(2501) } }],
  ],
  dashscope: [
    ["unknown field", { model: "happyhorse-1.1-t2v", input: { prompt: "x", negative: "y" } }],
    ["seed out of range", { model: "happyhorse-1.1-t2v", input: { prompt: "x" }, parameters: { seed: 2147483648 } }],
  ],
  tokenbay: [
    ["unknown field", { model: "happyhorse-1.0-t2v", prompt: "x", quality: "high" }],
    ["size 4K", { model: "happyhorse-1.0-t2v", prompt: "x", size: "4K" }],
    ["1.1 model (not listed)", { model: "happyhorse-1.1-t2v", prompt: "x" }],
    ["i2v with no image", { model: "happyhorse-1.0-i2v", prompt: "x" }],
    ["r2v with no media", { model: "happyhorse-1.0-r2v", prompt: "x" }],
    ["bad ratio", { model: "happyhorse-1.0-t2v", prompt: "x", metadata: { ratio: "2:1" } }],
    ["reference_type on t2v", { model: "happyhorse-1.0-t2v", prompt: "x", metadata: { reference_type: "style" } }],
  ],
  evolink: [
    ["unknown field", { model: "happyhorse-1.1-text-to-video", prompt: "x", size: "720P" }],
    ["uppercase quality", { model: "happyhorse-1.1-text-to-video", prompt: "x", quality: "720P" }],
    ["seed 0", { model: "happyhorse-1.1-text-to-video", prompt: "x", seed: 0 }],
    ["aspect_ratio on i2v", { model: "happyhorse-1.1-image-to-video", image_urls: ["https://a.example/x.png"], aspect_ratio: "16:9" }],
    ["1.1 edit does not exist", { model: "happyhorse-1.1-video-edit", prompt: "x", video_urls: ["https://a.example/x.mp4"] }],
    ["http callback", { model: "happyhorse-1.1-text-to-video", prompt: "x", callback_url: "http://hooks.example.com/cb" }],
    ["private callback", { model: "happyhorse-1.1-text-to-video", prompt: "x", callback_url: "https://192.168.1.10/cb" }],
    ["loopback callback", { model: "happyhorse-1.1-text-to-video", prompt: "x", callback_url: "https://127.0.0.1:8443/cb" }],
    ["long callback", { model: "happyhorse-1.1-text-to-video", prompt: "x", callback_url: `https://hooks.example.com/${"a".repeat(2040)}` }],
  ],
  acedata: [
    ["unknown field", { action: "generate", prompt: "x", size: "720P", async: true }],
    ["action and model do not match", { action: "generate", model: "happyhorse-1.1-i2v", prompt: "x", async: true }],
    ["image_to_video without image_url", { action: "image_to_video", prompt: "x", async: true }],
    ["video_edit without video_url", { action: "video_edit", prompt: "x", async: true }],
    ["edit with 1.1 model", { action: "video_edit", model: "happyhorse-1.1-video-edit", prompt: "x", video_url: "https://a.example/v.mp4", async: true }],
    ["duration 2", { action: "generate", prompt: "x", duration: 2, async: true }],
    ["audio_setting on generate", { action: "generate", prompt: "x", audio_setting: "origin", async: true }],
    ["unknown action", { action: "upscale", prompt: "x", async: true }],
  ],
}

describe("request validation in each gateway's own error shape", () => {
  for (const gateway of GATEWAYS) {
    it.each(BAD_BODIES[gateway])(`${gateway}: rejects %s`, async (_label, body) => {
      await withSandbox(opts, async (sb) => {
        expectBadRequest(gateway, await submit(sb, gateway, body))
        expect(sb.ledger.submits()).toHaveLength(0)
      })
    })
  }

  it.each(GATEWAYS)("%s: a body that is not JSON is a bad request", async (gateway) => {
    await withSandbox(opts, async (sb) => {
      const reply = await call(`${sb.urls[gateway]}${submitPath[gateway]}`, {
        method: "POST",
        headers: { ...headersFor(gateway), "content-type": "application/json" },
        body: "{not json",
      })
      expectBadRequest(gateway, reply)
    })
  })

  it.each(GATEWAYS)("%s: a missing or invalid key gets 401 in the gateway's shape", async (gateway) => {
    await withSandbox({ ...opts, invalidKeys: ["revoked"] }, async (sb) => {
      const missing = await postJson(`${sb.urls[gateway]}${submitPath[gateway]}`, {}, gateway === "dashscope" ? { "x-dashscope-async": "enable" } : {})
      const revoked = await submit(sb, gateway, {}, "revoked")
      for (const reply of [missing, revoked]) {
        expect(reply.status).toBe(401)
        const body = obj(reply.body)
        if (gateway === "ttapi") expect(body["status"]).toBe("FAILED")
        if (gateway === "dashscope") expect(body["code"]).toBe("InvalidApiKey")
        if (gateway === "acedata") expect(obj(body["error"])["code"]).toBe("invalid_token")
        if (gateway === "tokenbay" || gateway === "evolink") expect(typeof obj(body["error"])["message"]).toBe("string")
      }
    })
  })

  it("ttapi wants TT-API-KEY, not a Bearer token", async () => {
    await withSandbox(opts, async (sb) => {
      const reply = await postJson(`${sb.urls.ttapi}${submitPath.ttapi}`, { model: "happyhorse-1.1-t2v", input: { prompt: "x" } }, { authorization: "Bearer k" })
      expect(reply.status).toBe(401)
    })
  })

  it("DashScope refuses a submit without X-DashScope-Async: enable", async () => {
    await withSandbox(opts, async (sb) => {
      const reply = await postJson(`${sb.urls.dashscope}${submitPath.dashscope}`, { model: "happyhorse-1.1-t2v", input: { prompt: "x" } }, { authorization: "Bearer k" })
      expect(reply.status).toBe(403)
      expect(obj(reply.body)["code"]).toBe("AccessDenied")
    })
  })

  it("ttapi's per-operation aliases accept their own kind and refuse others", async () => {
    await withSandbox(opts, async (sb) => {
      const base = `${sb.urls.ttapi}/happyhorse/api/v1/services/aigc/video-generation`
      const i2v = { model: "happyhorse-1.1-i2v", input: { media: [{ type: "first_frame", url: "https://a.example/f.png" }] } }
      const r2v = { model: "happyhorse-1.1-r2v", input: { prompt: "x", media: [{ type: "reference_image", url: "https://a.example/f.png" }] } }
      const edit = { model: "happyhorse-1.0-video-edit", input: { prompt: "x", media: [{ type: "video", url: "https://a.example/v.mp4" }] } }
      const auth = headersFor("ttapi")
      expect((await postJson(`${base}/image-to-video`, i2v, auth)).status).toBe(200)
      expect((await postJson(`${base}/reference-to-video`, r2v, auth)).status).toBe(200)
      expect((await postJson(`${base}/video-edit`, edit, auth)).status).toBe(200)
      expect((await postJson(`${base}/image-to-video`, r2v, auth)).status).toBe(400)
      expect((await postJson(`${base}/text-to-image`, r2v, auth)).status).toBe(404)
    })
  })

  it("EvoLink truncates an over-long prompt instead of refusing it", async () => {
    await withSandbox(opts, async (sb) => {
      const reply = await submit(sb, "evolink", { model: "happyhorse-1.1-text-to-video", prompt: "a".repeat(6000) })
      expect(reply.status).toBe(200)
    })
  })

  it("DashScope also answers at the short /api/v1/services/aigc/video-synthesis path", async () => {
    await withSandbox(opts, async (sb) => {
      const reply = await postJson(`${sb.urls.dashscope}/api/v1/services/aigc/video-synthesis`, { model: "happyhorse-1.1-t2v", input: { prompt: "x" } }, headersFor("dashscope"))
      expect(reply.status).toBe(200)
      expect(obj(obj(reply.body)["output"])["task_status"]).toBe("PENDING")
    })
  })
})
