/**
 * SQLSTATE classes and codes that mean "the database cannot serve now, try again": connection
 * exceptions (08), insufficient resources (53), operator intervention such as a shutdown (57),
 * and a serialization failure or deadlock (40001, 40P01), which a retry resolves.
 */
const UNAVAILABLE_CLASSES = ['08', '53', '57']
const UNAVAILABLE_CODES = ['40001', '40P01']
/** Node network errors of a lost or refused connection. */
const NETWORK_CODES = ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']
/** What pg and PGlite say when there is no connection to use. */
const UNAVAILABLE_MESSAGES = /connection terminated|timeout exceeded when trying to connect|connection (?:is )?(?:closed|ended)|pglite is closed|client has encountered a connection error|cannot use a pool after calling end/i

/**
 * Whether a database error means the database is unreachable or cannot serve now (a retry may
 * succeed), as opposed to a statement it refused (a retry never will). Only the first kind is
 * a `STORAGE` error and a 503; the second is a bug to fix, answered 500 and logged.
 *
 * @example
 * isStorageUnavailable(Object.assign(new Error('terminating connection'), { code: '57P01' })) // true
 * isStorageUnavailable(Object.assign(new Error('invalid byte sequence'), { code: '22021' })) // false
 */
export function isStorageUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as Error & { code?: unknown }).code
    if (typeof code === 'string') {
      if (UNAVAILABLE_CODES.includes(code) || UNAVAILABLE_CLASSES.includes(code.slice(0, 2)) || NETWORK_CODES.includes(code)) return true
      if (/^[0-9A-Z]{5}$/.test(code)) return false
    }
    if (UNAVAILABLE_MESSAGES.test(current.message)) return true
  }
  return false
}
