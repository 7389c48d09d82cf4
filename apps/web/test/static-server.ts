import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, normalize } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
}

/** Serves a built site on 127.0.0.1 (a free port), with the SPA fallback: unknown paths get index.html. */
export async function serveStatic(root: string): Promise<{ url: string; port: number; server: Server }> {
  const server = createServer((request, response) => {
    void (async () => {
      const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname)).replace(/^(\.\.[/\\])+/, '')
      let file = join(root, path)
      const found = await stat(file).catch(() => undefined)
      if (!found?.isFile()) file = extname(path) === '' ? join(root, 'index.html') : ''
      const body = file === '' ? undefined : await readFile(file).catch(() => undefined)
      if (body === undefined) {
        response.writeHead(404).end('not found')
        return
      }
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body)
    })()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, port, server }
}
