import { describe, expect, it } from "@effect/vitest"
import { ValidationError } from "@happyhorse/core"
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { checkFileName, checkTarget, targetFolder } from "../src/config/OutputFolder.js"
import { bearerMatches } from "../src/transport/http.js"

const root = () => {
  const dir = mkdtempSync(join(tmpdir(), "hh-mcp-root-"))
  mkdirSync(join(dir, "allowed"))
  return { base: realpathSync(dir), allowed: join(realpathSync(dir), "allowed") }
}

describe("the allowed folder", () => {
  it("takes folders inside it, relative to it", () => {
    const { allowed } = root()
    expect(targetFolder(allowed, undefined)).toBe(allowed)
    expect(targetFolder(allowed, "clips/today")).toBe(join(allowed, "clips", "today"))
    expect(targetFolder(allowed, "a/../b")).toBe(join(allowed, "b"))
  })

  it("refuses .., absolute paths and a symbolic link that leads out, naming the field", () => {
    const { base, allowed } = root()
    mkdirSync(join(base, "outside"))
    symlinkSync(join(base, "outside"), join(allowed, "door"))
    for (const folder of ["..", "../outside", "a/../../outside", "/etc", join(base, "outside"), "door", "door/deeper"]) {
      const result = targetFolder(allowed, folder)
      expect(result, folder).toBeInstanceOf(ValidationError)
      expect(result instanceof ValidationError ? result.field : "", folder).toBe("folder")
    }
  })

  it("takes only plain file names, and never writes through a link", () => {
    const { base, allowed } = root()
    for (const name of ["../x.mp4", "a/b.mp4", "..", "a\\b.mp4"]) expect(checkFileName(name)?.field, name).toBe("fileName")
    expect(checkFileName("clip.mp4")).toBeUndefined()
    symlinkSync(join(base, "elsewhere.mp4"), join(allowed, "trap.mp4"))
    expect(checkTarget(allowed, "trap.mp4")?.field).toBe("fileName")
    expect(checkTarget(allowed, "fresh.mp4")).toBeUndefined()
  })
})

describe("the HTTP bearer check", () => {
  it("accepts only the exact token", () => {
    const token = "a-long-enough-token-1234"
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true)
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true)
    for (const header of [undefined, "", "Bearer", `Bearer ${token}x`, `Basic ${token}`, token, `Bearer ${token.slice(1)}`]) {
      expect(bearerMatches(header, token), String(header)).toBe(false)
    }
  })
})
