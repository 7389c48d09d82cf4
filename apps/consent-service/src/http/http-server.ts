import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { createAdaptorServer } from '@hono/node-server'
import type { Hono } from 'hono'
import type { AppEnv } from './env.js'

/**
 * The idle time a keep-alive connection is advertised to stay open (`Keep-Alive: timeout=65`):
 * longer than the usual load balancer idle timeout (60 s), so the proxy closes first.
 *
 * @example
 * await listen(app, { port: 8787, host: '0.0.0.0', keepAliveSeconds: DEFAULT_KEEP_ALIVE_SECONDS })
 */
export const DEFAULT_KEEP_ALIVE_SECONDS = 65

/** How long past the advertised limit an idle connection is still kept: under a second, so the advertised whole seconds stay the same. */
const KEEP_ALIVE_MARGIN_MS = 999

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
 * const server = await listen(app, { port: 0, host: '127.0.0.1' }) // keepAliveSeconds: 65 by default
 * await fetch(`${server.url}/healthz`)
 * await server.close(10_000)
 */
export async function listen(app: Hono<AppEnv>, options: { port: number; host: string; keepAliveSeconds?: number }): Promise<RunningHttpServer> {
  const server = createAdaptorServer({ fetch: app.fetch, hostname: options.host }) as Server
  // Node advertises `Keep-Alive: timeout=<floor(keepAliveTimeout / 1000)>` and closes an idle
  // connection exactly at keepAliveTimeout. With the two equal, a client (or load balancer) that
  // reuses a connection near the advertised limit races the close: its request meets a closed
  // socket ("other side closed", ECONNRESET), most often when either side is slow under load.
  // Closing up to a second after the advertised limit leaves that margin to the client, and a
  // default above the usual proxy idle timeout (60 s) keeps a proxy from reusing a connection the
  // service has just closed. Shutdown does not wait on idle connections (close() drops them).
  const keepAliveSeconds = options.keepAliveSeconds ?? DEFAULT_KEEP_ALIVE_SECONDS
  server.keepAliveTimeout = keepAliveSeconds * 1000 + KEEP_ALIVE_MARGIN_MS
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
