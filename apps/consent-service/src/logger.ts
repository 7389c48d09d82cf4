import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino'

/**
 * Keys whose values are personal data or evidence, wherever they appear in a log object: their
 * values are replaced, never written.
 */
const SECRET_KEYS = new Set([
  'evidence',
  'phone',
  'email',
  'to',
  'from',
  'msisdn',
  'text',
  'body',
  'choices',
  'authorization',
  'cookie',
  'key',
  'secret',
  'token',
  'identifier',
  'value',
])

// Emails and phone-number-like runs of digits (8 or more digits with the usual separators,
// ISO dates excepted); a log line is where personal data leaks, so strings are scrubbed too,
// not just known keys.
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g
const PHONE = /\+?\d[\d\s().-]{6,}\d/g
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
// A UUID (request ids, event ids) holds hyphenated runs of digits that read like a phone number;
// it is kept whole so a log line still matches the x-request-id the client saw.
const UUID = /(?<![\w+-])([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?![\w-])/i
const REDACTED = '[redacted]'
const SERVICE = 'onmion-consent-service'

const scrubPhone = (match: string): string => (ISO_DATE.test(match) || match.replace(/\D/g, '').length < 8 ? match : REDACTED)

const scrubText = (text: string): string => text.replace(EMAIL, REDACTED).replace(PHONE, scrubPhone)

/**
 * Replaces personal data in a value that is about to be logged: the values of {@link SECRET_KEYS}
 * and any email or phone number inside strings. Pure; exported for its test.
 *
 * @example
 * scrub({ msg: 'opt-out from +14155550100', evidence: { ip: '1.2.3.4' } })
 * // { msg: 'opt-out from [redacted]', evidence: '[redacted]' }
 */
export function scrub(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return mayHoldContact(value) ? scrubString(value) : value
  if (value === null || typeof value !== 'object' || depth > 8) return value
  return scrubObject(value, depth)
}

const scrubString = (value: string): string => value.split(UUID).map((part, i) => (i % 2 === 1 ? part : scrubText(part))).join('')

/**
 * Whether a string could hold an email (an `@`) or a phone number (8 digits or more): most log
 * strings (routes, methods, messages) hold neither and skip the regular expressions.
 */
function mayHoldContact(value: string): boolean {
  let digits = 0
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i)
    if (code === 64) return true
    if (code >= 48 && code <= 57 && ++digits >= 8) return true
  }
  return false
}

function scrubObject(value: object, depth: number): unknown {
  if (Array.isArray(value)) return value.map((item) => scrub(item, depth + 1))
  if (value instanceof Error) return { type: value.name, message: scrub(value.message, depth + 1), code: (value as { code?: unknown }).code }
  const out: Record<string, unknown> = {}
  for (const [key, child] of Object.entries(value)) {
    out[key] = SECRET_KEYS.has(key.toLowerCase()) ? REDACTED : scrub(child, depth + 1)
  }
  return out
}

/**
 * The service's structured logger: JSON lines (pino), every object and message scrubbed of
 * phone numbers, emails and evidence before it is written. Without a destination it writes to
 * stdout asynchronously (lines are queued while a write is in flight, and flushed on exit), so
 * a request never waits for the terminal or the log collector.
 *
 * @example
 * const logger = createLogger({ level: 'info' })
 * logger.info({ route: '/v1/decisions', status: 200 }, 'request')
 */
export function createLogger(options: { level: LoggerOptions['level'] }, destination?: DestinationStream): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: SERVICE },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      log: (object) => scrub(object) as Record<string, unknown>,
    },
    hooks: {
      logMethod(args, method) {
        // Scrub the message string too (the object argument goes through formatters.log).
        const scrubbed = args.map((arg) => (typeof arg === 'string' ? scrub(arg) : arg)) as Parameters<typeof method>
        method.apply(this, scrubbed)
      },
    },
  }
  return pino(config, destination ?? bufferedStdout())
}

/** Bytes of log lines gathered before one write to stdout: one system call per ~20 request lines, not one per line. */
const WRITE_CHUNK_BYTES = 4096
/** The longest a line waits in that buffer on a quiet service. */
const FLUSH_EVERY_MS = 200

/**
 * stdout, written asynchronously in chunks of {@link WRITE_CHUNK_BYTES}, and at least every
 * {@link FLUSH_EVERY_MS} (a timer that does not keep the process alive; pino flushes what is
 * left on exit).
 */
function bufferedStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: WRITE_CHUNK_BYTES })
  setInterval(() => {
    stream.flush()
  }, FLUSH_EVERY_MS).unref()
  return stream
}

/**
 * The one line per request: fields the service itself made, never request data (the route is
 * its pattern, not the URL: query strings such as `?to=+1...` never reach the log).
 *
 * @example
 * const line: AccessLine = { requestId, method: 'GET', route: '/healthz', status: 200, durationMs: 0.1 }
 */
export interface AccessLine {
  readonly requestId: string
  readonly method: string
  readonly route: string
  readonly status: number
  readonly durationMs: number
  /** The API key's id, when a key was presented and valid. */
  readonly keyId?: string | undefined
}

/** Writes an {@link AccessLine}. */
export type AccessLog = (line: AccessLine) => void

/**
 * The writer of the per-request line: the same JSON line pino would write at `info` (level,
 * time, service, the fields, `msg: "request"`), to the same destination as `logger` and only when
 * its level lets `info` through, but put together by one template instead of pino's object walk
 * and without the scrubbing of `logger`: every field is the service's own, and each string goes
 * through `JSON.stringify`, so no value can break the line. It is the one log call every request
 * makes, and pino's generic path was a tenth of a `/healthz` answer.
 *
 * @example
 * const accessLog = createAccessLog(logger)
 * accessLog({ requestId, method: 'GET', route: '/healthz', status: 200, durationMs: 0.1 })
 */
export function createAccessLog(logger: Logger): AccessLog {
  const stream = (logger as unknown as Record<symbol, DestinationStream>)[pino.symbols.streamSym]
  const level = pino.levels.values.info ?? 30
  return (line) => {
    if (!logger.isLevelEnabled('info') || stream === undefined) return
    const key = line.keyId === undefined ? '' : `,"keyId":${JSON.stringify(line.keyId)}`
    stream.write(
      `{"level":${level},"time":"${new Date().toISOString()}","service":"${SERVICE}","requestId":${JSON.stringify(line.requestId)},"method":${JSON.stringify(line.method)},"route":${JSON.stringify(line.route)},"status":${line.status},"durationMs":${line.durationMs}${key},"msg":"request"}\n`,
    )
  }
}

export type { Logger }
