import { connect, type Socket } from 'node:net'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import type { AppEnv } from './env.js'
import { listen, type RunningHttpServer } from './http-server.js'

/** Reads from a raw socket until one whole answer (headers and a Content-Length body) is in. */
function readAnswer(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    const onData = (chunk: Buffer): void => {
      text += chunk.toString('latin1')
      const end = text.indexOf('\r\n\r\n')
      const length = Number(/content-length: (\d+)/i.exec(text)?.[1] ?? Number.NaN)
      if (end >= 0 && text.length >= end + 4 + length) {
        socket.off('data', onData)
        socket.off('close', onClose)
        resolve(text)
      }
    }
    const onClose = (): void => reject(new Error(`the connection was closed before an answer came (${JSON.stringify(text)})`))
    socket.on('data', onData)
    socket.once('close', onClose)
  })
}

describe('listen', () => {
  let server: RunningHttpServer | undefined
  afterEach(async () => {
    await server?.close(1_000)
  })

  // The cause of the "other side closed" resets the property suite saw: the connection was closed
  // exactly at the advertised keep-alive limit, so a client reusing it near that limit raced the close.
  it('keeps an idle connection open past the Keep-Alive timeout it advertises', async () => {
    const app = new Hono<AppEnv>()
    app.get('/ping', (c) => c.text('pong'))
    server = await listen(app, { port: 0, host: '127.0.0.1', keepAliveSeconds: 2 })
    const socket = connect(server.port, '127.0.0.1')
    await new Promise<void>((resolve) => socket.once('connect', resolve))
    const request = 'GET /ping HTTP/1.1\r\nHost: localhost\r\nConnection: keep-alive\r\n\r\n'
    socket.write(request)
    const first = await readAnswer(socket)
    const advertised = Number(/keep-alive: timeout=(\d+)/i.exec(first)?.[1])
    expect(advertised).toBe(2)
    // A client may reuse the connection until the advertised limit; it is still open a little after.
    await new Promise((resolve) => setTimeout(resolve, advertised * 1000 + 250))
    socket.write(request)
    expect(await readAnswer(socket)).toMatch(/^HTTP\/1\.1 200[\s\S]*pong$/)
    socket.destroy()
  })

  it('advertises a keep-alive timeout above the usual proxy idle timeout by default', async () => {
    const app = new Hono<AppEnv>()
    app.get('/ping', (c) => c.text('pong'))
    server = await listen(app, { port: 0, host: '127.0.0.1' })
    const answer = await fetch(`${server.url}/ping`)
    expect(answer.headers.get('keep-alive')).toBe('timeout=65')
    await answer.text()
  })
})
