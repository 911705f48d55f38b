import { describe, expect, it } from "@effect/vitest"
import { KEY, obj, withSandbox } from "./helpers.js"
import { startReceiver } from "./receiver.js"
import { query, submit, taskIdOf } from "./kit.js"

// 20x: EvoLink's 1/2/4 s retry waits take 50/100/200 ms of real time. Exact timing is checked with
// TestClock in delivery.test.ts; here only lower bounds hold, as real time adds jitter. Each test jumps
// the clock to the task's end and waits for the deliveries to finish, never for a guessed span.
const opts = { testMode: true, timeScale: 20, durations: { fixedMs: 2_000 } }

describe("callbacks", () => {
  it("EvoLink retries at 1, 2 and 4 s until a 2xx, with the query reply as body", async () => {
    const receiver = await startReceiver([500, 503, 200])
    try {
      await withSandbox(opts, async (sb) => {
        const reply = await submit(sb, "evolink", { model: "happyhorse-1.1-text-to-video", prompt: "called back", callback_url: receiver.url })
        expect(reply.status).toBe(200)
        const id = taskIdOf("evolink", reply)
        sb.advanceTime(2_000)
        await sb.callbacksIdle()
        const attempts = sb.ledger.callbacks(KEY)
        expect(attempts.map((a) => [a.attempt, a.status, a.ok])).toEqual([[1, 500, false], [2, 503, false], [3, 200, true]])
        const gaps = [1, 2].map((i) => (attempts[i]?.sandboxMs ?? 0) - (attempts[i - 1]?.sandboxMs ?? 0))
        expect(gaps[0]).toBeGreaterThanOrEqual(1_000)
        expect(gaps[1]).toBeGreaterThanOrEqual(2_000)
        const body = obj(receiver.received[2]?.body)
        expect(body).toMatchObject({ id, status: "completed", object: "video.generation.task" })
        expect(body["results"]).toHaveLength(1)
        // The callback comes after billing.
        const charge = sb.ledger.charges(KEY)[0]
        expect(charge?.taskId).toBe(id)
        expect(charge?.sandboxMs ?? Infinity).toBeLessThanOrEqual(attempts[0]?.sandboxMs ?? 0)
        // A query now gives the same body.
        expect(obj((await query(sb, "evolink", id)).body)["status"]).toBe("completed")
      })
    } finally {
      await receiver.close()
    }
  })

  it("EvoLink gives up after 3 retries", async () => {
    const receiver = await startReceiver([500])
    try {
      await withSandbox(opts, async (sb) => {
        await submit(sb, "evolink", { model: "happyhorse-1.1-text-to-video", prompt: "never acknowledged", callback_url: receiver.url })
        sb.advanceTime(2_000)
        await sb.callbacksIdle()
        expect(sb.ledger.callbacks()).toHaveLength(4)
        expect(receiver.received).toHaveLength(4)
      })
    } finally {
      await receiver.close()
    }
  })

  it("AceData answers {task_id} at once and POSTs the blocking-style reply once", async () => {
    const receiver = await startReceiver([200])
    try {
      await withSandbox(opts, async (sb) => {
        const reply = await submit(sb, "acedata", { action: "generate", prompt: "ace callback", callback_url: receiver.url })
        expect(Object.keys(obj(reply.body))).toEqual(["task_id"])
        sb.advanceTime(2_000)
        await sb.callbacksIdle()
        const body = obj(receiver.received[0]?.body)
        expect(body).toMatchObject({ success: true, task_id: obj(reply.body)["task_id"] })
        expect(typeof body["trace_id"]).toBe("string")
        const item = obj((body["data"] as ReadonlyArray<unknown>)[0])
        expect(item["state"]).toBe("succeeded")
        expect(String(item["video_url"])).toContain("/files/")
        // The attempt is recorded once the receiver's answer is back, after the body arrived.
        expect(sb.ledger.callbacks(KEY)).toHaveLength(1)
      })
    } finally {
      await receiver.close()
    }
  })

  it("outside test mode, callbacks to loopback are refused at submit", async () => {
    const receiver = await startReceiver([200])
    try {
      await withSandbox({ ...opts, testMode: false }, async (sb) => {
        const evo = await submit(sb, "evolink", { model: "happyhorse-1.1-text-to-video", prompt: "x", callback_url: receiver.url })
        expect(evo.status).toBe(400)
        expect(obj(obj(evo.body)["error"])["param"]).toBe("callback_url")
        const ace = await submit(sb, "acedata", { action: "generate", prompt: "x", callback_url: receiver.url.replace("http:", "https:") })
        expect(ace.status).toBe(400)
        expect(receiver.received).toHaveLength(0)
      })
    } finally {
      await receiver.close()
    }
  })
})
