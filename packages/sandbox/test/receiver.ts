import { createServer } from "node:http"
import type { AddressInfo } from "node:net"

export interface Received {
  readonly body: unknown
  readonly at: number
}

/** A loopback webhook receiver answering the given statuses in turn (the last one repeats). */
export const startReceiver = async (statuses: ReadonlyArray<number>) => {
  const received: Array<Received> = []
  const server = createServer((req, res) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      received.push({ body: JSON.parse(Buffer.concat(chunks).toString("utf8")), at: Date.now() })
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200
      res.writeHead(status)
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}
