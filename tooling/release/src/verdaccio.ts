import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { runOrThrow } from './run.js'

/**
 * Verdaccio 6.6+ needs Node 22; 6.5 runs on Node 20. Its audit plugin asks for `node-fetch@cjs`,
 * a dist-tag the registry here does not carry, so it is installed with npm and an override, in
 * a cache directory of its own rather than in the workspace lockfile.
 */
export const VERDACCIO_VERSION = '6.5.2'
const UPLINK = 'https://registry.npmjs.org/'

/** A running local registry. */
export interface LocalRegistry {
  readonly url: string
  /** A token that may publish `@onmion/*`. */
  readonly token: string
  stop(): Promise<void>
}

/** Installs Verdaccio once under `cacheDir` (atomically, so parallel runs cannot see half an install). */
export async function ensureVerdaccio(cacheDir: string): Promise<string> {
  const home = join(cacheDir, `verdaccio-${VERDACCIO_VERSION}`)
  if (existsSync(join(home, 'node_modules', 'verdaccio', 'package.json'))) return home
  await mkdir(cacheDir, { recursive: true })
  const staging = await mkdtemp(join(cacheDir, 'install-'))
  await writeFile(
    join(staging, 'package.json'),
    JSON.stringify({ private: true, dependencies: { verdaccio: VERDACCIO_VERSION }, overrides: { 'verdaccio-audit': { 'node-fetch': '2.7.0' } } }),
  )
  await runOrThrow('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', `--registry=${UPLINK}`], { cwd: staging, timeoutMs: 300_000 })
  await writeFile(
    join(staging, 'launch.mjs'),
    [
      "import { runServer } from 'verdaccio'",
      'const app = await runServer(process.argv[2])',
      "const server = app.listen(0, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\\n`))",
      "process.on('SIGTERM', () => server.close(() => process.exit(0)))",
    ].join('\n'),
  )
  try {
    await rename(staging, home)
  } catch (error) {
    // Another run finished first: use its install.
    await rm(staging, { recursive: true, force: true })
    if (!existsSync(join(home, 'node_modules', 'verdaccio', 'package.json'))) throw error
  }
  return home
}

/**
 * The launcher that takes a port (`launch.mjs` of older cached installs always asked the OS for
 * one). Written next to the install, by rename, so parallel runs never see half a file.
 */
async function ensureLauncher(home: string): Promise<string> {
  const file = join(home, 'serve-on.mjs')
  if (existsSync(file)) return file
  const staging = `${file}.${process.pid}.tmp`
  await writeFile(
    staging,
    [
      "import { runServer } from 'verdaccio'",
      'const app = await runServer(process.argv[2])',
      "const server = app.listen(Number(process.argv[3] ?? 0), '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ port: server.address().port })}\\n`))",
      "server.on('error', (error) => { process.stderr.write(`${error.message}\\n`); process.exit(1) })",
      "process.on('SIGTERM', () => server.close(() => process.exit(0)))",
      "process.on('SIGINT', () => server.close(() => process.exit(0)))",
    ].join('\n'),
  )
  await rename(staging, file)
  return file
}

/**
 * Starts Verdaccio on loopback, on `port` (default: chosen by the OS), storage under `workDir`: `@onmion/*` is
 * served only from that storage (never proxied, so an install can only get what we published),
 * everything else is proxied to the npm registry. Registers a user and returns its token.
 */
export async function startRegistry(options: { cacheDir: string; workDir: string; port?: number }): Promise<LocalRegistry> {
  const home = await ensureVerdaccio(options.cacheDir)
  const launcher = await ensureLauncher(home)
  const config = join(options.workDir, 'verdaccio.yaml')
  await writeFile(
    config,
    [
      `storage: ${join(options.workDir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(options.workDir, 'htpasswd')}`,
      '    max_users: 10',
      'uplinks:',
      '  npmjs:',
      `    url: ${UPLINK}`,
      '    timeout: 60s',
      'packages:',
      "  '@onmion/*':",
      '    access: $all',
      '    publish: $authenticated',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      '    proxy: npmjs',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  )
  const child = spawn(process.execPath, [launcher, config, String(options.port ?? 0)], { cwd: options.workDir, stdio: ['ignore', 'pipe', 'pipe'] })
  const port = await new Promise<number>((resolve, reject) => {
    let output = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`verdaccio did not start within 60 s:\n${output}`))
    }, 60_000)
    const onData = (chunk: Buffer): void => {
      output += chunk.toString('utf8')
      const match = /\{"port":(\d+)\}/.exec(output)
      if (match) {
        clearTimeout(timer)
        resolve(Number(match[1]))
      }
    }
    child.stdout.on('data', onData)
    child.stderr.on('data', onData)
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`verdaccio exited with ${code ?? 'a signal'}:\n${output}`))
    })
  })
  const url = `http://127.0.0.1:${port}/`
  try {
    const response = await fetch(new URL('-/user/org.couchdb.user:rehearsal', url), {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'rehearsal', password: 'rehearsal-password' }),
    })
    const body = (await response.json()) as { token?: string }
    if (!response.ok || body.token === undefined) throw new Error(`could not register a user on verdaccio: ${response.status} ${JSON.stringify(body)}`)
    return { url, token: body.token, stop: () => stopChild(child) }
  } catch (error) {
    await stopChild(child)
    throw error
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
