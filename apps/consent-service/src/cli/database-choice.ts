import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { ServiceConfig } from '../config.js'
import { embeddedPath } from '../service.js'
import { CliError, ExitCode } from './io.js'

/**
 * The database a command opens, in words for stderr: `PGlite at /abs/path` or
 * `PostgreSQL at host:5432/db` (never the password).
 *
 * @example
 * describeDatabase(loadConfig({ DATA_DIR: '/srv/onmion' })) // 'PGlite at /srv/onmion/privacy'
 */
export function describeDatabase(config: ServiceConfig): string {
  if (config.databaseUrl === 'memory://') return 'PGlite in memory'
  const embedded = embeddedPath(config.databaseUrl)
  if (embedded !== undefined) return `PGlite at ${resolve(embedded)}`
  try {
    const url = new URL(config.databaseUrl)
    return `PostgreSQL at ${url.host}${url.pathname}`
  } catch {
    return 'PostgreSQL (DATABASE_URL)'
  }
}

/**
 * Refuses, before anything is opened, to run a command that only reads on an embedded database
 * that does not exist yet: opening it would create an empty one (and its key file), and the
 * command would answer "no keys" from the wrong place instead of saying where it looked.
 *
 * @throws {@link CliError} (exit 1) naming the path and how to choose another database.
 * @example
 * requireExistingDatabase(config) // throws when DATA_DIR/privacy holds no database
 */
export function requireExistingDatabase(config: ServiceConfig): void {
  const embedded = embeddedPath(config.databaseUrl)
  if (embedded === undefined || existsSync(join(embedded, 'PG_VERSION'))) return
  throw new CliError(`no database at ${resolve(embedded)}: nothing to read, and this command does not create one`, ExitCode.FAILURE, [
    'the service creates it on its first start (`pnpm start`, or `onmion-privacy serve`)',
    'to open another database, set DATA_DIR (the directory holding privacy/) or DATABASE_URL',
  ])
}
