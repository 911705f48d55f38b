/** The part of `vscode.OutputChannel` the log needs. */
export interface LineSink {
  appendLine(line: string): void
}

// Shapes that look like credentials even when we do not know the key itself.
const BEARER = /(bearer\s+)[^\s"',]+/gi
const KEY_FIELDS = /("?(?:api[_-]?key|authorization|token|secret)"?\s*[:=]\s*"?)[^\s"',}]+/gi

/** Every request the extension makes, one line each; known keys and key-like fields are masked. */
export class RequestLog {
  private readonly secrets = new Set<string>()

  constructor(
    private readonly sink: LineSink,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Remember a secret so no later line can print it. */
  addSecret(value: string): void {
    if (value.length >= 4) this.secrets.add(value)
  }

  redact(text: string): string {
    let out = text
    for (const secret of this.secrets) out = out.split(secret).join("***")
    return out.replace(BEARER, "$1***").replace(KEY_FIELDS, "$1***")
  }

  info(message: string, data?: Readonly<Record<string, unknown>>): void {
    this.write("info", message, data)
  }

  error(message: string, data?: Readonly<Record<string, unknown>>): void {
    this.write("error", message, data)
  }

  private write(level: string, message: string, data: Readonly<Record<string, unknown>> | undefined): void {
    let suffix = ""
    if (data !== undefined) {
      try {
        suffix = ` ${JSON.stringify(data)}`
      } catch {
        suffix = " (unprintable data)"
      }
    }
    this.sink.appendLine(this.redact(`${this.now().toISOString()} [${level}] ${message}${suffix}`))
  }
}
