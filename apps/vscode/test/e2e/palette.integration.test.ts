import { describe, expect, it } from "@effect/vitest"
import { startSandbox } from "@happyhorse/sandbox"
import { execFileSync } from "node:child_process"
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { chromium } from "playwright-core"
import { codeServerInstalled, freePort, installExtension, startCodeServer } from "./codeServer.js"

const APP = fileURLToPath(new URL("../..", import.meta.url))
const VSIX = join(APP, "dist", "happyhorse-vscode.vsix")
const OUT = join(APP, ".e2e-out")
const SCALE = 200
const PROMPT = "A white horse gallops along a beach at sunrise"

/** The .vsix from the build; packaged here when the build step did not run. */
const ensureVsix = (): string => {
  if (!existsSync(VSIX)) execFileSync("pnpm", ["run", "build"], { cwd: APP, stdio: "pipe", timeout: 180_000 })
  return VSIX
}

describe("the extension in a real editor (code-server)", () => {
  it("runs 'Generate Video from Prompt' from the palette and plays the result in the webview", { timeout: 300_000 }, async () => {
    if (!codeServerInstalled()) throw new Error("code-server is not installed: run tooling/ci/setup-vscode.sh first")
    const vsix = ensureVsix()
    const root = mkdtempSync(join(tmpdir(), "hh-e2e-"))
    const extensionsDir = join(root, "extensions")
    const userDataDir = join(root, "user-data")
    const workspace = join(root, "workspace")
    mkdirSync(join(userDataDir, "User"), { recursive: true })
    mkdirSync(workspace, { recursive: true })
    mkdirSync(OUT, { recursive: true })

    const sandbox = await startSandbox({ timeScale: SCALE, seed: 11 })
    writeFileSync(
      join(userDataDir, "User", "settings.json"),
      JSON.stringify({
        "happyhorse.provider": "ttapi",
        "happyhorse.baseUrl": sandbox.urls.ttapi,
        "happyhorse.testing.timeScale": SCALE,
        "happyhorse.confirmCostAboveUsd": 100,
        "workbench.startupEditor": "none",
        "workbench.tips.enabled": false,
        "security.workspace.trust.enabled": false,
        "telemetry.telemetryLevel": "off",
      }),
    )
    installExtension(vsix, extensionsDir, userDataDir)

    const server = await startCodeServer({
      port: await freePort(),
      extensionsDir,
      userDataDir,
      // The key reaches the extension the way a CI host would pass it; the sandbox accepts any.
      env: { HAPPYHORSE_API_KEY: "sandbox-e2e-key", HAPPYHORSE_PROVIDER: "ttapi" },
    })
    const browser = await chromium.launch({
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    })
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } })
    try {
      await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`)
      await page.locator(".monaco-workbench").waitFor({ timeout: 120_000 })
      // The extension is up when its status bar item shows.
      await page.locator(".statusbar-item", { hasText: "HappyHorse" }).first().waitFor({ timeout: 120_000 })

      await page.keyboard.press("F1")
      const palette = page.locator(".quick-input-widget input")
      await palette.waitFor({ timeout: 30_000 })
      // Typed, not filled: the palette filters on key input (F1 has already put the ">" there).
      await page.keyboard.type("HappyHorse: Generate Video from Prompt")
      await page.locator(".quick-input-list .monaco-list-row", { hasText: "Generate Video from Prompt" }).first().waitFor({ timeout: 60_000 })
      await page.keyboard.press("Enter")

      // The prompt box of the command.
      await page.locator(".quick-input-widget", { hasText: "Describe the video" }).waitFor({ timeout: 60_000 })
      await page.keyboard.type(PROMPT)
      await page.keyboard.press("Enter")

      await page.locator(".notifications-toasts", { hasText: "video ready" }).waitFor({ timeout: 120_000 })

      const player = page.frameLocator("iframe.webview.ready").frameLocator("#active-frame")
      await player.locator('body[data-state="loaded"]').waitFor({ timeout: 60_000 })
      const readyState = await player.locator("video").evaluate((v: HTMLVideoElement) => v.readyState)
      expect(readyState).toBeGreaterThanOrEqual(2)

      const videos = readdirSync(join(workspace, "happyhorse-videos")).filter((f) => f.endsWith(".mp4"))
      expect(videos).toHaveLength(1)

      const shot = join(OUT, "vscode-player.png")
      await page.screenshot({ path: shot })
      if (process.env.HAPPYHORSE_UPDATE_DOCS === "1") copyFileSync(shot, fileURLToPath(new URL("../../../../docs/vscode-player.png", import.meta.url)))
    } catch (error) {
      writeFileSync(join(OUT, "code-server.log"), server.output())
      await page.screenshot({ path: join(OUT, "failure.png") }).catch(() => undefined)
      throw error
    } finally {
      await browser.close()
      await server.stop()
      await sandbox.close()
      rmSync(root, { recursive: true, force: true })
    }
  })
})
