import { execFile } from "node:child_process"
import { mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import ffprobe from "@ffprobe-installer/ffprobe"
import { describe, expect, it } from "@effect/vitest"
import { withSandbox } from "./helpers.js"
import { query, submit, taskIdOf, videoUrlOf } from "./kit.js"
import { accessSync, chmodSync, constants, readdirSync, writeFileSync } from "node:fs"

const probe = (path: string): Promise<Record<string, unknown>> => {
  try {
    accessSync(ffprobe.path, constants.X_OK)
  } catch {
    chmodSync(ffprobe.path, 0o755)
  }
  return new Promise((resolve, reject) =>
    execFile(ffprobe.path, ["-v", "error", "-print_format", "json", "-show_streams", "-show_format", path], (error, stdout) =>
      error ? reject(error) : resolve(JSON.parse(stdout) as Record<string, unknown>),
    ),
  )
}

describe("rendered MP4", () => {
  it("is H.264 yuv420p at the requested size, ratio, duration and 24 fps, with faststart", async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), "hh-sandbox-media-"))
    await withSandbox({ durations: { fixedMs: 1_000 }, cacheDir }, async (sb) => {
      const id = taskIdOf("evolink", await submit(sb, "evolink", {
        model: "happyhorse-1.1-text-to-video",
        prompt: "A white horse on a beach, drawn in the picture",
        quality: "720p",
        aspect_ratio: "9:16",
        duration: 4,
      }))
      sb.advanceTime(1_000)
      const url = String(videoUrlOf("evolink", await query(sb, "evolink", id)))
      const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer())
      const file = join(cacheDir, "download.mp4")
      writeFileSync(file, bytes)
      const info = await probe(file)
      const streams = info["streams"] as ReadonlyArray<Record<string, unknown>>
      const video = streams.find((s) => s["codec_type"] === "video")
      expect(video).toMatchObject({ codec_name: "h264", pix_fmt: "yuv420p", width: 720, height: 1280, r_frame_rate: "24/1" })
      expect(Number((info["format"] as Record<string, unknown>)["duration"])).toBeCloseTo(4, 0)
      expect(streams.some((s) => s["codec_type"] === "audio")).toBe(true)
      // +faststart puts the moov atom before mdat.
      const text = Buffer.from(bytes.slice(0, 4096)).toString("latin1")
      expect(text.indexOf("moov")).toBeGreaterThan(0)
      expect(text.indexOf("moov")).toBeLessThan(Math.max(text.indexOf("mdat"), 4096))
      // The same params again come from the cache.
      const again = taskIdOf("evolink", await submit(sb, "evolink", {
        model: "happyhorse-1.1-text-to-video",
        prompt: "A white horse on a beach, drawn in the picture",
        quality: "720p",
        aspect_ratio: "9:16",
        duration: 4,
      }))
      sb.advanceTime(1_000)
      const second = new Uint8Array(await (await fetch(String(videoUrlOf("evolink", await query(sb, "evolink", again))))).arrayBuffer())
      expect(second).toEqual(bytes)
      // One render for both tasks (download.mp4 is this test's own copy).
      expect(readdirSync(cacheDir).filter((f) => f.endsWith(".mp4") && f !== "download.mp4")).toHaveLength(1)
    })
  })

  it("1080P 16:9 is 1920x1080", async () => {
    await withSandbox({ durations: { fixedMs: 1_000 } }, async (sb) => {
      const id = taskIdOf("ttapi", await submit(sb, "ttapi", { model: "happyhorse-1.1-t2v", input: { prompt: "big" }, parameters: { resolution: "1080P", duration: 3 } }))
      sb.advanceTime(1_000)
      const url = String(videoUrlOf("ttapi", await query(sb, "ttapi", id)))
      const info = await probe(url)
      const video = (info["streams"] as ReadonlyArray<Record<string, unknown>>).find((s) => s["codec_type"] === "video")
      expect(video).toMatchObject({ width: 1920, height: 1080, codec_name: "h264" })
    })
  })
})
