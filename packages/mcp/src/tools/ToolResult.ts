/** What a tool hands back, before it becomes an MCP CallToolResult. */
export interface ToolOutcome {
  readonly isError: boolean
  /** One or two sentences a model can act on. */
  readonly summary: string
  /** The same facts as data (MCP structuredContent). */
  readonly data: Readonly<Record<string, unknown>>
  /** A finished file, offered as a resource link to clients that accept one. */
  readonly file?: { readonly path: string; readonly bytes: number } | undefined
}

export const ok = (summary: string, data: Readonly<Record<string, unknown>>, file?: ToolOutcome["file"]): ToolOutcome => ({
  isError: false,
  summary,
  data,
  file,
})

export const failed = (summary: string, data: Readonly<Record<string, unknown>> = {}): ToolOutcome => ({
  isError: true,
  summary,
  data: { error: summary, ...data },
})
