import { spawn, type ChildProcess } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const serviceDir = fileURLToPath(new URL('../../consent-service/', import.meta.url))

/** The consent service, started from source by a suite: its URL, its first admin key, and how to stop it. */
export interface ConsentServiceProcess {
  readonly url: string
  readonly admin: string
  /** SIGTERM, then SIGKILL after 10 s; resolves once the process exited. */
  stop(): Promise<void>
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve()
  return new Promise<void>((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000)
    child.once('exit', () => {
      clearTimeout(kill)
      resolve()
    })
    child.kill('SIGTERM')
  })
}

/**
 * Starts apps/consent-service from source on a free port, on embedded PGlite in `dataDir`, with
 * `env` on top of the defaults; resolves with its URL and the admin key it prints at first start.
 * `onStart` receives the process at once, so a suite whose setup fails later can still stop it.
 *
 * @example const service = await startConsentService(join(dir, 'data'), { CONSENT_ALLOWED_ORIGINS: site.url })
 */
export function startConsentService(dataDir: string, env: Record<string, string>, onStart: (stop: () => Promise<void>) => void): Promise<ConsentServiceProcess> {
  const child = spawn(join(serviceDir, 'node_modules/.bin/tsx'), ['--conditions=@onmion/source', 'src/main.ts', 'serve'], {
    cwd: serviceDir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DATABASE_URL: '', ONMION_PRIVACY_KEYS: '', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  const stop = () => stopChild(child)
  onStart(stop)
  return new Promise((resolve, reject) => {
    let text = ''
    child.stderr.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8')
      const url = /listening on (http:\/\/\S+)/.exec(text)?.[1]
      const admin = /admin API key[^:]*: (onm_sk_\S+)/.exec(text)?.[1]
      if (url !== undefined && admin !== undefined) resolve({ url, admin, stop })
    })
    child.on('exit', (code) => reject(new Error(`the consent service exited (${String(code)}): ${text}`)))
  })
}
