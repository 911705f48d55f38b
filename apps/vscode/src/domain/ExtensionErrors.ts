import * as Schema from "effect/Schema"

/** No key is stored for the chosen provider, and the user did not pick the sandbox. */
export class MissingApiKey extends Schema.TaggedError<MissingApiKey>()("MissingApiKey", {
  provider: Schema.String,
}) {
  override get message(): string {
    return `no API key is set for ${this.provider}`
  }
}

/** The user closed an input box or a pick list: nothing to do, nothing to report. */
export class InputDismissed extends Schema.TaggedError<InputDismissed>()("InputDismissed", {
  step: Schema.String,
}) {
  override get message(): string {
    return `dismissed at ${this.step}`
  }
}

/** The embedded sandbox could not start (its bundle or ffmpeg is missing). */
export class SandboxUnavailable extends Schema.TaggedError<SandboxUnavailable>()("SandboxUnavailable", {
  reason: Schema.String,
}) {
  override get message(): string {
    return `the sandbox could not start: ${this.reason}`
  }
}
