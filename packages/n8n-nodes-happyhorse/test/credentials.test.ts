import { AuthError, GatewayError, MalformedReply, ResultExpired, TransportError } from "@happyhorse/core"
import { describe, expect, it } from "@effect/vitest"
import { testCredential } from "../shared/credentials.js"
import { fakeClient, newRecorded } from "./support/fakes.js"

const creds = { gateway: "tokenbay", apiKey: "sk-1", baseUrl: "" }
const answering = (get: () => Promise<never>) => () => fakeClient(newRecorded(), { get })

describe("credential test", () => {
  it("fails for a refused key, with the gateway's words", async () => {
    const result = await testCredential(creds, answering(() => Promise.reject(new AuthError({ gateway: "tokenbay", status: 401, detail: "invalid token" }))), {})
    expect(result).toEqual({ status: "Error", message: "tokenbay refused the API key (HTTP 401): invalid token" })
  })

  it("fails when the gateway cannot be reached", async () => {
    const result = await testCredential(creds, answering(() => Promise.reject(new TransportError({ gateway: "tokenbay", operation: "query", detail: "ECONNREFUSED" }))), {})
    expect(result.status).toBe("Error")
  })

  it("fails when the base URL answers, but not in the gateway's words (a web page)", async () => {
    const html = new MalformedReply({ gateway: "tokenbay", operation: "query", status: 200, issue: "not JSON", bodyPreview: "<!doctype html>" })
    const result = await testCredential(creds, answering(() => Promise.reject(html)), {})
    expect(result).toEqual({ status: "Error", message: expect.stringContaining("not as tokenbay's API does (HTTP 200)") })
  })

  it("passes when the key is accepted and the made-up task is simply unknown", async () => {
    for (const error of [
      new ResultExpired({ gateway: "tokenbay", taskId: "x", detail: "404" }),
      new GatewayError({ gateway: "tokenbay", operation: "query", status: 404, detail: "not found" }),
    ]) {
      expect(await testCredential(creds, answering(() => Promise.reject(error)), {})).toEqual({ status: "OK", message: "tokenbay accepted the key" })
    }
  })

  it("fails for an incomplete credential without any call", async () => {
    let made = 0
    const result = await testCredential({ gateway: "tokenbay", apiKey: "" }, () => {
      made += 1
      return fakeClient(newRecorded())
    }, {})
    expect(result.status).toBe("Error")
    expect(made).toBe(0)
  })
})
