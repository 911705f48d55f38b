/** Length in seconds from an MP4's movie header ('mvhd' box), without any media tool. */
export const mp4DurationSeconds = (bytes: Uint8Array): number => {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const at = buffer.indexOf("mvhd", 0, "latin1")
  if (at < 0) throw new Error("no mvhd box: not an MP4")
  const body = at + 4
  const version = buffer.readUInt8(body)
  if (version === 1) {
    const timescale = buffer.readUInt32BE(body + 20)
    return Number(buffer.readBigUInt64BE(body + 24)) / timescale
  }
  const timescale = buffer.readUInt32BE(body + 12)
  return buffer.readUInt32BE(body + 16) / timescale
}
