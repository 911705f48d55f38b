import type { Resolution } from "./Task.js"

/** Frame size for a resolution tier and aspect ratio: the short side is 720 or 1080, both sides even. */
export const frameSize = (resolution: Resolution, ratio: string): { readonly width: number; readonly height: number } => {
  const short = resolution === "1080P" ? 1080 : 720
  const [a, b] = ratio.split(":").map((part) => Number(part))
  const w = a !== undefined && Number.isFinite(a) && a > 0 ? a : 16
  const h = b !== undefined && Number.isFinite(b) && b > 0 ? b : 9
  const even = (n: number) => Math.round(n / 2) * 2
  return w >= h ? { width: even((short * w) / h), height: short } : { width: short, height: even((short * h) / w) }
}
