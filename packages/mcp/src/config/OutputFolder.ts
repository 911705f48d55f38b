import { ValidationError } from "@happyhorse/core"
import { existsSync, lstatSync, mkdirSync, realpathSync } from "node:fs"
import { homedir } from "node:os"
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path"

/** The one folder the server may write videos into, unless the user names another. */
export const defaultOutputFolder = (env: Readonly<Record<string, string | undefined>>): string =>
  env["HAPPYHORSE_MCP_DIR"] !== undefined && env["HAPPYHORSE_MCP_DIR"].trim() !== ""
    ? resolve(env["HAPPYHORSE_MCP_DIR"])
    : join(homedir(), "happyhorse-videos")

const refuse = (field: string, value: string, rule: string) => new ValidationError({ field, value: JSON.stringify(value), rule })

const inside = (root: string, path: string): boolean => {
  const rel = relative(root, path)
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel))
}

/** The nearest existing folder at or above `path`, with links resolved. */
const realExisting = (path: string): string => {
  let current = path
  while (!existsSync(current)) {
    const parent = dirname(current)
    if (parent === current) return current
    current = parent
  }
  return join(realpathSync(current), relative(current, path))
}

/**
 * The folder a download goes to: the allowed folder, or a folder inside it. Refuses anything
 * that leaves it, by `..`, an absolute path or a symbolic link, before a byte is written.
 */
export const targetFolder = (root: string, folder: string | undefined): string | ValidationError => {
  const rootReal = realExisting(resolve(root))
  if (folder === undefined || folder.trim() === "") return rootReal
  if (isAbsolute(folder) || folder.includes("\0")) {
    return refuse("folder", folder, `must be a folder inside the allowed folder ${rootReal}, given relative to it`)
  }
  const wanted = resolve(rootReal, folder)
  if (!inside(rootReal, wanted) || !inside(rootReal, realExisting(wanted))) {
    return refuse("folder", folder, `must stay inside the allowed folder ${rootReal}`)
  }
  return wanted
}

/** A plain file name: no folders, no `..`, nothing that names a place outside the folder. */
export const checkFileName = (fileName: string): ValidationError | undefined => {
  if (fileName.includes("/") || fileName.includes("\\") || fileName.includes("\0") || fileName === "." || fileName === "..") {
    return refuse("fileName", fileName, "must be a plain file name, without folders")
  }
  return undefined
}

/** Refuses to write through a symbolic link that already sits at the target path. */
export const checkTarget = (folder: string, fileName: string): ValidationError | undefined => {
  const path = join(folder, fileName)
  try {
    if (lstatSync(path).isSymbolicLink()) return refuse("fileName", fileName, "names a symbolic link; choose another name")
  } catch {
    // Nothing there yet: fine.
  }
  return undefined
}

export const ensureFolder = (folder: string): void => {
  mkdirSync(folder, { recursive: true })
}
