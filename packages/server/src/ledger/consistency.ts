import type { Policy } from '@onmion/privacy-schema'
import type { RecordedEvent } from './events.js'
import { invalidField } from '../errors.js'

/**
 * An opaque, versioned token naming a position in the ledger: what a write returns, and what a
 * later read passes as `{ atLeast: token }` so that its answer is at least as new as that write
 * (Zanzibar's zookie, SpiceDB's ZedToken). Treat it as a string to store and pass back; its
 * content is not an API.
 *
 * Why a per-subject position, and not one number for the whole database: a decision depends only
 * on its subject's events, so "has this instance seen the write?" is exactly "has its cached
 * state of that subject projected the event at that `seq`?", compared exactly, on PGlite and
 * PostgreSQL alike, with no help from notification timing. `seq` is already assigned under the
 * subject's head lock, so it is ordered by commit; a database-wide sequence is not (two
 * transactions commit in another order than they drew their numbers), and a counter that is
 * would make every write in the database queue on one row.
 *
 * @example
 * const { consistencyToken } = await privacy.record({ subject: 'u_42', type: 'consent.withdrawn', purpose: 'analytics', method: 'banner' })
 * await privacy.check({ subject: 'u_42', purpose: 'analytics', category: 'usage_data' }, { atLeast: consistencyToken })
 */
export type ConsistencyToken = string & { readonly __brand: 'ConsistencyToken' }

/**
 * How new an answer of `check`, `assert` or `state` must be.
 *
 * - nothing (the default) or `consistency: 'cached'`: the fastest answer, from memory when the
 *   subject is warm. Another instance's write reaches this cache when its invalidation arrives
 *   (see the README's measured figure); this instance's own writes are seen at once.
 * - `atLeast: token`: at least as new as the write that returned `token`: from memory when the
 *   cache has seen that position, else from the database.
 * - `consistency: 'strong'`: read from the database, whatever the cache holds.
 *
 * `atLeast` may be combined with either mode; `strong` already satisfies it.
 *
 * @example
 * await privacy.check(question, { consistency: 'strong' })
 */
export interface ConsistencyOptions {
  /** A token from a write (or several, merged by {@link mergeConsistencyTokens}). */
  atLeast?: ConsistencyToken | string
  /** `'cached'` (the default) or `'strong'`. */
  consistency?: 'strong' | 'cached'
}

/** What a read needs to know, parsed once: `null` means "the cache may answer as it is". */
export interface ReadFloor {
  readonly strong: boolean
  /** Subject -> the lowest `seq` an answer may reflect; subjects not named have no floor. */
  readonly positions: ReadonlyMap<string, number> | null
}

/** The default read: no floor. */
export const CACHED_READ: ReadFloor = Object.freeze({ strong: false, positions: null })

const VERSION_PREFIX = 'ct1.'
/** Longest token accepted (a 100-event batch of long subject ids fits well below it). */
export const MAX_TOKEN_LENGTH = 16_384

/**
 * The token naming `seq` of `subject`s chain (or, for several subjects, each one's position).
 *
 * @example
 * encodeConsistencyToken([['u_42', 7]])
 */
export function encodeConsistencyToken(positions: Iterable<readonly [string, number]>): ConsistencyToken {
  const text = [...positions].map(([subject, seq]) => `${subject}@${seq}`).join(',')
  return `${VERSION_PREFIX}${Buffer.from(text, 'utf8').toString('base64url')}` as ConsistencyToken
}

/**
 * The subject positions a token names.
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming `field` for anything that is not a token.
 * @example
 * parseConsistencyToken(token).get('u_42') // 7
 */
export function parseConsistencyToken(token: unknown, field = 'atLeast'): Map<string, number> {
  const bad = (why: string) => invalidField(field, `${why} (pass back the consistencyToken a write returned)`)
  if (typeof token !== 'string') throw bad('must be a consistency token string')
  if (token.length > MAX_TOKEN_LENGTH) throw bad(`is longer than ${MAX_TOKEN_LENGTH} characters`)
  if (!token.startsWith(VERSION_PREFIX)) throw bad('is not a consistency token of a known version')
  const body = token.slice(VERSION_PREFIX.length)
  if (!/^[A-Za-z0-9_-]+$/.test(body)) throw bad('is not a well-formed consistency token')
  const positions = new Map<string, number>()
  for (const part of Buffer.from(body, 'base64url').toString('utf8').split(',')) {
    const at = part.lastIndexOf('@')
    const subject = part.slice(0, at)
    const seq = Number(part.slice(at + 1))
    // The subject needs no further check: one that is not a valid id never matches a question's subject.
    if (at < 1 || !/^\d{1,15}$/.test(part.slice(at + 1)) || seq < 1) throw bad('is not a well-formed consistency token')
    positions.set(subject, Math.max(seq, positions.get(subject) ?? 0))
  }
  return positions
}

/**
 * One token at least as new as every token given (per subject, the later position): what a
 * batch written across subjects answers with.
 *
 * @throws {@link PrivacyError} INVALID_INPUT for a malformed token.
 * @example
 * const token = mergeConsistencyTokens(events.map((e) => e.consistencyToken))
 */
export function mergeConsistencyTokens(tokens: Iterable<ConsistencyToken | string>): ConsistencyToken {
  const merged = new Map<string, number>()
  for (const token of tokens) {
    for (const [subject, seq] of parseConsistencyToken(token, 'tokens')) merged.set(subject, Math.max(seq, merged.get(subject) ?? 0))
  }
  return encodeConsistencyToken(merged)
}

/**
 * Checks read options at the SDK's edge and parses the token once.
 *
 * @throws {@link PrivacyError} INVALID_INPUT naming `atLeast` or `consistency`.
 * @example
 * readFloor({ atLeast: token }).positions?.get('u_42')
 */
export function readFloor(options: ConsistencyOptions | undefined): ReadFloor {
  if (options === undefined) return CACHED_READ
  if (typeof options !== 'object' || (options as unknown) === null) throw invalidField('options', 'must be an object like { atLeast: token } or { consistency: "strong" }')
  const mode: unknown = options.consistency
  if (mode !== undefined && mode !== 'strong' && mode !== 'cached') throw invalidField('consistency', 'must be "strong" or "cached"')
  const positions = options.atLeast === undefined ? null : parsedOnce(options.atLeast)
  if (mode !== 'strong' && positions === null) return CACHED_READ
  return { strong: mode === 'strong', positions }
}

// The last token parsed: a batch of checks (POST /v1/decisions) passes one token many times.
let lastToken: unknown
let lastPositions: ReadonlyMap<string, number> | undefined

function parsedOnce(token: unknown): ReadonlyMap<string, number> {
  if (lastPositions === undefined || token !== lastToken) {
    lastPositions = parseConsistencyToken(token)
    lastToken = token
  }
  return lastPositions
}

/**
 * What a write returns: the recorded event and the token naming its position.
 *
 * @example
 * const { seq, consistencyToken } = await privacy.record({ subject: 'u_42', type: 'restriction.set', method: 'api' })
 */
export type AppendedEvent<P extends Policy = Policy> = RecordedEvent<P> & { readonly consistencyToken: ConsistencyToken }

/** The event with the token of its position (a replayed idempotent write: the first write's). */
export function withConsistencyToken<P extends Policy>(event: RecordedEvent<P>): AppendedEvent<P> {
  return { ...event, consistencyToken: encodeConsistencyToken([[event.subject, event.seq]]) }
}
