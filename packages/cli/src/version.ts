declare const __HAPPYHORSE_CLI_VERSION__: string | undefined

/** The package's version, written in at build time from package.json, so a release never drifts from it. */
export const VERSION: string = typeof __HAPPYHORSE_CLI_VERSION__ === "string" ? __HAPPYHORSE_CLI_VERSION__ : "0.0.0-source"
