import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import pg from 'pg'
import { afterEach } from 'vitest'
import { Contract, ContractViolation, type Exchange } from './contract.js'

const APP_DIR = resolve(import.meta.dirname, '..')
const TSX = resolve(APP_DIR, 'node_modules/tsx/dist/loader.mjs')

/** A database for one test file: PGlite in a fresh directory, or a fresh PostgreSQL database. */
export interface TestDatabase {
  readonly backend: 'pglite' | 'postgres'
  /** Environment for the service: DATABASE_URL or DATA_DIR, and the vault keys. */
  readonly env: Record<string, string>
  drop(): Promise<void>
}

/** Vault keys for a test run (the service needs shared keys when instances share PostgreSQL). */
export function testKeys(): string {
  return JSON.stringify({ current: 't1', keys: { t1: randomBytes(32).toString('base64') }, hmacKey: randomBytes(32).toString('base64') })
}

async function pgliteDatabase(): Promise<TestDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'onmion-cs-'))
  return {
    backend: 'pglite',
    env: { DATA_DIR: dir, ONMION_PRIVACY_KEYS: testKeys() },
    drop: () => rm(dir, { recursive: true, force: true }),
  }
}

async function postgresDatabase(baseUrl: string): Promise<TestDatabase> {
  const name = `onmion_cs_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: baseUrl })
  await admin.connect()
  await admin.query(`create database ${name}`)
  await admin.end()
  const url = new URL(baseUrl)
  url.pathname = `/${name}`
  const dir = await mkdtemp(join(tmpdir(), 'onmion-cs-'))
  return {
    backend: 'postgres',
    env: { DATABASE_URL: url.toString(), DATA_DIR: dir, ONMION_PRIVACY_KEYS: testKeys() },
    async drop() {
      const client = new pg.Client({ connectionString: baseUrl })
      await client.connect()
      await client.query(`drop database if exists ${name} with (force)`)
      await client.end()
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** The backends to run on: PGlite always, PostgreSQL when `url` (default TEST_DATABASE_URL) is set. */
export function backends(url: string | undefined = process.env.TEST_DATABASE_URL): { name: 'pglite' | 'postgres'; create: () => Promise<TestDatabase> }[] {
  const list: { name: 'pglite' | 'postgres'; create: () => Promise<TestDatabase> }[] = [{ name: 'pglite', create: pgliteDatabase }]
  if (url !== undefined && url !== '') list.push({ name: 'postgres', create: () => postgresDatabase(url) })
  return list
}

/** A running service process. */
export interface ServiceProcess {
  readonly url: string
  /** The admin key printed on first start (undefined when keys already existed). */
  readonly adminKey: string | undefined
  readonly child: ChildProcess
  /** Everything written to stdout (the JSON logs) and stderr so far. */
  stdout(): string
  stderr(): string
  /** Resolves when the process exits. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Sends a signal and waits for the exit. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

/** Runs the CLI from source (tsx, workspace packages resolved to their src). */
export function runCli(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['--conditions=@onmion/source', '--import', TSX, resolve(APP_DIR, 'src/main.ts'), ...args], {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

/** Runs a CLI command to completion. */
export async function cli(args: readonly string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = runCli(args, env)
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)))
  return { code, stdout, stderr }
}

/**
 * Starts `onmion-privacy serve` as a real child process on a free loopback port and waits until
 * it prints its URL.
 */
export async function startService(env: Record<string, string>, options: { timeoutMs?: number; keepStdout?: boolean } = {}): Promise<ServiceProcess> {
  const child = runCli(['serve'], { PORT: '0', HOST: '127.0.0.1', ...env })
  let stdout = ''
  let stderr = ''
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })))
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  // The "listening" log line on stdout comes after the human-readable lines on stderr.
  let started = false
  const starting = new Promise<{ url: string; adminKey: string | undefined }>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`service did not start in time\nstderr:\n${stderr}\nstdout:\n${stdout}`)), options.timeoutMs ?? 120_000)
    child.stdout?.on('data', (chunk: Buffer) => {
      if (started && options.keepStdout === false) return
      stdout += chunk.toString()
      if (!stdout.includes('"msg":"listening"')) return
      const url = /listening on (http:\/\/\S+)/.exec(stderr)?.[1]
      if (url === undefined) return
      clearTimeout(timer)
      done({ url, adminKey: /admin API key[^:]*: (onm_sk_\S+)/.exec(stderr)?.[1] })
    })
    void exited.then(({ code, signal }) => {
      clearTimeout(timer)
      fail(new Error(`service exited (${code ?? signal ?? '?'}) before listening\nstderr:\n${stderr}`))
    })
  })
  const { url, adminKey } = await starting.catch((error: unknown) => {
    // Never leave a half-started service behind.
    child.kill('SIGKILL')
    throw error
  })
  started = true
  // The contract is read once, while the service surely answers (a test may stop it mid-burst).
  await contractFor(url).catch((error: unknown) => {
    child.kill('SIGKILL')
    throw error
  })
  return {
    url,
    adminKey,
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

const contracts = new Map<string, Promise<Contract>>()
const violations: ContractViolation[] = []

/** The OpenAPI document the service at `url` serves, compiled for checking its answers. */
export function contractFor(url: string): Promise<Contract> {
  let contract = contracts.get(url)
  if (contract === undefined) {
    contract = fetch(`${url}/openapi.json`).then(async (answer) => {
      if (answer.status !== 200) throw new Error(`GET ${url}/openapi.json answered ${answer.status}`)
      return new Contract((await answer.json()) as ConstructorParameters<typeof Contract>[0])
    })
    contracts.set(url, contract)
  }
  return contract
}

/**
 * Hands over (and forgets) the contract violations seen since the last call. A test that
 * provokes one on purpose takes it, so the check after each test does not fail that test.
 */
export function takeContractViolations(): ContractViolation[] {
  return violations.splice(0)
}

/**
 * Checks one answer of the service at `url` against its document; a violation is recorded (see
 * {@link takeContractViolations}) and thrown.
 */
export async function checkContract(url: string, exchange: Exchange): Promise<void> {
  try {
    ;(await contractFor(url)).check(exchange)
  } catch (error) {
    if (error instanceof ContractViolation) violations.push(error)
    throw error
  }
}

// A violation fails its request; this also fails the test when the test caught that error
// (a burst that records failures as outcomes), so no drift goes unnoticed. (The benchmark uses
// this harness outside vitest, where there is no test to fail.)
if (process.env.VITEST !== undefined) {
  afterEach(() => {
    const seen = takeContractViolations()
    if (seen.length > 0) throw new Error(`answers that the OpenAPI document does not describe:\n${seen.map((v) => v.message).join('\n')}`)
  })
}

/**
 * A small HTTP client bound to a service and a key. Every answer is checked against the
 * service's own OpenAPI document (see {@link Contract}): an undocumented status or body throws
 * a {@link ContractViolation}.
 */
export function client(url: string, key?: string) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const init: RequestInit = { method, headers: { ...(key === undefined ? {} : { authorization: `Bearer ${key}` }), ...headers } }
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body)
      ;(init.headers as Record<string, string>)['content-type'] ??= 'application/json'
    }
    const response = await fetch(`${url}${path}`, init)
    const text = await response.text()
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary answers
    let json: any
    try {
      json = text === '' ? undefined : JSON.parse(text)
    } catch {
      json = undefined
    }
    await checkContract(url, { method, path, status: response.status, contentType: response.headers.get('content-type'), text })
    return { status: response.status, headers: response.headers, text, json }
  }
}
