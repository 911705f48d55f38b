// The node as a person meets it: the real n8n editor in Chromium, with the package installed the way
// Settings › Community Nodes installs it. Finds the node in the picker from an empty canvas, adds it,
// creates and tests a credential, fills the panel, executes, and opens the video in the Binary tab.
import { startSandbox, type Sandbox } from "@happyhorse/sandbox"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import type { ChildProcess } from "node:child_process"
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { createServer, type Server } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Browser, chromium, type Page, selectors } from "playwright-core"
import { fieldOptions } from "../../shared/fieldOptions.js"
import { freePort, n8nInstance, type N8nInstance, prepareHost, stop } from "./n8nHost.js"

const SCALE = 500
/** What the node's Aspect Ratio list must show for TokenBay: the kit's labels for its ratios. */
const tokenbayRatios = fieldOptions("tokenbay", "textToVideo", "ratio").map((option) => option.name)
const CHROMIUM = process.env["HAPPYHORSE_CHROMIUM"] ?? "/usr/bin/chromium"
/** Set to a folder to refresh the README's screenshots from this run. */
const SHOTS = process.env["HAPPYHORSE_N8N_SCREENSHOTS"]
const OWNER = { email: "e2e@example.com", firstName: "Happy", lastName: "Horse", password: "Happyhorse-e2e-1" }

let sandbox: Sandbox
let n8n: N8nInstance
let server: ChildProcess | undefined
let browser: Browser
let base: string
/** A base URL that answers every path with a web page, as a mistyped one often does. */
let htmlSite: Server
let htmlUrl: string

const shot = async (page: Page, name: string) => {
  if (SHOTS !== undefined) await page.screenshot({ path: join(SHOTS, name) })
}

beforeAll(async () => {
  const tarball = await prepareHost()
  sandbox = await startSandbox({ timeScale: SCALE, seed: 21, testMode: true, durations: { fixedMs: 30_000 } })
  htmlSite = createServer((_, res) => res.writeHead(200, { "content-type": "text/html" }).end("<!doctype html><title>Welcome</title><p>Hello"))
  await new Promise<void>((resolve) => htmlSite.listen(0, "127.0.0.1", resolve))
  const address = htmlSite.address()
  htmlUrl = `http://127.0.0.1:${typeof address === "object" && address !== null ? address.port : 0}`
  n8n = await n8nInstance(mkdtempSync(join(tmpdir(), "hh-n8n-editor-")), tarball, { HAPPYHORSE_TIME_SCALE: String(SCALE) })
  const port = await freePort()
  server = await n8n.start(port)
  base = `http://127.0.0.1:${port}`
  selectors.setTestIdAttribute("data-test-id")
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  })
  if (SHOTS !== undefined) mkdirSync(SHOTS, { recursive: true })
})

afterAll(async () => {
  await browser?.close()
  if (server !== undefined) await stop(server)
  await sandbox?.close()
  await new Promise<void>((resolve) => (htmlSite === undefined ? resolve() : htmlSite.close(() => resolve())))
  if (n8n !== undefined) rmSync(n8n.userFolder, { recursive: true, force: true })
})

/** A signed-in editor page on a new, empty workflow. The first call creates n8n's owner account. */
const newWorkflow = async (): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const setup = await context.request.post(`${base}/rest/owner/setup`, { data: OWNER })
  if (!setup.ok()) {
    const login = await context.request.post(`${base}/rest/login`, { data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password } })
    expect(login.ok(), await login.text()).toBe(true)
  }
  const page = await context.newPage()
  // The machine may be busy: give the editor time, and let the test's own timeout bound the whole.
  page.setDefaultTimeout(120_000)
  await page.goto(`${base}/workflow/new`)
  await page.getByTestId("canvas-add-button").waitFor()
  return page
}

const pickerItems = async (page: Page): Promise<Array<string>> =>
  (await page.getByTestId("node-creator").getByTestId("item-iterator-item").allInnerTexts()).map((text) => text.replace(/\s+/g, " ").trim())

describe("the HappyHorse node in the n8n editor (installed as a community package)", () => {
  it("is found by name and by \"video\" from an empty canvas, and the trigger is named for its event", async () => {
    expect(existsSync(join(n8n.userFolder, ".n8n", "nodes", "node_modules", "n8n-nodes-happyhorse", "dist"))).toBe(true)
    const page = await newWorkflow()
    // "Add first step" opens the trigger view; both searches must list the package there.
    await page.getByTestId("canvas-add-button").click()
    const search = page.getByTestId("node-creator-search-bar")
    const creator = page.getByTestId("node-creator")
    for (const query of ["HappyHorse", "video"]) {
      await search.fill(query)
      await expect.poll(() => pickerItems(page), { timeout: 120_000 }).toContain("HappyHorse")
    }
    await shot(page, "n8n-picker-search.png")
    await creator.getByTestId("item-iterator-item").filter({ hasText: "HappyHorse" }).first().click()
    await expect.poll(() => pickerItems(page), { timeout: 120_000 }).toEqual(expect.arrayContaining(["On task finished", "On task succeeded"]))
    await page.close()
  }, 600_000)

  it("adds Text to Video, tests the credential, executes, and shows the MP4 in the Binary tab", async () => {
    const page = await newWorkflow()
    await page.getByTestId("node-creator-plus-button").click()
    const creator = page.getByTestId("node-creator")
    await page.getByTestId("node-creator-search-bar").fill("video")
    await creator.getByTestId("item-iterator-item").filter({ hasText: "HappyHorse" }).first().click()
    await creator.getByTestId("node-creator-category-item").filter({ hasText: "Actions" }).click()
    await shot(page, "n8n-picker-actions.png")
    await creator.getByTestId("item-iterator-item").filter({ hasText: "Generate a video from text" }).click()

    // A new credential from the panel; n8n tests it on Save.
    await page.getByTestId("node-credentials-select").click()
    await page.getByTestId("node-credentials-select-item-new").click()
    const modal = page.getByTestId("editCredential-modal")
    const baseUrl = modal.getByTestId("parameter-input-baseUrl").locator("input")
    await modal.getByTestId("parameter-input-gateway").click()
    await page.getByRole("option", { name: "EvoLink" }).click()
    await expect.poll(() => baseUrl.getAttribute("placeholder")).toBe("https://api.evolink.ai")
    await modal.getByTestId("parameter-input-gateway").click()
    await page.getByRole("option", { name: "TokenBay (OpenAI-Compatible)" }).click()
    await expect.poll(() => baseUrl.getAttribute("placeholder")).toBe("https://api.tokenbay.com")
    await modal.getByTestId("parameter-input-apiKey").locator("input").fill("sk-e2e-editor")
    // A base URL that answers, but with a web page: the test must fail and say why.
    await baseUrl.fill(htmlUrl)
    await modal.getByTestId("credential-save-button").click()
    await modal.getByText(/Couldn.t connect with these settings/).waitFor({ timeout: 120_000 })
    await modal.getByText("More details").click()
    await modal.getByText("not as tokenbay's API does").waitFor()
    await shot(page, "n8n-credential-wrong-url.png")
    await baseUrl.fill(sandbox.urls.tokenbay)
    await modal.getByTestId("credential-save-button").click()
    const tested = modal.getByTestId("credentials-config-container-test-success")
    await tested.waitFor({ timeout: 120_000 })
    expect(await tested.innerText()).toContain("Connection tested successfully")
    await shot(page, "n8n-credential.png")
    await modal.locator(".el-dialog__close").first().click()

    // The Aspect Ratio dropdown lists the credential's gateway's ratios, loaded from the core's field table.
    await page.getByTestId("parameter-input-ratio").click()
    const ratios = page.locator(".el-select-dropdown__item:visible")
    await expect.poll(() => ratios.allInnerTexts(), { timeout: 120_000 }).toEqual(tokenbayRatios)
    await page.keyboard.press("Escape")
    await page.getByTestId("parameter-input-prompt").locator("textarea").fill("A white horse galloping on a beach at dawn")
    await page.getByTestId("parameter-input-duration").locator("input").fill("3")
    await page.getByTestId("node-execute-button").click()
    const output = page.getByTestId("output-panel")
    await output.getByTestId("node-run-status-success").waitFor({ timeout: 120_000 })
    await output.getByTestId("radio-button-binary").click()
    const card = output.getByTestId("ndv-binary-data_0")
    await card.waitFor()
    expect(await card.innerText()).toMatch(/video\/mp4/)
    await shot(page, "n8n-binary-output.png")
    // n8n's viewer plays it in a <video> element: the browser decodes the first frame.
    await output.getByTestId("ndv-view-binary-data").click()
    const video = page.locator("video").first()
    await video.waitFor({ timeout: 120_000 })
    await expect.poll(() => video.evaluate((element) => (element as HTMLVideoElement).readyState), { timeout: 120_000 }).toBeGreaterThanOrEqual(2)
    // The sandbox holds exactly one paid submit for the key.
    expect(Object.values(sandbox.ledger.snapshot().keys["sk-e2e-editor"]?.submitsPerTask ?? {})).toEqual([1])
    await page.close()
  }, 600_000)
})
