import { onmionPolicy } from '@onmion/privacy-policy'
import type { Policy } from '@onmion/privacy-schema'
import { createPrivacy, type SmsOptions } from '@onmion/privacy-server'
import { createVonageTransport } from '@onmion/privacy-server/vonage'
import type { Hono } from 'hono'
import { sql, type Kysely } from 'kysely'
import type { Logger } from 'pino'
import { ApiKeyStore, apiKeyMigrations, type ServiceTables } from './auth/api-key-store.js'
import { CheckpointKeeper } from './checkpoint-keeper.js'
import type { ServiceConfig } from './config.js'
import { createApp } from './http/app.js'
import type { AppEnv } from './http/env.js'
import { buildOpenApi } from './http/openapi.js'
import type { AnyRoute } from './http/route.js'
import { consentRoutes } from './routes/consent.js'
import { cookieChoiceRoutes } from './routes/cookie-choices.js'
import { contactRoutes } from './routes/contacts.js'
import { decisionRoutes } from './routes/decisions.js'
import { docsRoutes } from './routes/docs.js'
import { healthRoutes, type Readiness } from './routes/health.js'
import { keyRoutes } from './routes/keys.js'
import { ledgerRoutes } from './routes/ledger.js'
import { proofRoutes } from './routes/proofs.js'
import { policyRoutes } from './routes/policy.js'
import { loadPolicyTrace, traceRoutes } from './routes/trace.js'
import { retentionRoutes } from './routes/retention.js'
import { rightsRoutes } from './routes/rights.js'
import { smsRoutes } from './routes/sms.js'
import { createAccessLog } from './logger.js'
import { createMailTransport, type MailTransport } from './mail/mail-transport.js'
import { lockDatabaseDir } from './process-lock.js'
import { ChallengeStore, rightsPortalMigrations, type RightsPortalTables } from './rights-portal/challenge-store.js'
import { policyChangeRoutes } from './routes/policy-changes.js'
import { rightsPortalRoutes } from './routes/rights-portal.js'
import type { ServicePrivacy } from './service-privacy.js'
import { resolveVaultKeys } from './vault-keys.js'

/** This app's own migrations, applied with the SDK's. */
const APP_MIGRATIONS = [...apiKeyMigrations, ...rightsPortalMigrations]

/** The version the OpenAPI document carries. */
const SERVICE_VERSION = '0.1.0'

/** The service's parts, open and wired; `close()` closes the database. */
export interface Service {
  readonly privacy: ServicePrivacy
  readonly apiKeys: ApiKeyStore
  readonly app: Hono<AppEnv>
  readonly routes: readonly AnyRoute[]
  /** Signed checkpoints: taken on demand and on schedule, the latest served. */
  readonly checkpoints: CheckpointKeeper
  /** Outgoing email (SMTP), when configured. */
  readonly mailer: MailTransport | undefined
  /** Where a first-start vault key file was written, if one was. */
  readonly generatedKeyFile: string | null
  openApi(): Record<string, unknown>
  close(): Promise<void>
}

/**
 * Opens the SDK on the configured database (migrations applied, including this app's API key
 * table) and builds the HTTP app over it.
 *
 * @example
 * const service = await openService(loadConfig(), createLogger({ level: 'info' }))
 * serve({ fetch: service.app.fetch })
 */
export async function openService(config: ServiceConfig, logger: Logger, policy: Policy = onmionPolicy): Promise<Service> {
  const { keys, generated } = await resolveVaultKeys(config)
  const embedded = embeddedPath(config.databaseUrl)
  const unlock = embedded === undefined ? () => Promise.resolve() : await lockDatabaseDir(embedded)
  let privacy: ServicePrivacy
  try {
    privacy = await createPrivacy<Policy>({
      policy,
      database: config.databaseUrl,
      keys,
      migrations: APP_MIGRATIONS,
      sms: smsOptions(config.vonage),
      ...(config.checkpoints.origin === undefined ? {} : { checkpoints: { origin: config.checkpoints.origin } }),
    })
  } catch (error) {
    await unlock()
    throw error
  }
  // The SDK's kysely instance, seen with this app's own tables.
  const db = privacy.db as unknown as Kysely<ServiceTables>
  const apiKeys = new ApiKeyStore(db)
  const checkpoints = new CheckpointKeeper(privacy, { dir: config.checkpoints.dir })
  const mailer = createMailTransport(config.smtp)
  const challenges = new ChallengeStore(privacy.db as unknown as Kysely<RightsPortalTables>, privacy.context.vault, { ...config.rightsCodes, now: () => privacy.context.now() })
  try {
    await checkpoints.load()
    // The version history the change page and `policy announce` read: each policy this deployment served.
    await privacy.notices.publishPolicy()
  } catch (error) {
    mailer?.close()
    await privacy.close()
    await unlock()
    throw error
  }
  const readiness: Readiness = {
    async check() {
      const database = await sql`select 1`.execute(db).then(
        () => true,
        () => false,
      )
      if (!database) return { database, migrations: false }
      // Migrations run in id order in one transaction: the app's last one recorded means all are.
      const last = APP_MIGRATIONS[APP_MIGRATIONS.length - 1]?.id ?? ''
      const found = await sql<{ id: string }>`select id from privacy_migrations where id = ${last}`.execute(db)
      return { database, migrations: found.rows.length === 1 }
    },
  }

  let document: Record<string, unknown> | undefined
  const openApi = (): Record<string, unknown> =>
    (document ??= buildOpenApi(routes, {
      title: 'Onmion consent service',
      version: SERVICE_VERSION,
      description: `Consent, decisions, SMS consent and rights requests under Onmion's privacy policy ${policy.meta.version}.`,
    }))
  const routes: AnyRoute[] = [
    ...healthRoutes(readiness),
    ...policyRoutes(policy),
    ...traceRoutes(policy, loadPolicyTrace()),
    ...policyChangeRoutes(privacy),
    ...consentRoutes(privacy),
    ...cookieChoiceRoutes(privacy),
    ...contactRoutes(privacy),
    ...decisionRoutes(privacy),
    ...smsRoutes(privacy, config.vonage),
    ...rightsRoutes(privacy),
    ...rightsPortalRoutes(privacy, { challenges, mailer, limits: config.rightsCodes }),
    ...retentionRoutes(privacy),
    ...ledgerRoutes(privacy),
    ...proofRoutes(privacy, checkpoints),
    ...keyRoutes(apiKeys),
    ...docsRoutes(openApi),
  ]
  const app = createApp({
    routes,
    authenticator: apiKeys,
    logger,
    accessLog: createAccessLog(logger),
    bodyLimit: config.bodyLimit,
    rateLimit: config.rateLimit,
    publicRateLimit: config.publicRateLimit,
    allowedOrigins: config.allowedOrigins,
  })
  return {
    privacy,
    apiKeys,
    app,
    routes,
    checkpoints,
    mailer,
    generatedKeyFile: generated,
    openApi,
    async close() {
      try {
        mailer?.close()
        await privacy.close()
      } finally {
        await unlock()
      }
    },
  }
}

/**
 * With Vonage credentials and a sender, replies (STOP confirmation, HELP text, START
 * confirmation) are sent through Vonage's SMS API; without them they are only returned in the
 * webhook's answer.
 */
function smsOptions(vonage: ServiceConfig['vonage']): SmsOptions {
  const { apiKey, apiSecret, from, restHost } = vonage
  if (apiKey === undefined || apiSecret === undefined || from === undefined) return {}
  return { transport: createVonageTransport({ apiKey, apiSecret, ...(restHost === undefined ? {} : { restHost }) }), from }
}

/** The directory of an on-disk PGlite database, or undefined for PostgreSQL and memory. */
export function embeddedPath(url: string): string | undefined {
  if (/^postgres(ql)?:\/\//.test(url) || url === 'memory://') return undefined
  return url.startsWith('file://') ? url.slice(7) : url.startsWith('file:') ? url.slice(5) : url
}
