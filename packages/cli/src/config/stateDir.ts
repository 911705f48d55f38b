import { homedir } from "node:os"
import { join } from "node:path"

/** Where the journal lives unless --state says otherwise. */
export const defaultStateDir = (env: NodeJS.ProcessEnv = process.env): string =>
  env["HAPPYHORSE_STATE_DIR"] ?? join(env["XDG_STATE_HOME"] ?? join(homedir(), ".local", "state"), "happyhorse")

export const journalFile = (stateDir: string): string => join(stateDir, "journal.sqlite")
