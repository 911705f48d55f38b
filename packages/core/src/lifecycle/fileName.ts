/** A file name that is safe on every OS: no separators, no dot-dot, no control or reserved characters. */
export const safeFileName = (raw: string, extension = ".mp4"): string => {
  const cleaned = raw
    .normalize("NFKC")
    .replace(/[^A-Za-z0-9._-]+/g, "_")
    .replace(/^[._]+/, "")
    .slice(0, 120)
  return `${cleaned === "" ? "video" : cleaned}${extension}`
}
