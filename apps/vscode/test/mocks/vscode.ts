// A fake of the parts of the `vscode` API the extension uses, for unit tests.
import { vi } from "vitest"

export class EventEmitter<T> {
  private readonly listeners = new Set<(value: T) => void>()
  readonly event = (listener: (value: T) => void) => {
    this.listeners.add(listener)
    return { dispose: () => this.listeners.delete(listener) }
  }
  fire(value: T): void {
    for (const l of this.listeners) l(value)
  }
  dispose(): void {
    this.listeners.clear()
  }
}

export class ThemeColor {
  constructor(readonly id: string) {}
}
export class ThemeIcon {
  constructor(
    readonly id: string,
    readonly color?: ThemeColor,
  ) {}
}
export enum TreeItemCollapsibleState {
  None = 0,
  Collapsed = 1,
  Expanded = 2,
}
export class TreeItem {
  id?: string
  description?: string
  tooltip?: string
  iconPath?: ThemeIcon
  contextValue?: string
  command?: { command: string; title: string; arguments?: Array<unknown> }
  constructor(
    readonly label: string,
    readonly collapsibleState: TreeItemCollapsibleState = TreeItemCollapsibleState.None,
  ) {}
}
export class Uri {
  private constructor(
    readonly scheme: string,
    readonly fsPath: string,
  ) {}
  static file(path: string): Uri {
    return new Uri("file", path)
  }
  toString(): string {
    return `${this.scheme}://${this.fsPath}`
  }
}
export enum ProgressLocation {
  SourceControl = 1,
  Window = 10,
  Notification = 15,
}
export enum StatusBarAlignment {
  Left = 1,
  Right = 2,
}
export enum ViewColumn {
  Active = -1,
  Beside = -2,
  One = 1,
}
export enum ConfigurationTarget {
  Global = 1,
  Workspace = 2,
}

export interface FakeProgress {
  readonly reports: Array<{ message?: string; increment?: number }>
  cancel: () => void
}
/** The last progress notification the code opened. */
export const progressState: { last: FakeProgress | undefined } = { last: undefined }

const statusBarItem = () => ({ text: "", tooltip: "", name: "", command: "", show: vi.fn(), hide: vi.fn(), dispose: vi.fn() })

export const window = {
  showInputBox: vi.fn(async (): Promise<string | undefined> => undefined),
  showQuickPick: vi.fn(async (): Promise<unknown> => undefined),
  showInformationMessage: vi.fn(async (..._args: Array<unknown>): Promise<string | undefined> => undefined),
  showWarningMessage: vi.fn(async (..._args: Array<unknown>): Promise<string | undefined> => undefined),
  showErrorMessage: vi.fn(async (..._args: Array<unknown>): Promise<string | undefined> => undefined),
  activeTextEditor: undefined as unknown,
  createStatusBarItem: vi.fn(statusBarItem),
  createOutputChannel: vi.fn(() => ({ appendLine: vi.fn(), show: vi.fn(), dispose: vi.fn() })),
  createTreeView: vi.fn(() => ({ dispose: vi.fn() })),
  createWebviewPanel: vi.fn(),
  withProgress: vi.fn(
    async <R>(
      _options: unknown,
      task: (
        progress: { report: (value: { message?: string; increment?: number }) => void },
        token: { onCancellationRequested: (l: () => void) => { dispose(): void } },
      ) => Promise<R>,
    ): Promise<R> => {
      const listeners: Array<() => void> = []
      const state: FakeProgress = { reports: [], cancel: () => listeners.forEach((l) => l()) }
      progressState.last = state
      return task(
        { report: (value) => state.reports.push(value) },
        {
          onCancellationRequested: (l) => {
            listeners.push(l)
            return { dispose: () => undefined }
          },
        },
      )
    },
  ),
}

export const commands = {
  registerCommand: vi.fn(() => ({ dispose: vi.fn() })),
  executeCommand: vi.fn(async (..._args: Array<unknown>): Promise<unknown> => undefined),
}

const configValues = new Map<string, unknown>()
export const workspace = {
  workspaceFolders: undefined as ReadonlyArray<{ uri: Uri }> | undefined,
  getConfiguration: vi.fn(() => ({
    get: (key: string) => configValues.get(key),
    update: vi.fn(async (key: string, value: unknown) => {
      configValues.set(key, value)
    }),
  })),
  onDidChangeConfiguration: vi.fn(() => ({ dispose: vi.fn() })),
}
/** Test hook: set `happyhorse.*` values. */
export const setConfig = (values: Record<string, unknown>): void => {
  configValues.clear()
  for (const [k, v] of Object.entries(values)) configValues.set(k, v)
}

export const env = {
  clipboard: { writeText: vi.fn(async (_text: string) => undefined) },
  openExternal: vi.fn(async (_uri: Uri) => true),
}
