import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { onmionPolicy } from '@onmion/privacy-policy'
import { CheckpointKey, PrivacyKeys } from '@onmion/privacy-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../src/cli.js'
import { cli, startService, testKeys } from './harness.js'

/** Runs the CLI in this process with captured output and a given environment. */
async function run(args: string[], env: Record<string, string> = {}) {
  let stdout = ''
  let stderr = ''
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]))
  Object.assign(process.env, env)
  try {
    const code = await main(['node', 'onmion-privacy', ...args], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t) },
    })
    return { code, stdout, stderr }
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, key)
      else process.env[key] = value
    }
  }
}

describe('onmion-privacy policy', () => {
  let dir: string
  let valid: string
  let invalid: string
  let grown: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onmion-cli-'))
    valid = join(dir, 'policy.json')
    await writeFile(valid, JSON.stringify(onmionPolicy))
    const broken = structuredClone(onmionPolicy) as unknown as { purposes: { id: string; categories: string[] }[] }
    broken.purposes.find((p) => p.id === 'analytics')!.categories.push('usage_data2')
    invalid = join(dir, 'invalid.json')
    await writeFile(invalid, JSON.stringify(broken))
    const next = structuredClone(onmionPolicy) as unknown as { purposes: { id: string; categories: string[] }[] }
    next.purposes.find((p) => p.id === 'analytics')!.categories.push('identifiers')
    grown = join(dir, 'grown.json')
    await writeFile(grown, JSON.stringify(next))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('validates a policy: 0 when valid, 1 listing each issue with its path when not', async () => {
    const ok = await run(['policy', 'validate', valid])
    expect(ok).toMatchObject({ code: 0, stderr: '' })
    expect(ok.stdout).toContain('valid policy, version 1.0.0')
    const bad = await run(['policy', 'validate', invalid])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('purposes.analytics.categories[')
    expect(bad.stderr).toContain('unknown data category "usage_data2"')
    const missing = await run(['policy', 'validate', join(dir, 'nope.json')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/cannot read/)
    const asJson = await run(['--json', 'policy', 'validate', valid])
    expect(JSON.parse(asJson.stdout)).toEqual({ valid: true, file: valid, version: '1.0.0' })
    // What `curl …/v1/policy > saved.json` writes: the policy wrapped with its version and date.
    const saved = join(dir, 'saved.json')
    await writeFile(saved, JSON.stringify({ version: onmionPolicy.meta.version, effectiveDate: onmionPolicy.meta.effectiveDate, policy: onmionPolicy }))
    expect(await run(['policy', 'validate', saved])).toMatchObject({ code: 0, stdout: expect.stringContaining('valid policy, version 1.0.0') as unknown })
    expect((await run(['policy', 'diff', valid, saved])).stdout).toContain('required bump: none')
  })

  it("renders Onmion's policy as Markdown by default and as HTML on request", async () => {
    const md = await run(['policy', 'render'])
    expect(md.code).toBe(0)
    expect(md.stdout).toMatch(/^# /m)
    expect(md.stdout).toContain('privacy@onmion.com')
    const html = await run(['policy', 'render', '--format', 'html'])
    expect(html.stdout).toMatch(/<html/i)
    const other = await run(['policy', 'render', '--policy', invalid])
    expect(other.code).toBe(1)
    const usage = await run(['policy', 'render', '--format', 'pdf'])
    expect(usage.code).toBe(2)
    expect(usage.stderr).toMatch(/pdf/)
  })

  it('diffs two policies: the changes and the required bump', async () => {
    const same = await run(['policy', 'diff', valid, valid])
    expect(same.code).toBe(0)
    expect(same.stdout).toContain('required bump: none')
    const grew = await run(['policy', 'diff', valid, grown])
    expect(grew.code).toBe(0)
    expect(grew.stdout).toContain('purposes.analytics')
    expect(grew.stdout).toContain('required bump: major')
    const asJson = JSON.parse((await run(['--json', 'policy', 'diff', valid, grown])).stdout)
    expect(asJson).toMatchObject({ material: true, bump: 'major' })
    expect((await run(['policy', 'diff', valid, invalid])).code).toBe(1)
  })

  it('prints the JSON Schema of a policy document', async () => {
    const schema = await run(['policy', 'schema'])
    expect(schema.code).toBe(0)
    const parsed = JSON.parse(schema.stdout)
    expect(parsed.type).toBe('object')
    expect(parsed.properties).toHaveProperty('purposes')
  })

  it('answers usage errors with exit code 2 and --help with 0', async () => {
    expect((await run(['policy', 'frobnicate'])).code).toBe(2)
    expect((await run(['policy', 'validate'])).code).toBe(2)
    expect((await run(['--bogus'])).code).toBe(2)
    // Bad --scope values are usage errors, refused before any database is opened.
    const unknownScope = await run(['keys', 'create', '--name', 'x', '--scope', 'consent:read,bogus'], { DATA_DIR: '/nonexistent/onmion' })
    expect(unknownScope).toMatchObject({ code: 2, stderr: expect.stringContaining('--scope: "bogus"') as unknown })
    expect((await run(['keys', 'create', '--name', 'x'], { DATA_DIR: '/nonexistent/onmion' })).code).toBe(2)
    expect((await run(['keys', 'create', '--name', 'x', '--publishable', '--scope', 'admin'], { DATA_DIR: '/nonexistent/onmion' })).code).toBe(2)
    const help = await run(['--help'])
    expect(help.code).toBe(0)
    for (const command of ['serve', 'migrate', 'keys', 'ledger', 'retention', 'rights', 'policy']) expect(help.stdout).toContain(command)
    expect(help.stdout).toContain('Exit codes')
    const sub = await run(['keys', 'create', '--help'])
    expect(sub.code).toBe(0)
    expect(sub.stdout).toContain('--scope')
  })
})

describe('onmion-privacy database commands', () => {
  let dir: string
  let env: Record<string, string>

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onmion-cli-db-'))
    env = { DATA_DIR: dir, ONMION_PRIVACY_KEYS: testKeys() }
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  // Eleven in-process opens of PGlite: minutes on a loaded machine.
  it('migrates, creates, lists and revokes keys, verifies the ledger, plans retention and lists rights requests', { timeout: 900_000 }, async () => {
    const migrated = await run(['--json', 'migrate'], env)
    expect(migrated.code).toBe(0)
    expect(JSON.parse(migrated.stdout).migrations).toContain('1000_service_api_keys')

    const created = await run(['--json', 'keys', 'create', '--name', 'billing', '--scope', 'decisions,consent:read'], env)
    expect(created.code).toBe(0)
    const key = JSON.parse(created.stdout)
    expect(key).toMatchObject({ name: 'billing', kind: 'secret', scopes: ['decisions', 'consent:read'] })
    expect(key.key).toMatch(/^onm_sk_[a-f0-9]{16}\./)
    const web = await run(['keys', 'create', '--name', 'banner', '--publishable'], env)
    expect(web.stdout).toMatch(/^onm_pk_/)
    expect((await run(['keys', 'create', '--name', 'x'], env)).code).toBe(2)
    const badScope = await run(['keys', 'create', '--name', 'x', '--scope', 'everything'], env)
    expect(badScope.code).toBe(2)
    expect(badScope.stderr).toContain('--scope: "everything" is not one of')

    const listed = await run(['keys', 'list'], env)
    expect(listed.stdout).toContain(key.id)
    expect(listed.stdout).not.toContain(key.key.split('.')[1])
    expect((await run(['keys', 'revoke', key.id], env)).code).toBe(0)
    const after = JSON.parse((await run(['--json', 'keys', 'list'], env)).stdout) as { id: string; revokedAt: string | null }[]
    expect(after.find((k) => k.id === key.id)?.revokedAt).not.toBeNull()
    expect((await run(['keys', 'revoke', '0123456789abcdef'], env)).code).toBe(1)

    const verified = await run(['ledger', 'verify'], env)
    expect(verified.code).toBe(0)
    expect(verified.stdout).toContain('every chain intact')
    const plan = await run(['--json', 'retention', 'plan'], env)
    expect(plan.code).toBe(0)
    expect(JSON.parse(plan.stdout)).toHaveProperty('total', 0)
    const sweep = await run(['retention', 'sweep'], env)
    expect(sweep.code).toBe(0)
    expect(sweep.stdout).toMatch(/sweep completed: removed 0/)
    const overdue = await run(['rights', 'list', '--overdue'], env)
    expect(overdue).toMatchObject({ code: 0, stdout: 'no overdue requests\n' })
    expect((await run(['rights', 'list', '--status', 'lost'], env)).code).toBe(2)
  })

  it('refuses to open an embedded database a running service holds (exit 1), as a real process', { timeout: 900_000 }, async () => {
    const service = await startService(env)
    try {
      const locked = await cli(['keys', 'list'], env)
      expect(locked.code).toBe(1)
      expect(locked.stderr).toMatch(/in use by process \d+/)
    } finally {
      await service.stop()
    }
    const free = await cli(['--json', 'keys', 'list'], env)
    expect(free.code).toBe(0)
    expect(JSON.parse(free.stdout).length).toBeGreaterThanOrEqual(1)
  })
})

describe('onmion-privacy: which database, and creating nothing by accident', () => {
  let dir: string

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'onmion-cli-choice-'))
  })
  afterAll(() => rm(dir, { recursive: true, force: true }))

  it('refuses a read-only command on a database that does not exist, and creates nothing', async () => {
    const missing = join(dir, 'never-started')
    for (const args of [['keys', 'list'], ['ledger', 'verify'], ['retention', 'plan'], ['rights', 'list'], ['keys', 'revoke', '0123456789abcdef'], ['retention', 'sweep']]) {
      const result = await run(args, { DATA_DIR: missing, ONMION_PRIVACY_KEYS: '' })
      expect(result.code, args.join(' ')).toBe(1)
      expect(result.stderr).toContain(`no database at ${join(missing, 'privacy')}`)
      expect(result.stderr).toContain('DATA_DIR')
      expect(result.stdout).toBe('')
    }
    expect(existsSync(missing)).toBe(false)
  })

  it('says on stderr which database every command opened, so --json output stays one document', { timeout: 600_000 }, async () => {
    const env = { DATA_DIR: join(dir, 'used'), ONMION_PRIVACY_KEYS: testKeys() }
    const migrated = await run(['--json', 'migrate'], env)
    expect(migrated.code).toBe(0)
    expect(migrated.stderr).toBe(`database: PGlite at ${join(dir, 'used', 'privacy')}\n`)
    const listed = await run(['--json', 'keys', 'list'], env)
    expect(JSON.parse(listed.stdout)).toEqual([])
    expect(listed.stderr).toContain(`database: PGlite at ${join(dir, 'used', 'privacy')}`)
  })

  it('generates an identifier key set for ONMION_PRIVACY_KEYS, and rotates one keeping its old keys and HMAC key', async () => {
    const fresh = await run(['--json', 'keys', 'generate'], { DATA_DIR: join(dir, 'none') })
    expect(fresh.code).toBe(0)
    const generated = JSON.parse(fresh.stdout) as { kind: string; env: string; value: string }
    expect(generated).toMatchObject({ kind: 'identifiers', env: 'ONMION_PRIVACY_KEYS' })
    const keys = PrivacyKeys.parse(JSON.parse(generated.value))
    expect(Buffer.from(keys.hmacKey, 'base64')).toHaveLength(32)
    expect(existsSync(join(dir, 'none'))).toBe(false)

    const text = await run(['keys', 'generate', 'identifiers'])
    expect(text.stdout).toMatch(/^ONMION_PRIVACY_KEYS='\{"current":"k\d{8}"/)
    expect(text.stderr).toContain('keep it secret')

    const rotated = await run(['--json', 'keys', 'generate', '--rotate'], { ONMION_PRIVACY_KEYS: generated.value })
    const next = PrivacyKeys.parse(JSON.parse((JSON.parse(rotated.stdout) as { value: string }).value))
    expect(next.current).not.toBe(keys.current)
    expect(next.keys[keys.current]).toBe(keys.keys[keys.current])
    expect(next.hmacKey).toBe(keys.hmacKey)

    expect((await run(['keys', 'generate', '--rotate'], { DATA_DIR: join(dir, 'none'), ONMION_PRIVACY_KEYS: '' })).code).toBe(2)
    expect((await run(['keys', 'generate', 'nonsense'])).code).toBe(2)
  })

  it('generates a checkpoint signing key for ONMION_PRIVACY_CHECKPOINT_KEY, with its public key, that the SDK accepts', async () => {
    const made = await run(['--json', 'keys', 'generate', 'checkpoints'], { DATA_DIR: join(dir, 'none') })
    expect(made.code).toBe(0)
    const generated = JSON.parse(made.stdout) as { kind: string; env: string; value: string }
    expect(generated).toMatchObject({ kind: 'checkpoints', env: 'ONMION_PRIVACY_CHECKPOINT_KEY' })
    const key = CheckpointKey.parse(JSON.parse(generated.value))
    expect(Buffer.from(key.privateKey, 'base64')).toHaveLength(32)
    expect(key.publicKey).toMatch(/^[A-Za-z0-9+/]{43}=$/)
    expect(existsSync(join(dir, 'none'))).toBe(false)
  })

  it('stops at once on a port in use, with a hint, before creating the data directory', async () => {
    const blocker = createServer()
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done))
    const port = (blocker.address() as AddressInfo).port
    try {
      const dataDir = join(dir, 'port-taken')
      const result = await run(['serve', '--port', String(port), '--host', '127.0.0.1'], { DATA_DIR: dataDir, ONMION_PRIVACY_KEYS: '' })
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is already in use`)
      expect(result.stderr).toContain(`PORT=${port + 1} pnpm start`)
      expect(existsSync(dataDir)).toBe(false)
    } finally {
      await new Promise((done) => blocker.close(done))
    }
  })

  // A first start on a loaded machine can take minutes; nothing here measures time.
  it('stops with exit code 0 on Ctrl-C (SIGINT), as a real process', { timeout: 600_000 }, async () => {
    const service = await startService({ DATA_DIR: join(dir, 'sigint'), ONMION_PRIVACY_KEYS: testKeys() }, { timeoutMs: 540_000 })
    expect(await service.stop('SIGINT')).toEqual({ code: 0, signal: null })
  })

  // Under `pnpm start` one Ctrl-C arrives twice: from the terminal (the whole process group) and
  // forwarded by pnpm. Dying of the second copy made pnpm print "ELIFECYCLE Command failed".
  it('stops with exit code 0 when one Ctrl-C reaches it twice, as under pnpm start', { timeout: 600_000 }, async () => {
    const service = await startService({ DATA_DIR: join(dir, 'sigint-twice'), ONMION_PRIVACY_KEYS: testKeys() }, { timeoutMs: 540_000 })
    // The second copy comes once the first is being handled (two pending SIGINTs would merge into one).
    const handling = new Promise<void>((done) => {
      const seen = (): void => {
        if (!service.stdout().includes('"msg":"signal received"')) return
        service.child.stdout?.off('data', seen)
        done()
      }
      service.child.stdout?.on('data', seen)
    })
    service.child.kill('SIGINT')
    await handling
    service.child.kill('SIGINT')
    expect(await service.exited).toEqual({ code: 0, signal: null })
    expect(service.stdout()).toContain('"msg":"stopped"')
  })
})
