import { Argument, Command, Option } from 'commander'
import { sql } from 'kysely'
import { pino } from 'pino'
import { ApiKeyError, type ApiKeyInfo } from '../auth/api-key-store.js'
import { SCOPES } from '../auth/scopes.js'
import { loadConfig, type ServiceConfig } from '../config.js'
import { DatabaseLockedError } from '../process-lock.js'
import { startService } from '../serve.js'
import { openService, type Service } from '../service.js'
import { describeDatabase, requireExistingDatabase } from './database-choice.js'
import { CliError, ExitCode, output, type CliIo } from './io.js'
import { KEY_KINDS, type KeyKindName } from './key-kinds.js'
import { assertCanListen, portProblem } from './port-check.js'
import { createProgress } from './progress.js'
import { addProofCommands, verifyWithCheckpoint } from './proof-commands.js'
import { rightsLine } from './rights-line.js'

/**
 * Opens the service's database for one command and closes it afterwards. It says which database
 * on stderr (stdout stays clean for `--json`). A command that only reads (`create: false`) refuses
 * a missing embedded database instead of creating an empty one.
 *
 * @example await withService(io, loadConfig(), { create: false }, (service) => service.privacy.rights.list())
 */
export async function withService<T>(io: CliIo, config: ServiceConfig, options: { create: boolean }, run: (service: Service) => Promise<T>): Promise<T> {
  if (!options.create) requireExistingDatabase(config)
  io.stderr.write(`database: ${describeDatabase(config)}\n`)
  let service: Service
  try {
    service = await openService(config, pino({ level: 'silent' }))
  } catch (error) {
    if (error instanceof DatabaseLockedError) throw new CliError(error.message, ExitCode.FAILURE, [], { cause: error })
    throw error
  }
  try {
    return await run(service)
  } finally {
    await service.close()
  }
}

function keyLine(key: ApiKeyInfo): string {
  const scopes = key.kind === 'publishable' ? '(publishable: cookies.choice writes only)' : key.scopes.join(',')
  return `${key.id}  ${key.revokedAt === null ? 'active ' : 'revoked'}  ${key.kind.padEnd(11)}  ${scopes.padEnd(30)}  ${key.name}  (created ${key.createdAt.toISOString()})`
}

function keyJson(key: ApiKeyInfo): Record<string, unknown> {
  return { id: key.id, name: key.name, kind: key.kind, scopes: key.scopes, createdAt: key.createdAt.toISOString(), revokedAt: key.revokedAt?.toISOString() ?? null }
}

function keyFailure(error: unknown): never {
  if (error instanceof ApiKeyError) throw new CliError(error.message, ExitCode.FAILURE, [], { cause: error })
  throw error
}

/**
 * The commands that run the service or work on its database: `serve`, `migrate`,
 * `keys create|list|revoke`, `ledger verify`, `retention plan|sweep`, `rights list`.
 *
 * @example
 * for (const command of serviceCommands(io, () => false)) program.addCommand(command)
 */
export function serviceCommands(io: CliIo, json: () => boolean, config: () => ServiceConfig = () => loadConfig()): Command[] {
  const serve = new Command('serve')
    .description('start the HTTP API (PORT, HOST, DATABASE_URL, DATA_DIR ...); on first start prints the URL and a new admin key')
    .option('--port <port>', 'port to listen on (default: PORT or 8787)')
    .option('--host <host>', 'address to listen on (default: HOST or 127.0.0.1)')
    .action(async (options: { port?: string; host?: string }) => {
      const overrides: Partial<ServiceConfig> = {}
      if (options.port !== undefined) {
        const port = Number(options.port)
        if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new CliError(`--port: "${options.port}" is not a port number`, ExitCode.USAGE)
        overrides.port = port
      }
      if (options.host !== undefined) overrides.host = options.host
      const settings = { ...config(), ...overrides }
      // Before the database is opened, so a port in use creates nothing.
      await assertCanListen(settings.host, settings.port)
      let running
      try {
        running = await startService(settings, io)
      } catch (error) {
        if (error instanceof DatabaseLockedError) throw new CliError(error.message, ExitCode.FAILURE, [], { cause: error })
        const problem = portProblem((error as NodeJS.ErrnoException).code, settings.host, settings.port)
        if (problem !== undefined) throw problem
        throw error
      }
      await running.stopped
    })

  const migrate = new Command('migrate').description('apply pending database migrations and exit').action(async () => {
    await withService(io, config(), { create: true }, async (service) => {
      // Opening the service applies what is pending; this lists what the database now records.
      const { rows } = await sql<{ id: string }>`select id from privacy_migrations order by id`.execute(service.privacy.db)
      const ids = rows.map((r) => r.id)
      output(io, json(), { ok: true, migrations: ids }, `database up to date: ${ids.length} migrations (${ids.join(', ')})`)
    })
  })

  const keys = new Command('keys').description('create, list and revoke API keys; generate the service\'s secrets')
  keys
    .command('generate')
    .description('print a new secret for the environment (nothing is stored): identifier keys for ONMION_PRIVACY_KEYS, or the checkpoint signing key for ONMION_PRIVACY_CHECKPOINT_KEY')
    .addArgument(new Argument('[kind]', Object.entries(KEY_KINDS).map(([name, kind]) => `${name}: ${kind.description}`).join('; ')).choices(Object.keys(KEY_KINDS)).default('identifiers'))
    .option('--rotate', 'add a new current key to the set in use (the variable, else the generated key file in DATA_DIR), keeping the old ones')
    .action(async (name: KeyKindName, options: { rotate?: boolean }) => {
      const kind = KEY_KINDS[name]
      let current: string | undefined
      if (options.rotate === true) {
        current = await kind.current(config())
        if (current === undefined) throw new CliError(`--rotate: no ${kind.env} set and no generated key file to rotate`, ExitCode.USAGE)
      }
      const value = kind.generate(current)
      output(io, json(), { kind: name, env: kind.env, value }, `${kind.env}='${value}'`)
      io.stderr.write(`a new ${name} secret for ${kind.env}: keep it secret and backed up; every instance needs the same value${options.rotate === true && name === 'identifiers' ? '; old keys stay in the set until `ledger.reencrypt()` has moved what they sealed' : ''}\n`)
    })
  keys
    .command('create')
    .description('create an API key; it is printed once and stored only as a hash')
    .requiredOption('--name <name>', 'what the key is for, e.g. "billing-service"')
    .option('--scope <scope...>', `scopes (repeat or comma-separate): ${SCOPES.join(', ')}`)
    .option('--publishable', 'a browser key: may only record cookies.choice events (no scopes)')
    .action(async (options: { name: string; scope?: string[]; publishable?: boolean }) => {
      const scopes = (options.scope ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '')
      // Bad option values are usage errors (exit 2, as documented), found before the database is opened.
      const unknown = scopes.find((s) => !(SCOPES as readonly string[]).includes(s))
      if (unknown !== undefined) throw new CliError(`--scope: "${unknown}" is not one of ${SCOPES.join(', ')}`, ExitCode.USAGE)
      if (options.publishable === true && scopes.length > 0) throw new CliError('--scope: a publishable key takes no scopes', ExitCode.USAGE)
      if (options.publishable !== true && scopes.length === 0) throw new CliError('--scope: a secret key needs at least one scope', ExitCode.USAGE)
      await withService(io, config(), { create: true }, async (service) => {
        const created = await service.apiKeys.create({ name: options.name, kind: options.publishable === true ? 'publishable' : 'secret', scopes }).catch(keyFailure)
        output(io, json(), { ...keyJson(created), key: created.key }, `${created.key}\n(shown once; id ${created.id}, ${created.kind}, ${created.kind === 'publishable' ? 'cookies.choice only' : created.scopes.join(',')})`)
      })
    })
  keys
    .command('list')
    .description('list API keys (never their secrets)')
    .action(async () => {
      await withService(io, config(), { create: false }, async (service) => {
        const list = await service.apiKeys.list()
        output(io, json(), list.map(keyJson), list.length === 0 ? 'no keys' : list.map(keyLine).join('\n'))
      })
    })
  keys
    .command('revoke')
    .description('revoke an API key by id; it stops working at once (within 5 s on other instances)')
    .argument('<id>', 'the key id (from keys list)')
    .action(async (id: string) => {
      await withService(io, config(), { create: false }, async (service) => {
        const revoked = await service.apiKeys.revoke(id).catch(keyFailure)
        output(io, json(), keyJson(revoked), `revoked ${revoked.id} (${revoked.name})`)
      })
    })

  const ledger = new Command('ledger').description('the consent ledger')
  ledger
    .command('verify')
    .description('recompute every hash chain; exit 1 when a link is broken')
    .addOption(new Option('--subject <subject>', 'verify only this subject'))
    .addOption(new Option('--checkpoint <file>', 'also hold the whole ledger against this signed checkpoint').conflicts('subject'))
    .action(async (options: { subject?: string; checkpoint?: string }) => {
      await withService(io, config(), { create: false }, async (service) => {
        if (options.checkpoint !== undefined) return verifyWithCheckpoint(io, json(), service, options.checkpoint)
        const report = await service.privacy.ledger.verify(options.subject === undefined ? {} : { subject: options.subject })
        if (report.ok) {
          output(io, json(), report, `ledger verified: ${report.subjects} subjects, ${report.events} events (${report.redacted} redacted by retention), every chain intact`)
          return
        }
        if (json()) output(io, true, report, '')
        // Every broken subject, so one break never hides another.
        const lines = report.broken.map((link) => `${link.subject}#${link.seq} ${link.problem}: ${link.message}`)
        if (report.brokenSubjects > report.broken.length) lines.push(`... and ${report.brokenSubjects - report.broken.length} more broken subject(s) not listed`)
        throw new CliError(`ledger broken: ${report.brokenSubjects} subject(s), first at ${report.firstBroken.subject}#${report.firstBroken.seq}: ${report.firstBroken.problem}`, ExitCode.FAILURE, lines)
      })
    })

  // Proof commands read an existing ledger: like verify, they never create a database.
  addProofCommands(ledger, io, json, config, (settings, run) => withService(io, settings, { create: false }, run))

  const retention = new Command('retention').description('retention of records past their policy rule')
  retention
    .command('plan')
    .description('dry run: per rule, how many records a sweep would remove now')
    .action(async () => {
      await withService(io, config(), { create: false }, async (service) => {
        const plan = await service.privacy.retention.plan()
        const lines = plan.rules.map(
          (rule) => `${rule.rule.padEnd(22)} ${String(rule.count).padStart(8)} to remove${rule.oldest === null ? '' : `, oldest ${rule.oldest.toISOString()}`}${rule.held ? ' (legal hold)' : ''}`,
        )
        output(io, json(), plan, [...lines, `total: ${plan.total} record(s) as of ${plan.now.toISOString()}`].join('\n'))
      })
    })
  retention
    .command('sweep')
    .description('remove the records past their rule, in batches (a progress bar on a terminal, plain lines otherwise)')
    .option('--batch-size <n>', 'records per batch', '1000')
    .action(async (options: { batchSize: string }) => {
      const batchSize = Number(options.batchSize)
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new CliError(`--batch-size: "${options.batchSize}" is not a positive integer`, ExitCode.USAGE)
      await withService(io, config(), { create: false }, async (service) => {
        const plan = await service.privacy.retention.plan()
        const progress = createProgress(io, plan.total, json())
        const report = await service.privacy.retention.sweep({ batchSize, onProgress: (p) => progress.update(p.total, `${p.rule}/${p.kind}`) })
        progress.done()
        output(io, json(), report, `sweep ${report.status}: removed ${report.removed} record(s) (run ${report.runId})`)
      })
    })

  const rights = new Command('rights').description('rights requests')
  rights
    .command('list')
    .description('list rights requests, oldest due first: the acknowledgement and the answer, each with its due date and whether it is overdue')
    .option('--overdue', 'only requests past their answer due date')
    .option('--ack-overdue', 'only open requests not acknowledged by their acknowledgement due date')
    .option('--status <status>', 'only this status (received, identity_verified, in_progress, completed, denied)')
    .action(async (options: { overdue?: boolean; ackOverdue?: boolean; status?: string }) => {
      const statuses = ['received', 'identity_verified', 'in_progress', 'completed', 'denied'] as const
      const status = statuses.find((s) => s === options.status)
      if (options.status !== undefined && status === undefined) throw new CliError(`--status: "${options.status}" is not one of ${statuses.join(', ')}`, ExitCode.USAGE)
      await withService(io, config(), { create: false }, async (service) => {
        const list = await service.privacy.rights.list({
          ...(options.overdue === true ? { overdue: true } : {}),
          ...(options.ackOverdue === true ? { acknowledgementOverdue: true } : {}),
          ...(status === undefined ? {} : { status }),
        })
        const now = service.privacy.context.now()
        const lines = list.map((r) => rightsLine(r, now))
        const none = options.overdue === true || options.ackOverdue === true ? 'no overdue requests' : 'no requests'
        output(io, json(), list, lines.length === 0 ? none : lines.join('\n'))
      })
    })

  return [serve, migrate, keys, ledger, retention, rights]
}
