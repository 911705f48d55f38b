import type { ValidationError } from "../domain/Errors.js"
import type { VideoKind } from "../domain/VideoRequest.js"
import { issue } from "./issue.js"

/** The gateways allow 2500 Chinese or 5000 other characters: one budget of 5000 units. */
export const PROMPT_MAX_UNITS = 5000

// Han ideographs, CJK symbols and punctuation (U+3000-303F), vertical and compatibility
// forms (U+FE10-FE1F, U+FE30-FE4F) and full-width forms (U+FF01-FF60, U+FFE0-FFE6)
// count double, as the gateways count a Chinese character.
const doubleWidth = /[\p{Script=Han}\u3000-\u303F\uFE10-\uFE1F\uFE30-\uFE4F\uFF01-\uFF60\uFFE0-\uFFE6]/u

/** Length of a prompt in the gateways' units: 2 per Chinese character, 1 per other code point. */
export const promptUnits = (text: string): number => {
  let units = 0
  for (const ch of text) units += doubleWidth.test(ch) ? 2 : 1
  return units
}

const promptRequired = (kind: VideoKind | undefined): kind is VideoKind =>
  kind !== undefined && kind !== "image-to-video"

// Control characters other than tab and line breaks (C0, DEL, C1): never part of a description.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u
// Escape sequences (CSI and other ESC forms), to tell a prompt made only of them.
const ESCAPES = /\u001B(?:\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])/gu
// Zero-width and other invisible format characters.
const INVISIBLE = /[\p{Cf}\u200B\u2060\uFEFF\u180E]/gu

/** Rules for a prompt that is a string (its presence and type are the schema's job). */
export const promptIssues = (kind: VideoKind | undefined, prompt: string): ReadonlyArray<ValidationError> => {
  const errors: Array<ValidationError> = []
  const visible = prompt.replace(ESCAPES, "").replace(INVISIBLE, "")
  if (promptRequired(kind) && visible.trim() === "") {
    errors.push(
      issue(
        "prompt",
        prompt,
        prompt.trim() === ""
          ? `must not be blank: a ${kind} request needs a prompt that describes the video`
          : `must not be blank: it holds only escape codes or invisible characters, and a ${kind} request needs a prompt that describes the video`,
      ),
    )
  }
  if (CONTROL.test(prompt)) {
    errors.push(issue("prompt", prompt, "must not contain control characters (NUL, escape codes and the like); tabs and line breaks are fine"))
  }
  const units = promptUnits(prompt)
  if (units > PROMPT_MAX_UNITS) {
    errors.push(
      issue(
        "prompt",
        prompt,
        `is too long: ${units} units where the limit is ${PROMPT_MAX_UNITS} (a Chinese character counts 2, so at most 2500 Chinese or 5000 other characters)`,
      ),
    )
  }
  return errors
}
