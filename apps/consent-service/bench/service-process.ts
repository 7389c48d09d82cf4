// The consent service as deployed, for the benchmarks: `onmion-privacy serve` in its own process.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtemp, open, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const APP_DIR = resolve(import.meta.dirname, '..')
export const TSX = resolve(APP_DIR, 'node_modules/tsx/dist/loader.mjs')

/** Rate limits out of the way: the benchmarks measure the work, not the limiter's refusals. */
export const UNLIMITED = { RATE_LIMIT_PER_SECOND: '1000000', RATE_LIMIT_BURST: '1000000', RATE_LIMIT_PUBLIC_PER_SECOND: '1000000', RATE_LIMIT_PUBLIC_BURST: '1000000' }

/** A running service process. */
export interface LoggingService {
  readonly url: string
  /** The admin key printed on the database's first start; undefined for a later instance. */
  readonly adminKey: string | undefined
  readonly logFile: string
  stop(): Promise<void>
}

/** Sends SIGTERM and waits for the exit. */
export const stopChild = (child: ChildProcess): Promise<void> =>
  new Promise((done) => {
    if (child.exitCode !== null) return done()
    child.once('exit', () => done())
    child.kill('SIGTERM')
  })

/**
 * Starts `onmion-privacy serve` with its JSON logs (level info, a line per request) written to a
 * file, as a log collector would take them: not piped into the benchmark's process, which would
 * then spend the load generator's CPU reading them.
 */
export async function startLoggingService(env: Record<string, string>, options: { readonly firstStart: boolean } = { firstStart: true }): Promise<LoggingService> {
  const dir = await mkdtemp(join(tmpdir(), 'onmion-bench-log-'))
  const logFile = join(dir, 'service.log')
  const log = await open(logFile, 'w')
  const child = spawn(process.execPath, ['--conditions=@onmion/source', '--import', TSX, resolve(APP_DIR, 'src/main.ts'), 'serve'], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', log.fd, 'pipe'],
  })
  let stderr = ''
  const started = await new Promise<{ url: string; adminKey: string | undefined }>((done, fail) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
      const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1]
      // On the database's first start the admin key line follows; a later instance prints none.
      const adminKey = /admin API key[^:]*: (onm_sk_\S+)/.exec(stderr)?.[1]
      if (url !== undefined && (adminKey !== undefined || (!options.firstStart && /^database: /m.test(stderr)))) done({ url, adminKey })
    })
    child.once('exit', (code) => fail(new Error(`service exited (${code}) before listening:\n${stderr}`)))
  })
  return {
    ...started,
    logFile,
    async stop() {
      await stopChild(child)
      await log.close()
      await rm(dir, { recursive: true, force: true })
    },
  }
}
