import * as Either from "effect/Either"
import * as Schema from "effect/Schema"
import * as path from "node:path"
import * as vscode from "vscode"
import type { RequestLog } from "../log/RequestLog.js"
import { makeNonce, playerHtml } from "./playerHtml.js"

/** What the player page may post back; anything else is ignored. */
const PlayerMessage = Schema.Union(
  Schema.Struct({ type: Schema.Literal("loadeddata"), width: Schema.optional(Schema.Number), height: Schema.optional(Schema.Number), duration: Schema.optional(Schema.Number) }),
  Schema.Struct({ type: Schema.Literal("error"), code: Schema.optional(Schema.Number) }),
  Schema.Struct({ type: Schema.Literal("open-preview") }),
  Schema.Struct({ type: Schema.Literal("open-external") }),
)
const decodeMessage = Schema.decodeUnknownEither(PlayerMessage)

/** VS Code's built-in media preview (the media-preview extension) registers this custom editor. */
const VIDEO_PREVIEW = "vscode.videoPreview"

/** Opens a video in VS Code's own preview, or else in the system's player. */
export const openOutside = async (file: vscode.Uri, log: RequestLog): Promise<void> => {
  try {
    await vscode.commands.executeCommand("vscode.openWith", file, VIDEO_PREVIEW)
  } catch (error) {
    log.info("video preview unavailable; opening with the system player", { reason: error instanceof Error ? error.message : String(error) })
    await vscode.env.openExternal(file)
  }
}

/** One reusable webview panel that plays a finished video from the output folder. */
export class VideoPlayer implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined
  private current: vscode.Uri | undefined
  private readonly disposables: Array<vscode.Disposable> = []

  constructor(private readonly log: RequestLog) {}

  show(filePath: string, title: string): void {
    const file = vscode.Uri.file(filePath)
    const folder = vscode.Uri.file(path.dirname(filePath))
    this.current = file
    if (this.panel === undefined) {
      this.panel = vscode.window.createWebviewPanel("happyhorse.player", "HappyHorse Player", vscode.ViewColumn.Beside, {
        enableScripts: true,
        // Only the video's own folder is readable from the page.
        localResourceRoots: [folder],
        retainContextWhenHidden: false,
      })
      this.panel.onDidDispose(() => {
        this.panel = undefined
      }, undefined, this.disposables)
      this.panel.webview.onDidReceiveMessage((raw: unknown) => this.onMessage(raw), undefined, this.disposables)
    } else {
      this.panel.webview.options = { enableScripts: true, localResourceRoots: [folder] }
      this.panel.reveal(vscode.ViewColumn.Beside)
    }
    this.panel.title = `▶ ${path.basename(filePath)}`
    const webview = this.panel.webview
    webview.html = playerHtml({
      cspSource: webview.cspSource,
      videoSrc: webview.asWebviewUri(file).toString(),
      title,
      nonce: makeNonce(),
    })
  }

  private onMessage(raw: unknown): void {
    const decoded = decodeMessage(raw)
    if (Either.isLeft(decoded) || this.current === undefined) return
    const message = decoded.right
    switch (message.type) {
      case "loadeddata":
        this.log.info("player loaded the video", { width: message.width, height: message.height, duration: message.duration })
        return
      case "error":
        // Some builds lack the codec; fall back without making the user click.
        this.log.info("the player cannot decode the video; falling back", { code: message.code })
        void openOutside(this.current, this.log)
        return
      case "open-preview":
        void openOutside(this.current, this.log)
        return
      case "open-external":
        void vscode.env.openExternal(this.current)
        return
    }
  }

  dispose(): void {
    this.panel?.dispose()
    for (const d of this.disposables) d.dispose()
  }
}
