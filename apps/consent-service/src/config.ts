import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'

/**
 * Where the embedded database lives when neither DATA_DIR nor DATABASE_URL says: the service's own
 * `data/` directory (`apps/consent-service/data`), whatever the working directory. It is fixed, not
 * `./data`, so that `pnpm start` from the repository root, `pnpm --filter @onmion/consent-service cli`
 * and `node apps/consent-service/bin/onmion-privacy.js` from anywhere open the same database
 * (src/ and dist/ both sit one level below the app directory).
 *
 * @example
 * loadConfig({}).dataDir === DEFAULT_DATA_DIR // true
 */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../data', import.meta.url))

/**
 * The service's configuration, read from the environment in this one place (lint forbids
 * `process.env` anywhere else). Every value is validated; a bad one stops the start with a
 * message naming the variable.
 *
 * @example
 * const config: ServiceConfig = loadConfig()
 */
export const ServiceConfig = z.object({
  /** TCP port; 0 picks a free one (tests). */
  port: z.coerce.number().int().min(0).max(65_535),
  /** Listen address. Loopback by default: exposing the service is a deliberate choice. */
  host: z.string().min(1),
  /** `postgres://...` for PostgreSQL; a directory path or `file:` URL or `memory://` for PGlite. */
  databaseUrl: z.string().min(1),
  /** Where the embedded database lives when DATABASE_URL is not set. */
  dataDir: z.string().min(1),
  /** Identifier-vault keys as JSON (`{ current, keys: { id: base64 }, hmacKey }`), or unset. */
  privacyKeys: z.string().min(1).optional(),
  /** The checkpoint signing key as JSON (`{ keyId, privateKey }`), or unset; the SDK reads the same variable. */
  checkpointKey: z.string().min(1).optional(),
  /** Browser origins allowed to call the publishable-key endpoint (comma separated). */
  allowedOrigins: z.array(z.url()),
  /** Largest accepted request body, in bytes. */
  bodyLimit: z.coerce.number().int().positive(),
  /** Token-bucket rate limit per API key: sustained requests per second and burst size. */
  rateLimit: z.object({ perSecond: z.coerce.number().positive(), burst: z.coerce.number().int().positive() }),
  /**
   * Token-bucket rate limit per client address for requests without a valid key: public routes
   * (policy, docs, health), the Vonage webhook, and requests with a missing or bad key.
   */
  publicRateLimit: z.object({ perSecond: z.coerce.number().positive(), burst: z.coerce.number().int().positive() }),
  /** pino level. */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
  /**
   * Vonage webhook verification: the account's signature secret and method (SMS API `sig`
   * parameter), and the signature secret of signed Messages API webhooks (JWT), when used.
   */
  vonage: z.object({
    signatureSecret: z.string().min(1).optional(),
    signatureMethod: z.enum(['md5hash', 'md5', 'sha1', 'sha256', 'sha512']),
    jwtSecret: z.string().min(1).optional(),
    /** Sending (replies to STOP/START/HELP): the SMS API credentials and the program's number. */
    apiKey: z.string().min(1).optional(),
    apiSecret: z.string().min(1).optional(),
    from: z.string().min(1).optional(),
    restHost: z.url().optional(),
  }),
  /**
   * Outgoing email (rights-request codes, policy-change announcements) through an SMTP server.
   * Without a host, nothing is sent: the request page's code step answers 503 and
   * `policy announce` refuses.
   */
  smtp: z.object({
    host: z.string().min(1).optional(),
    port: z.coerce.number().int().min(1).max(65_535),
    /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
    secure: z.enum(['true', 'false']).transform((v) => v === 'true'),
    user: z.string().min(1).optional(),
    pass: z.string().min(1).optional(),
    from: z.string().min(3),
  }),
  /** The public rights-request page's one-time codes and their abuse limits. */
  rightsCodes: z.object({
    /** How long a code is valid. */
    ttlSeconds: z.coerce.number().int().min(30).max(86_400),
    /** Wrong guesses allowed per code before it is void. */
    maxAttempts: z.coerce.number().int().min(1).max(20),
    /** Codes sent to one address per hour (counted in the database, across instances). */
    perAddressPerHour: z.coerce.number().int().min(1),
    /** Code requests per client address per hour (per instance). */
    perClientPerHour: z.coerce.number().int().min(1),
  }),
  /** Policy-change announcements: emails per second. */
  announceRatePerSecond: z.coerce.number().positive(),
  /** Milliseconds to let in-flight requests finish on SIGTERM before closing anyway. */
  shutdownTimeoutMs: z.coerce.number().int().positive(),
  /** Signed checkpoints (the key itself is ONMION_PRIVACY_CHECKPOINT_KEY, read by the SDK): where to write them, how often, the log's name. */
  checkpoints: z.object({ dir: z.string().min(1).optional(), intervalSeconds: z.coerce.number().int().min(0), origin: z.string().min(1).optional() }),
})
export type ServiceConfig = z.infer<typeof ServiceConfig>

/**
 * Raised when an environment variable holds a value the service cannot use.
 *
 * @example
 * loadConfig({ PORT: 'eighty' }) // throws ConfigError: invalid configuration: PORT: ...
 */
export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  readonly code = 'CONFIG_INVALID'
}

const ENV_NAMES: Record<string, string> = {
  port: 'PORT',
  host: 'HOST',
  databaseUrl: 'DATABASE_URL',
  dataDir: 'DATA_DIR',
  privacyKeys: 'ONMION_PRIVACY_KEYS',
  checkpointKey: 'ONMION_PRIVACY_CHECKPOINT_KEY',
  allowedOrigins: 'CONSENT_ALLOWED_ORIGINS',
  bodyLimit: 'BODY_LIMIT_BYTES',
  'rateLimit.perSecond': 'RATE_LIMIT_PER_SECOND',
  'rateLimit.burst': 'RATE_LIMIT_BURST',
  'publicRateLimit.perSecond': 'RATE_LIMIT_PUBLIC_PER_SECOND',
  'publicRateLimit.burst': 'RATE_LIMIT_PUBLIC_BURST',
  logLevel: 'LOG_LEVEL',
  'vonage.signatureSecret': 'VONAGE_SIGNATURE_SECRET',
  'vonage.signatureMethod': 'VONAGE_SIGNATURE_METHOD',
  'vonage.jwtSecret': 'VONAGE_JWT_SECRET',
  'vonage.apiKey': 'VONAGE_API_KEY',
  'vonage.apiSecret': 'VONAGE_API_SECRET',
  'vonage.from': 'SMS_FROM',
  'vonage.restHost': 'VONAGE_REST_HOST',
  shutdownTimeoutMs: 'SHUTDOWN_TIMEOUT_MS',
  'smtp.host': 'SMTP_HOST',
  'smtp.port': 'SMTP_PORT',
  'smtp.secure': 'SMTP_SECURE',
  'smtp.user': 'SMTP_USER',
  'smtp.pass': 'SMTP_PASS',
  'smtp.from': 'SMTP_FROM',
  'rightsCodes.ttlSeconds': 'RIGHTS_CODE_TTL_SECONDS',
  'rightsCodes.maxAttempts': 'RIGHTS_CODE_MAX_ATTEMPTS',
  'rightsCodes.perAddressPerHour': 'RIGHTS_CODE_PER_ADDRESS_PER_HOUR',
  'rightsCodes.perClientPerHour': 'RIGHTS_CODE_PER_CLIENT_PER_HOUR',
  announceRatePerSecond: 'ANNOUNCE_RATE_PER_SECOND',
  'checkpoints.dir': 'CHECKPOINT_DIR',
  'checkpoints.intervalSeconds': 'CHECKPOINT_INTERVAL_SECONDS',
  'checkpoints.origin': 'CHECKPOINT_ORIGIN',
}

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value.trim() === '' ? undefined : value.trim())

/**
 * Reads the configuration from an environment (default `process.env`), overridden by
 * `overrides` (the CLI's flags).
 *
 * @throws {@link ConfigError} naming the variable whose value is invalid.
 * @example
 * const config = loadConfig() // PORT=8787 HOST=127.0.0.1 DATA_DIR=./data ...
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<ServiceConfig> = {}): ServiceConfig {
  const dataDir = resolve(nonEmpty(env.DATA_DIR) ?? DEFAULT_DATA_DIR)
  const raw = {
    port: nonEmpty(env.PORT) ?? '8787',
    host: nonEmpty(env.HOST) ?? '127.0.0.1',
    databaseUrl: nonEmpty(env.DATABASE_URL) ?? resolve(dataDir, 'privacy'),
    dataDir,
    privacyKeys: nonEmpty(env.ONMION_PRIVACY_KEYS),
    checkpointKey: nonEmpty(env.ONMION_PRIVACY_CHECKPOINT_KEY),
    allowedOrigins: (nonEmpty(env.CONSENT_ALLOWED_ORIGINS) ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== ''),
    bodyLimit: nonEmpty(env.BODY_LIMIT_BYTES) ?? String(256 * 1024),
    rateLimit: { perSecond: nonEmpty(env.RATE_LIMIT_PER_SECOND) ?? '200', burst: nonEmpty(env.RATE_LIMIT_BURST) ?? '400' },
    publicRateLimit: { perSecond: nonEmpty(env.RATE_LIMIT_PUBLIC_PER_SECOND) ?? '50', burst: nonEmpty(env.RATE_LIMIT_PUBLIC_BURST) ?? '100' },
    logLevel: nonEmpty(env.LOG_LEVEL) ?? 'info',
    vonage: {
      signatureSecret: nonEmpty(env.VONAGE_SIGNATURE_SECRET),
      signatureMethod: nonEmpty(env.VONAGE_SIGNATURE_METHOD) ?? 'sha256',
      jwtSecret: nonEmpty(env.VONAGE_JWT_SECRET),
      apiKey: nonEmpty(env.VONAGE_API_KEY),
      apiSecret: nonEmpty(env.VONAGE_API_SECRET),
      from: nonEmpty(env.SMS_FROM),
      restHost: nonEmpty(env.VONAGE_REST_HOST),
    },
    shutdownTimeoutMs: nonEmpty(env.SHUTDOWN_TIMEOUT_MS) ?? '10000',
    smtp: {
      host: nonEmpty(env.SMTP_HOST),
      port: nonEmpty(env.SMTP_PORT) ?? (nonEmpty(env.SMTP_SECURE) === 'true' ? '465' : '587'),
      secure: nonEmpty(env.SMTP_SECURE) ?? 'false',
      user: nonEmpty(env.SMTP_USER),
      pass: nonEmpty(env.SMTP_PASS),
      from: nonEmpty(env.SMTP_FROM) ?? 'Onmion Privacy <privacy@onmion.com>',
    },
    rightsCodes: {
      ttlSeconds: nonEmpty(env.RIGHTS_CODE_TTL_SECONDS) ?? '900',
      maxAttempts: nonEmpty(env.RIGHTS_CODE_MAX_ATTEMPTS) ?? '5',
      perAddressPerHour: nonEmpty(env.RIGHTS_CODE_PER_ADDRESS_PER_HOUR) ?? '5',
      perClientPerHour: nonEmpty(env.RIGHTS_CODE_PER_CLIENT_PER_HOUR) ?? '20',
    },
    announceRatePerSecond: nonEmpty(env.ANNOUNCE_RATE_PER_SECOND) ?? '5',
    checkpoints: { dir: nonEmpty(env.CHECKPOINT_DIR), intervalSeconds: nonEmpty(env.CHECKPOINT_INTERVAL_SECONDS) ?? '3600', origin: nonEmpty(env.CHECKPOINT_ORIGIN) },
  }
  const result = ServiceConfig.safeParse(raw)
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const key = issue.path.filter((segment) => typeof segment === 'string').join('.')
      return `${ENV_NAMES[key] ?? key}: ${issue.message}`
    })
    throw new ConfigError(`invalid configuration:\n  ${lines.join('\n  ')}`)
  }
  return { ...result.data, ...overrides }
}
