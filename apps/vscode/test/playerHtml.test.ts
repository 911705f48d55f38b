import { describe, expect, it } from "@effect/vitest"
import { makeNonce, playerCsp, playerHtml } from "../src/ui/playerHtml.js"

const page = {
  cspSource: "https://file+.vscode-resource.vscode-cdn.net",
  videoSrc: "https://file+.vscode-resource.vscode-cdn.net/ws/happyhorse-videos/t-1.mp4",
  title: 'A horse <script>alert("x")</script>',
  nonce: "N0nce",
}

describe("player page", () => {
  it("has a strict CSP: nothing by default, media only from the webview origin, nonced script and style", () => {
    const csp = playerCsp(page.cspSource, page.nonce)
    expect(csp).toContain("default-src 'none'")
    expect(csp).toContain(`media-src ${page.cspSource}`)
    expect(csp).toContain("script-src 'nonce-N0nce'")
    expect(csp).not.toContain("unsafe-inline")
    expect(csp).not.toContain("unsafe-eval")
  })

  it("every script and style carries the nonce", () => {
    const html = playerHtml(page)
    const scripts = html.match(/<script[^>]*>/g) ?? []
    const styles = html.match(/<style[^>]*>/g) ?? []
    expect(scripts.length).toBe(1)
    for (const tag of [...scripts, ...styles]) expect(tag).toContain('nonce="N0nce"')
  })

  it("plays the webview URI and reports loadeddata and errors back", () => {
    const html = playerHtml(page)
    expect(html).toContain(`src="${page.videoSrc}"`)
    expect(html).toContain('"loadeddata"')
    expect(html).toContain('type: "error"')
  })

  it("escapes the title (a prompt is user text)", () => {
    const html = playerHtml(page)
    expect(html).not.toContain('<script>alert("x")</script>')
    expect(html).toContain("&lt;script&gt;")
  })

  it("nonces are 32 alphanumerics", () => {
    expect(makeNonce()).toMatch(/^[A-Za-z0-9]{32}$/)
    expect(makeNonce()).not.toBe(makeNonce())
  })
})
