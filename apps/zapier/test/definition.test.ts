import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { createRequire } from "node:module"
import { describe, expect, it } from "@effect/vitest"
import { APP_VERSION, makeApp, PLATFORM_VERSION } from "../src/index.js"

const require = createRequire(import.meta.url)
const schema: { readonly validateAppDefinition: (definition: unknown) => { readonly errors: ReadonlyArray<unknown> } } =
  require("zapier-platform-schema")
const platform: { readonly version: string } = require("zapier-platform-core")
// What `zapier validate` and `zapier push` do before the schema check: compile the app and turn
// its functions into the `$func$…` strings the schema expects.
const schemaTools: { readonly compileApp: (app: unknown) => unknown } = require("zapier-platform-core/src/tools/schema")
const cleaner: { readonly recurseCleanFuncs: (app: unknown) => unknown } = require("zapier-platform-core/src/tools/cleaner")
const packageJson: { readonly version: string; readonly dependencies: Record<string, string> } = JSON.parse(
  readFileSync(new URL("../package.json", import.meta.url), "utf8"),
)

const errorsOf = (definition: unknown): ReadonlyArray<string> =>
  schema.validateAppDefinition(cleaner.recurseCleanFuncs(schemaTools.compileApp(definition))).errors.map((error) => String(error))

describe("the app definition", () => {
  const app = makeApp()

  it("passes zapier-platform-schema validation", () => {
    expect(errorsOf(app)).toEqual([])
  })

  it("is the version in package.json, on the pinned platform", () => {
    expect(APP_VERSION).toBe(packageJson.version)
    expect(PLATFORM_VERSION).toBe(platform.version)
    expect(packageJson.dependencies["zapier-platform-core"]).toBe(PLATFORM_VERSION)
  })

  it("offers the four creates and Find Task, each keyed by its own key, with a sample", () => {
    expect(Object.keys(app.creates).sort()).toEqual([
      "edit_video",
      "generate_video_from_image",
      "generate_video_from_references",
      "generate_video_from_text",
    ])
    for (const [key, create] of Object.entries(app.creates)) {
      expect(create.key).toBe(key)
      expect(create.operation.sample).toMatchObject({ status: "succeeded" })
      expect(typeof create.operation.performResume).toBe("function")
    }
    expect(app.searches.find_task.key).toBe("find_task")
    expect(app.searches.find_task.operation.sample).toMatchObject({ id: expect.any(String) })
  })

  it("keeps the API key in a password field", () => {
    const field = app.authentication.fields.find((f) => f.key === "api_key")
    expect(field).toMatchObject({ type: "password", required: true })
    expect(Object.keys(app.authentication.fields.find((f) => f.key === "gateway")?.choices ?? {})).toEqual([
      "ttapi",
      "tokenbay",
      "evolink",
      "acedata",
      "dashscope",
    ])
  })

  it("is caught by validation when broken (the check is not vacuous)", () => {
    const broken = { ...app, creates: { ...app.creates, edit_video: { ...app.creates.edit_video, key: "Edit Video!" } } }
    expect(errorsOf(broken).length).toBeGreaterThan(0)
  })

  // CI builds before it tests; the bundle is what Zapier loads.
  const bundle = new URL("../dist/app.cjs", import.meta.url)
  it.skipIf(!existsSync(bundle))("the CommonJS bundle loads on its own and validates", () => {
    const built: { readonly app: unknown } = require(bundle.pathname)
    expect(errorsOf(built.app)).toEqual([])
  })
})

describe("the staged push folder", () => {
  const bundle = new URL("../dist/app.cjs", import.meta.url)
  it.skipIf(!existsSync(bundle))("holds a CommonJS index.js that loads the app with no workspace dependency", () => {
    const out = mkdtempSync(join(tmpdir(), "happyhorse-zapier-stage-"))
    try {
      execFileSync(process.execPath, [new URL("../scripts/stage.mjs", import.meta.url).pathname, out])
      const staged: { readonly dependencies: Record<string, string>; readonly main: string } = JSON.parse(
        readFileSync(join(out, "package.json"), "utf8"),
      )
      expect(staged.dependencies).toEqual({ "zapier-platform-core": PLATFORM_VERSION })
      expect(staged.main).toBe("index.js")
      const loaded: unknown = require(join(out, "index.js"))
      expect(errorsOf(loaded)).toEqual([])
    } finally {
      rmSync(out, { recursive: true, force: true })
    }
  })
})
