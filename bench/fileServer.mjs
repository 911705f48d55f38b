// A loopback file server with Range support for the download bench. argv: file, port, cutAfterBytes (first request only).
import { createReadStream, statSync } from "node:fs"
import { createServer } from "node:http"

const [file, port, cutAfter] = process.argv.slice(2)
const size = statSync(file).size
let served = 0
let cut = Number(cutAfter ?? 0)
createServer((req, res) => {
  if (req.url === "/stats") return res.end(JSON.stringify({ served }))
  const range = /bytes=(\d+)-/.exec(req.headers.range ?? "")
  const start = range ? Number(range[1]) : 0
  res.writeHead(range ? 206 : 200, {
    "content-type": "video/mp4",
    "content-length": String(size - start),
    "accept-ranges": "bytes",
    ...(range ? { "content-range": `bytes ${start}-${size - 1}/${size}` } : {}),
  })
  const stream = createReadStream(file, { start, highWaterMark: 1 << 20 })
  let sent = 0
  stream.on("data", (chunk) => {
    sent += chunk.length
    served += chunk.length
    if (cut > 0 && sent >= cut) {
      cut = 0
      stream.destroy()
      res.destroy()
    }
  })
  stream.pipe(res)
}).listen(Number(port), "127.0.0.1", () => process.stdout.write("ready\n"))
