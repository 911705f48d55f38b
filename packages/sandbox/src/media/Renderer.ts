import { execFile } from "node:child_process"
import { createHash } from "node:crypto"
import { accessSync, chmodSync, constants, existsSync, mkdirSync, renameSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import ffmpegInstaller from "@ffmpeg-installer/ffmpeg"

export interface RenderParams {
  readonly width: number
  readonly height: number
  readonly seconds: number
  readonly prompt: string
}

export interface RenderedFile {
  readonly path: string
  readonly size: number
}

/** Renders playable placeholder MP4s and caches them on disk by parameters. */
export interface Renderer {
  readonly render: (params: RenderParams) => Promise<RenderedFile>
  readonly cacheDir: string
}

const FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

export const ffmpegPath = (): string => {
  const path = ffmpegInstaller.path
  try {
    accessSync(path, constants.X_OK)
  } catch {
    // npm may skip the installer's postinstall that sets the mode.
    chmodSync(path, 0o755)
  }
  return path
}

const wrap = (text: string, perLine: number, maxLines: number): string => {
  const words = text.replace(/\s+/g, " ").trim().split(" ")
  const lines: Array<string> = []
  let line = ""
  for (const word of words) {
    const chunk = word.length > perLine ? `${word.slice(0, perLine - 1)}…` : word
    if (line.length === 0) line = chunk
    else if (line.length + 1 + chunk.length <= perLine) line += ` ${chunk}`
    else {
      lines.push(line)
      line = chunk
    }
  }
  if (line.length > 0) lines.push(line)
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines)
    kept[maxLines - 1] = `${kept[maxLines - 1] ?? ""}…`
    return kept.join("\n")
  }
  return lines.join("\n")
}

const run = (binary: string, args: ReadonlyArray<string>): Promise<void> =>
  new Promise((resolve, reject) => {
    execFile(binary, [...args], { maxBuffer: 4 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`ffmpeg failed: ${stderr || error.message}`))
      else resolve()
    })
  })

export const makeRenderer = (cacheDir: string = join(tmpdir(), "happyhorse-sandbox-cache")): Renderer => {
  mkdirSync(cacheDir, { recursive: true })
  const inFlight = new Map<string, Promise<RenderedFile>>()

  const render = (params: RenderParams): Promise<RenderedFile> => {
    const prompt = params.prompt.slice(0, 400)
    const key = createHash("sha256")
      .update(JSON.stringify([params.width, params.height, params.seconds, prompt, 1]))
      .digest("hex")
      .slice(0, 24)
    const path = join(cacheDir, `${key}.mp4`)
    if (existsSync(path)) return Promise.resolve({ path, size: statSync(path).size })
    const pending = inFlight.get(key)
    if (pending !== undefined) return pending

    const fontSize = Math.max(16, Math.round(Math.min(params.width, params.height) / 20))
    const perLine = Math.max(10, Math.floor(params.width / (fontSize * 0.6)) - 4)
    const textPath = join(cacheDir, `${key}.txt`)
    const labelPath = join(cacheDir, `${key}.label.txt`)
    writeFileSync(textPath, wrap(prompt.length > 0 ? prompt : "(no prompt)", perLine, 6))
    writeFileSync(labelPath, `HappyHorse sandbox  ${params.width}x${params.height}  ${params.seconds}s`)
    const font = existsSync(FONT) ? `fontfile=${FONT}:` : ""
    const filter = [
      `drawtext=${font}textfile=${textPath}:fontcolor=white:fontsize=${fontSize}:line_spacing=8:x=(w-tw)/2:y=(h-th)/2`,
      `drawtext=${font}textfile=${labelPath}:fontcolor=0xb0c4de:fontsize=${Math.round(fontSize * 0.6)}:x=24:y=24`,
      // A running clock keeps frames distinct, so players and probes see real motion.
      `drawtext=${font}text='%{pts\\:hms}':fontcolor=0xffd700:fontsize=${Math.round(fontSize * 0.6)}:x=24:y=h-th-24`,
    ].join(",")
    const tmpPath = join(cacheDir, `${key}.${process.pid}.${Date.now()}.tmp.mp4`)
    const args = [
      "-y", "-loglevel", "error",
      "-f", "lavfi", "-i", `color=c=0x1f2a44:s=${params.width}x${params.height}:r=24:d=${params.seconds}`,
      "-f", "lavfi", "-i", `anullsrc=r=44100:cl=stereo`,
      "-vf", filter,
      "-t", String(params.seconds),
      "-c:v", "libx264", "-preset", "ultrafast", "-tune", "stillimage", "-pix_fmt", "yuv420p", "-r", "24",
      "-c:a", "aac", "-b:a", "32k",
      "-shortest", "-movflags", "+faststart",
      "-f", "mp4", tmpPath,
    ]
    const job = run(ffmpegPath(), args)
      .then(() => {
        renameSync(tmpPath, path)
        return { path, size: statSync(path).size }
      })
      .finally(() => inFlight.delete(key))
    inFlight.set(key, job)
    return job
  }

  return { render, cacheDir }
}
