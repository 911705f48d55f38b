import { preview, ValidationError, ValidationErrors } from "../domain/Errors.js"

/** `preview` for any value a caller may pass, even one that cannot be printed. */
export const safePreview = (value: unknown): string => {
  // JSON would print NaN and Infinity as null.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value)
  try {
    return preview(value)
  } catch {
    return "<unprintable value>"
  }
}

/** One failure, naming the field, a preview of the value and the rule. */
export const issue = (field: string, value: unknown, rule: string): ValidationError =>
  new ValidationError({ field, value: safePreview(value), rule })

/** A schema path as a user writes it: `images[2]`, `prompt`. */
export const fieldPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((acc, key) => {
    if (typeof key === "number") return `${acc}[${key}]`
    const name = typeof key === "symbol" ? (key.description ?? "symbol") : key
    return acc === "" ? name : `${acc}.${name}`
  }, "")

/** Drops repeats of the same field and rule, keeping the first. */
export const dedupe = (errors: ReadonlyArray<ValidationError>): ReadonlyArray<ValidationError> => {
  const seen = new Set<string>()
  return errors.filter((e) => {
    const key = `${e.field}\u0000${e.rule}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export const validationErrors = (errors: ReadonlyArray<ValidationError>): ValidationErrors =>
  new ValidationErrors({ errors: dedupe(errors) })
