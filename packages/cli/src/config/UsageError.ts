import * as Schema from "effect/Schema"

/** A mistake the user can fix: printed as one sentence, exit code 2. */
export class UsageError extends Schema.TaggedError<UsageError>()("UsageError", {
  detail: Schema.String,
}) {
  override get message(): string {
    return this.detail
  }
}
