// Stands in for @ffmpeg-installer/ffmpeg inside the .vsix (its binary is too large to ship):
// the embedded sandbox renders with HAPPYHORSE_FFMPEG, or an ffmpeg on PATH.
const fs = require("node:fs")
const path = require("node:path")

const find = () => {
  const explicit = process.env.HAPPYHORSE_FFMPEG
  if (explicit) return explicit
  for (const dir of (process.env.PATH || "").split(path.delimiter)) {
    const candidate = path.join(dir, process.platform === "win32" ? "ffmpeg.exe" : "ffmpeg")
    try {
      fs.accessSync(candidate, fs.constants.X_OK)
      return candidate
    } catch {}
  }
  return "ffmpeg"
}

module.exports = { path: find(), version: "system", url: "" }
module.exports.default = module.exports
