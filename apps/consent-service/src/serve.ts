import type { ServiceConfig } from './config.js'
import type { CliIo } from './cli/io.js'
import { listen } from './http/http-server.js'
import { createLogger } from './logger.js'
import { openService, type Service } from './service.js'
import type { Logger } from 'pino'

/** A running service; `stopped` resolves once it has shut down (after SIGTERM/SIGINT or `stop()`). */
export interface RunningService {
  readonly url: string
  readonly stopped: Promise<void>
  stop(): Promise<void>
}

/**
 * Starts the service: opens the database (migrations applied), creates an admin key on first
 * start (printed once, stored hashed), listens, and shuts down gracefully on SIGTERM or SIGINT:
 * no new connections, in-flight requests finish, then the database closes. Human-readable lines
 * go to stderr; stdout carries only the JSON logs.
 *
 * @example
 * const running = await startService(loadConfig(), { stdout: process.stdout, stderr: process.stderr })
 * await running.stopped
 */
export async function startService(config: ServiceConfig, io: CliIo, options: { signals?: boolean } = {}): Promise<RunningService> {
  const logger = createLogger({ level: config.logLevel })
  const service = await openService(config, logger)
  let server
  let admin
  try {
    admin = await service.apiKeys.bootstrap()
    server = await listen(service.app, { port: config.port, host: config.host })
  } catch (error) {
    await service.close()
    throw error
  }
  const running = server

  io.stderr.write(`onmion consent service listening on ${running.url} (API docs: ${running.url}/docs, policy: ${running.url}/privacy)\n`)
  io.stderr.write(`database: ${service.privacy.backend === 'postgres' ? 'PostgreSQL' : `PGlite at ${config.databaseUrl}`}\n`)
  if (service.generatedKeyFile !== null) {
    io.stderr.write(`identifier-vault keys generated at ${service.generatedKeyFile}; back it up, or set ONMION_PRIVACY_KEYS\n`)
  }
  if (admin !== null) {
    io.stderr.write(`admin API key (shown once, stored hashed): ${admin.key}\n`)
    // The key appears once: a second copy (in an example command) would double what leaks with the terminal's scrollback.
    io.stderr.write(`  try: curl -H "Authorization: Bearer <the admin key>" ${running.url}/v1/ledger/verify\n`)
  }
  logger.info({ url: running.url, backend: service.privacy.backend }, 'listening')
  const stopCheckpoints = scheduleCheckpoints(service, config, logger)

  let stopping: Promise<void> | undefined
  let resolve: () => void = () => undefined
  let reject: (error: unknown) => void = () => undefined
  const stopped = new Promise<void>((res, rej) => {
    resolve = res
    reject = rej
  })
  // Ctrl-C under `pnpm start` arrives twice: the terminal signals the whole process group, and
  // pnpm forwards its own SIGINT to the script. The handler stays installed for the life of the
  // process (a signal listener does not keep it alive), so a second copy, however late, even after
  // "stopped" while the process drains its last output, is a no-op instead of Node's default
  // (death by SIGINT, which pnpm reports as "Command failed"). The shutdown itself is bounded by
  // SHUTDOWN_TIMEOUT_MS. startService runs once per process (the CLI's `serve`).
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping !== undefined) {
      logger.info({ signal }, 'signal received: already shutting down')
      return
    }
    logger.info({ signal }, 'signal received')
    void stop()
  }
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      stopCheckpoints()
      logger.info('shutting down: finishing in-flight requests')
      await running.close(config.shutdownTimeoutMs)
      await service.close()
      logger.info('stopped')
      logger.flush()
    })()
    stopping.then(resolve, reject)
    return stopping
  }
  if (options.signals !== false) {
    process.on('SIGTERM', onSignal)
    process.on('SIGINT', onSignal)
  }
  return { url: running.url, stopped, stop }
}

/**
 * With a signing key and CHECKPOINT_INTERVAL_SECONDS > 0: a checkpoint at start and then on
 * schedule, each written to CHECKPOINT_DIR. Returns the function that stops the schedule.
 */
function scheduleCheckpoints(service: Service, config: ServiceConfig, logger: Logger): () => void {
  const hasKey = (() => {
    try {
      service.privacy.ledger.publicKey()
      return true
    } catch {
      return false
    }
  })()
  if (!hasKey || config.checkpoints.intervalSeconds === 0) return () => undefined
  const failed = (error: unknown): void => logger.error({ err: error }, 'checkpoint failed')
  service.checkpoints.take().then((c) => logger.info({ treeSize: c.treeSize, dir: config.checkpoints.dir ?? null }, 'checkpoint taken'), failed)
  return service.checkpoints.schedule(config.checkpoints.intervalSeconds * 1000, failed)
}
