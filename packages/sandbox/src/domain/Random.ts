// A small seeded PRNG (mulberry32) so every draw in the sandbox is reproducible from one seed.
export interface Random {
  /** Uniform in [0, 1). */
  readonly next: () => number
  /** Standard normal draw (Box-Muller). */
  readonly normal: () => number
  /** Lowercase alphanumeric string of the given length. */
  readonly alnum: (length: number) => string
  /** A UUID-v4-shaped string. */
  readonly uuid: () => string
  /** An independent stream derived from this one and a label. */
  readonly fork: (label: string) => Random
}

const hashString = (text: string): number => {
  let h = 2166136261
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 16777619)
  }
  return h >>> 0
}

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
const HEX = "0123456789abcdef"

export const makeRandom = (seed: number | string): Random => {
  let state = (typeof seed === "number" ? seed >>> 0 : hashString(seed)) || 0x9e3779b9
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const normal = (): number => {
    const u = Math.max(next(), 1e-12)
    const v = next()
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }
  const pick = (alphabet: string, length: number): string => {
    let out = ""
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)]
    return out
  }
  const uuid = (): string => {
    const h = pick(HEX, 32)
    const variant = HEX[8 + Math.floor(next() * 4)]
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`
  }
  return {
    next,
    normal,
    alnum: (length) => pick(ALNUM, length),
    uuid,
    fork: (label) => makeRandom(hashString(`${state}:${label}`)),
  }
}
