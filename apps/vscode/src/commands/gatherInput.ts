import type { VideoKind } from "@happyhorse/core"
import * as vscode from "vscode"
import { InputDismissed } from "../domain/ExtensionErrors.js"
import { extractUrls, promptFromSelection, type RequestInput } from "../requests/buildRequest.js"

/** The selected text of the active editor, or "" when there is none. */
export const selectedText = (): string => {
  const editor = vscode.window.activeTextEditor
  if (editor === undefined) return ""
  return editor.selections.map((s) => editor.document.getText(s)).join("\n").trim()
}

const ask = async (step: string, options: vscode.InputBoxOptions): Promise<string> => {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options })
  if (value === undefined) throw new InputDismissed({ step })
  return value.trim()
}

const nonEmpty = (what: string) => (value: string) => (value.trim() === "" ? `Enter ${what}.` : undefined)
const someUrls = (min: number, max: number, what: string) => (value: string) => {
  const n = extractUrls(value).length
  return n < min || n > max ? `Enter ${min === max ? min : `${min} to ${max}`} http(s) URL${max === 1 ? "" : "s"} of ${what}.` : undefined
}

/** URLs from the selection when it holds any, otherwise typed. */
const urlsFrom = async (step: string, selection: string, min: number, max: number, what: string, placeHolder: string): Promise<ReadonlyArray<string>> => {
  const selected = extractUrls(selection)
  if (selected.length >= min && selected.length <= max) return selected
  const typed = await ask(step, {
    title: `HappyHorse: ${what}`,
    prompt: `${what}: public http(s) URL${max === 1 ? "" : "s"}, separated by spaces or commas`,
    placeHolder,
    validateInput: someUrls(min, max, what),
  })
  return extractUrls(typed)
}

/** The prompt box; `optional` lets image-to-video go without one. */
const askPrompt = (title: string, initial: string, optional = false): Promise<string> =>
  ask("prompt", {
    title,
    prompt: optional ? "Describe the motion (optional)" : "Describe the video",
    value: initial,
    placeHolder: "A white horse gallops along a beach at sunrise, slow motion",
    ...(optional ? {} : { validateInput: nonEmpty("a prompt") }),
  })

/** Asks for what one kind of request needs; throws InputDismissed when the user backs out. */
export const gatherInput = async (kind: VideoKind, fromSelection: boolean): Promise<RequestInput> => {
  const selection = selectedText()
  switch (kind) {
    case "text-to-video": {
      if (fromSelection) {
        const prompt = promptFromSelection(selection)
        if (prompt !== "") return { kind, prompt }
      }
      return { kind, prompt: await askPrompt("HappyHorse: Generate Video from Prompt", "") }
    }
    case "image-to-video": {
      const [image] = await urlsFrom("image", selection, 1, 1, "the first frame", "https://example.com/first-frame.png")
      if (image === undefined) throw new InputDismissed({ step: "image" })
      return { kind, image, prompt: await askPrompt("HappyHorse: Image to Video", "", true) }
    }
    case "reference-to-video": {
      const images = await urlsFrom("images", selection, 1, 9, "reference images", "https://example.com/a.png https://example.com/b.png")
      return { kind, images, prompt: await askPrompt("HappyHorse: Reference to Video", "") }
    }
    case "video-edit": {
      const [video] = await urlsFrom("video", selection, 1, 1, "the video to edit", "https://example.com/input.mp4")
      if (video === undefined) throw new InputDismissed({ step: "video" })
      const images = extractUrls(selection).filter((u) => u !== video).slice(0, 5)
      return { kind, video, images, prompt: await askPrompt("HappyHorse: Edit Video", "") }
    }
  }
}
