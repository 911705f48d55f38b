import * as path from "node:path"

/** The video folder: an absolute setting as it is, else under the first workspace folder, else the fallback. */
export const outputFolder = (outputDir: string, workspaceFolder: string | undefined, fallback: string): string =>
  path.isAbsolute(outputDir) ? outputDir : path.join(workspaceFolder ?? fallback, outputDir)
