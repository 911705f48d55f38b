import { createConnection, createServer, type Server, type Socket } from "node:net"

/**
 * A TCP proxy on 127.0.0.1 in front of a server, that can be taken down (every connection cut, new
 * ones refused) and brought back on the same port: an outage, as a client meets it.
 */
export interface TcpProxy {
  readonly port: number
  readonly down: () => Promise<void>
  readonly up: () => Promise<void>
  readonly close: () => Promise<void>
}

export const startTcpProxy = async (targetPort: number): Promise<TcpProxy> => {
  const sockets = new Set<Socket>()
  const track = (socket: Socket) => {
    sockets.add(socket)
    socket.on("close", () => sockets.delete(socket))
  }
  const make = (): Server =>
    createServer((client) => {
      const upstream = createConnection({ host: "127.0.0.1", port: targetPort })
      track(client)
      track(upstream)
      client.pipe(upstream).pipe(client)
      client.on("error", () => upstream.destroy())
      upstream.on("error", () => client.destroy())
    })
  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once("error", reject)
      server.listen(port, "127.0.0.1", () => {
        const address = server.address()
        resolve(typeof address === "object" && address !== null ? address.port : port)
      })
    })
  let server: Server | undefined = make()
  const port = await listen(server, 0)
  const down = async () => {
    const closing = server
    server = undefined
    if (closing === undefined) return
    const closed = new Promise<void>((resolve) => closing.close(() => resolve()))
    for (const socket of sockets) socket.destroy()
    await closed
  }
  return {
    port,
    down,
    up: async () => {
      if (server !== undefined) return
      server = make()
      await listen(server, port)
    },
    close: down,
  }
}
