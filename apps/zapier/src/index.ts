/** The HappyHorse Zapier app: `app` is what Zapier loads; `makeApp` builds one with test settings. */
export { type AppOptions } from "./AppOptions.js"
export { APP_VERSION, type HappyHorseApp, makeApp, PLATFORM_VERSION } from "./app.js"
export { toZapierError } from "./zapierErrors.js"
export { type TaskOutput } from "./taskOutput.js"
import { makeApp } from "./app.js"

export const app = makeApp()
