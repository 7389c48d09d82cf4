import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkContract, client, startService, testKeys, type ServiceProcess } from './harness.js'

const run = promisify(execFile)
const README = resolve(import.meta.dirname, '..', 'README.md')
const DOCUMENTED_URL = 'http://127.0.0.1:8787'

/**
 * The README's curl examples, one command each: the shell blocks that call curl, with their
 * backslash-continued lines joined (a quoted body may go on over lines) and the comments (the
 * answers they show) left out.
 */
async function readmeCurlCommands(): Promise<string[]> {
  const text = await readFile(README, 'utf8')
  const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).filter((block) => /^curl /m.test(block))
  const commands: string[] = []
  for (const block of blocks) {
    let current: string | undefined
    for (const line of block.replace(/\\\n\s*/g, '').split('\n')) {
      if (line.startsWith('curl ')) {
        if (current !== undefined) commands.push(current)
        current = line
      } else if (line.startsWith('#') || line.trim() === '') {
        if (current !== undefined) commands.push(current)
        current = undefined
      } else if (current !== undefined) {
        // A quoted body that goes on over lines without a backslash.
        current += `\n${line}`
      }
    }
    if (current !== undefined) commands.push(current)
  }
  return commands
}

/**
 * The curl examples of the README run as written, in order, against a real service: the
 * variables they use ($KEY, $ADMIN_KEY, $PUBLISHABLE_KEY, $ID: "the id of the first answer")
 * set as a reader would set them, only the documented address replaced by the test's. Each must
 * succeed (2xx), and each answer is checked against the OpenAPI document like every other.
 */
describe('the README curl examples', () => {
  let service: ServiceProcess
  let dir: string

  beforeAll(async () => {
    await run('curl', ['--version']).catch(() => {
      throw new Error('the README curl examples need curl on the PATH (apt-get install curl), as a reader of the README does')
    })
    dir = await mkdtemp(join(tmpdir(), 'onmion-readme-curl-'))
    service = await startService({ DATA_DIR: join(dir, 'data'), ONMION_PRIVACY_KEYS: testKeys() })
  })
  afterAll(async () => {
    await service.stop()
    await rm(dir, { recursive: true, force: true })
  })

  it('run as written and each succeeds, the rights request through to completed', { timeout: 300_000 }, async () => {
    const commands = await readmeCurlCommands()
    expect(commands.length).toBeGreaterThanOrEqual(8)
    const admin = client(service.url, service.adminKey)
    const publishable = await admin('POST', '/v1/keys', { name: 'readme browser', kind: 'publishable' })
    const env: Record<string, string> = { PATH: process.env.PATH ?? '', KEY: service.adminKey ?? '', ADMIN_KEY: service.adminKey ?? '', PUBLISHABLE_KEY: publishable.json.key as string }
    const outcomes: string[] = []
    for (const command of commands) {
      const url = new URL(/'?(http:\/\/127\.0\.0\.1:8787[^'\s]*)'?/.exec(command)![1]!.replaceAll('$ID', env.ID ?? ''))
      const method = /-X (\w+)/.exec(command)?.[1] ?? 'GET'
      const output = /-o (\S+)/.exec(command)?.[1]
      // -w adds the status and media type after the body; -s keeps progress meters out of it.
      const runnable = command.replaceAll(DOCUMENTED_URL, service.url).replace(/^curl /, `curl -s -w '\\n%{http_code} %{content_type}' `)
      const { stdout } = await run('bash', ['-c', runnable], { cwd: dir, env })
      const lines = stdout.split('\n')
      const [status = '', contentType = ''] = lines.pop()!.split(' ')
      const text = output === undefined ? lines.join('\n') : await readFile(join(dir, output), 'utf8')
      outcomes.push(`${method} ${url.pathname} ${status}`)
      await checkContract(service.url, { method, path: `${url.pathname}${url.search}`, status: Number(status), contentType: contentType === '' ? null : contentType, text })
      if (method === 'POST' && url.pathname === '/v1/rights-requests') env.ID = (JSON.parse(text) as { id: string }).id
    }
    expect(outcomes.filter((outcome) => !/ 2\d\d$/.test(outcome))).toEqual([])
    expect((await admin('GET', `/v1/rights-requests/${env.ID}`)).json.status).toBe('completed')
  })
})
