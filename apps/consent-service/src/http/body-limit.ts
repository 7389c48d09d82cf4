import { IncomingMessage } from 'node:http'
import type { MiddlewareHandler } from 'hono'
import { HttpProblem } from './problem.js'

/**
 * How much of an oversized body is still read (and thrown away) before the 413 goes out. An
 * answer sent while the client is still writing makes the connection reset on the client's
 * side, which sees an error instead of the 413; past this much the connection is closed anyway,
 * so a client cannot make the service read forever.
 */
export const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024

/**
 * Limits request bodies to `maxSize` bytes: declared (`Content-Length`) or streamed. An oversized
 * body is read to its end (up to {@link DRAIN_LIMIT_BYTES}) and answered 413 with
 * `Connection: close`, so the client reads the problem instead of a connection reset.
 *
 * @example
 * app.use(limitBody(256 * 1024))
 */
export function limitBody(maxSize: number): MiddlewareHandler {
  const tooLarge = (): HttpProblem =>
    new HttpProblem(413, 'payload-too-large', `the request body is larger than ${maxSize} bytes`, { headers: { connection: 'close' } })
  return async (c, next) => {
    const method = c.req.method
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next()
    const length = c.req.header('content-length')
    const declared = Number(length ?? Number.NaN)
    // Behind Node's HTTP server a declared length is the body's length (its parser reads exactly
    // that many bytes and refuses a request that also declares a transfer encoding): a body
    // within the limit is left to the handler, which reads it straight from the socket.
    if (length !== undefined && declared <= maxSize && isNodeRequest(c.env)) return next()
    const stream = c.req.raw.body
    if (stream === null) return next()
    const reader: ReadableStreamDefaultReader<Uint8Array> = stream.getReader()
    let size = 0
    const chunks: Uint8Array[] = []
    let over = Number.isFinite(declared) && declared > maxSize
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.length
      if (size > maxSize) over = true
      if (over) {
        if (size > DRAIN_LIMIT_BYTES) {
          await reader.cancel().catch(() => undefined)
          break
        }
        continue
      }
      chunks.push(value)
    }
    if (over) throw tooLarge()
    const body = new Uint8Array(size)
    let offset = 0
    for (const chunk of chunks) {
      body.set(chunk, offset)
      offset += chunk.length
    }
    c.req.raw = new Request(c.req.raw, { body })
    return next()
  }
}

/** Served by @hono/node-server (its bindings carry Node's request), not by `app.request()`. */
function isNodeRequest(env: unknown): boolean {
  return typeof env === 'object' && env !== null && 'incoming' in env && env.incoming instanceof IncomingMessage
}
