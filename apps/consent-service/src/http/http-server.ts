import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { createAdaptorServer } from '@hono/node-server'
import type { Hono } from 'hono'
import type { AppEnv } from './env.js'

/** A listening HTTP server. */
export interface RunningHttpServer {
  /** `http://host:port`, with the port actually bound (useful with port 0). */
  readonly url: string
  readonly port: number
  /**
   * Stops accepting connections, lets in-flight requests finish (up to `timeoutMs`, then cuts
   * the remaining connections), and resolves when the server is closed.
   */
  close(timeoutMs: number): Promise<void>
}

/**
 * Serves a Hono app on Node's HTTP server.
 *
 * @example
 * const server = await listen(app, { port: 0, host: '127.0.0.1' })
 * await fetch(`${server.url}/healthz`)
 * await server.close(10_000)
 */
export async function listen(app: Hono<AppEnv>, options: { port: number; host: string }): Promise<RunningHttpServer> {
  const server = createAdaptorServer({ fetch: app.fetch, hostname: options.host }) as Server
  // Keep-alive connections are reused by load balancers; a short idle timeout lets shutdown finish.
  server.keepAliveTimeout = 5_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port, options.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const address = server.address() as AddressInfo
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  let closing: Promise<void> | undefined
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    close(timeoutMs) {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        // close() already drops idle keep-alive connections; ones that become idle after their
        // in-flight response are dropped as they do, and anything left at the deadline is cut.
        const sweep = setInterval(() => server.closeIdleConnections(), 50)
        const deadline = setTimeout(() => server.closeAllConnections(), timeoutMs)
        server.once('close', () => {
          clearInterval(sweep)
          clearTimeout(deadline)
        })
      })
      return closing
    },
  }
}
