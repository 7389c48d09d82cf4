import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

/** One POST the stand-in consent service received. */
export interface Received {
  headers: IncomingHttpHeaders
  body: unknown
  status: number
}

/**
 * A stand-in for the consent service's `POST /v1/consent-events`, cross-origin like the real one
 * (it answers CORS preflights). Tests drive it over HTTP: `POST /__fail` with `{ "count": n }`
 * makes the next n events answer 503; `GET /__received` lists what arrived; `DELETE /__received` clears.
 */
export async function startCollector(): Promise<{ url: string; server: Server }> {
  let received: Received[] = []
  let failures = 0
  const cors = {
    'access-control-allow-origin': '*',
    'access-control-allow-methods': 'POST',
    'access-control-allow-headers': 'authorization, content-type, idempotency-key',
    'access-control-max-age': '600',
  }
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8')
      const json = (status: number, value: unknown): void => {
        response.writeHead(status, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(value))
      }
      const route = `${request.method ?? ''} ${request.url ?? ''}`
      if (request.method === 'OPTIONS') response.writeHead(204, cors).end()
      else if (route === 'POST /v1/consent-events') {
        const status = failures > 0 ? 503 : 201
        if (failures > 0) failures--
        let body: unknown
        try {
          body = JSON.parse(text)
        } catch {
          body = text
        }
        received.push({ headers: request.headers, body, status })
        json(status, status === 201 ? { id: `evt_${received.length}` } : { error: 'unavailable' })
      } else if (route === 'POST /__fail') {
        failures = (JSON.parse(text) as { count: number }).count
        json(200, { failures })
      } else if (route === 'GET /__received') json(200, received)
      else if (route === 'DELETE /__received') {
        received = []
        failures = 0
        json(200, {})
      } else json(404, { error: 'not found' })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server }
}
