import { describe, expect, it } from "@effect/vitest"
import * as fc from "fast-check"
import { RequestLog } from "../src/log/RequestLog.js"

const CANARY = "sk-canary-7f3a9b2c1d"

const capture = () => {
  const lines: Array<string> = []
  const log = new RequestLog({ appendLine: (l) => lines.push(l) }, () => new Date(0))
  return { lines, log }
}

describe("RequestLog", () => {
  it("never prints a known key, wherever it appears", () => {
    const { lines, log } = capture()
    log.addSecret(CANARY)
    log.info(`submit with ${CANARY}`, { headers: { "x-key": CANARY }, nested: [CANARY] })
    log.error("failed", { detail: `echo ${CANARY}${CANARY}` })
    expect(lines.join("\n")).not.toContain(CANARY)
    expect(lines).toHaveLength(2)
  })

  it("masks bearer tokens and key-like fields it was not told about", () => {
    const { lines, log } = capture()
    log.info("request", { authorization: "Bearer abc.def", api_key: "zzz-123", prompt: "a horse" })
    expect(lines[0]).not.toContain("abc.def")
    expect(lines[0]).not.toContain("zzz-123")
    expect(lines[0]).toContain("a horse")
  })

  it("stamps each line with the time and level", () => {
    const { lines, log } = capture()
    log.info("activated")
    expect(lines[0]).toBe("1970-01-01T00:00:00.000Z [info] activated")
  })

  it("no secret survives into any line", () =>
    fc.assert(
      fc.property(fc.string({ minLength: 8, maxLength: 40 }).filter((s) => s.trim().length >= 8 && !s.includes("*")), fc.string(), (secret, around) => {
        const { lines, log } = capture()
        log.addSecret(secret)
        log.info(`${around}${secret}${around}`, { value: secret })
        expect(lines[0]).not.toContain(secret)
      }),
    ))
})
