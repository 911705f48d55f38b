/** What dist/engine.cjs gives the thin activation shell. */
export interface Engine {
  readonly run: (command: string, arg: unknown) => Promise<void>
  readonly dispose: () => Promise<void>
}

export interface EngineModule {
  readonly start: (context: unknown) => Engine
}

export const isEngineModule = (value: unknown): value is EngineModule =>
  typeof value === "object" && value !== null && typeof Reflect.get(value, "start") === "function"

/** Every command the manifest contributes; the shell registers them before the engine loads. */
export const COMMAND_IDS = [
  "happyhorse.generateFromPrompt",
  "happyhorse.generateFromSelection",
  "happyhorse.imageToVideo",
  "happyhorse.referenceToVideo",
  "happyhorse.editVideo",
  "happyhorse.estimateCost",
  "happyhorse.setApiKey",
  "happyhorse.selectProvider",
  "happyhorse.showTasks",
  "happyhorse.task.open",
  "happyhorse.task.download",
  "happyhorse.task.copyId",
  "happyhorse.task.cancel",
  "happyhorse.task.remove",
] as const
