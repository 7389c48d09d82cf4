/**
 * The state an event speaks for: its *state key*. Two events are about the same thing when they
 * have the same key (a purpose's consent, a purpose's objection, the restriction, the SMS status,
 * the age), so the later one supersedes the earlier; retention redacts only superseded events.
 * This module is the one definition of a key: the ledger stores it at write time
 * (`privacy_events.state_key`, covered by the content hash, format v2), the redaction audit
 * judges by it, and the sweep's SQL reads the stored column (with the same rule, written over
 * the payload, for rows written before the column existed).
 *
 * Keys name purposes and cookie categories (policy ids, not personal data): they stay in clear
 * and neither retention nor an erasure blanks them, so a redacted row still says what it was about.
 *
 * - `consent:<purpose>`, `objection:<purpose>` (`objection:*` for a lift of every objection),
 *   `restriction`, `sms`, `age`;
 * - `cookies:<category>,<category>` for a cookie choice: the categories it named, sorted (ids are
 *   snake_case, so `,` never occurs in one). A choice is superseded by a later choice naming every
 *   category it named, whatever their values.
 * - Other types (`notice.announced`, `erasure.applied`) have no key: no later event supersedes
 *   them, and retention never redacts them.
 */

/** The families of keyed types: what a redacted row written before state keys still tells (its type). */
// Migration 0144_event_state_key holds a frozen copy of these types: its append functions refuse
// an event of one of them without its key. A new keyed type needs a migration replacing them.
const FAMILY: Readonly<Record<string, string>> = {
  'consent.granted': 'consent',
  'consent.withdrawn': 'consent',
  'objection.recorded': 'objection',
  'objection.lifted': 'objection',
  'restriction.set': 'restriction',
  'restriction.lifted': 'restriction',
  'age.attested': 'age',
  'sms.opted_in': 'sms',
  'sms.opted_out': 'sms',
  'cookies.choice': 'cookies',
}

/** The key of a lift of every objection: it supersedes every objection key. */
export const ALL_OBJECTIONS_KEY = 'objection:*'
const COOKIES_PREFIX = 'cookies:'

/**
 * The family of an event type (`consent` for both consent types), or undefined for a type
 * without a state key. The family is the key's first part; it is all a redacted row written
 * before state keys still tells, since the rest of its key was in the payload.
 *
 * @example stateFamily('consent.withdrawn') // 'consent'
 */
export function stateFamily(type: string): string | undefined {
  return FAMILY[type]
}

/**
 * The state key of an event from its type and payload, or null for a type without one.
 *
 * @example
 * stateKeyOf('objection.lifted', {}) // 'objection:*'
 * stateKeyOf('cookies.choice', { choices: { marketing: false, analytics: true } }) // 'cookies:analytics,marketing'
 */
export function stateKeyOf(type: string, payload: Readonly<Record<string, unknown>> | null): string | null {
  const family = FAMILY[type]
  if (family === undefined) return null
  switch (family) {
    case 'consent':
      // Validation makes a purpose required; without one the key is unknown, as in the sweep's SQL.
      return typeof payload?.purpose === 'string' ? `consent:${payload.purpose}` : null
    case 'objection':
      return typeof payload?.purpose === 'string' ? `objection:${payload.purpose}` : ALL_OBJECTIONS_KEY
    case 'cookies': {
      const choices = payload?.choices
      const names = choices !== null && typeof choices === 'object' ? Object.keys(choices) : []
      // Default sort compares UTF-16 code units: the same order on every platform.
      return COOKIES_PREFIX + names.sort().join(',')
    }
    default:
      return family
  }
}

/**
 * The cookie categories a `cookies:` key names, or undefined for any other key.
 *
 * @example cookieCategories('cookies:analytics,marketing') // ['analytics', 'marketing']
 */
export function cookieCategories(key: string): readonly string[] | undefined {
  if (!key.startsWith(COOKIES_PREFIX)) return undefined
  const list = key.slice(COOKIES_PREFIX.length)
  return list === '' ? [] : list.split(',')
}

/**
 * Whether a later event of key `later` supersedes an earlier one of key `earlier`: the same key;
 * a lift of every objection over any objection; a cookie choice naming every category the
 * earlier choice named. The sweep's SQL (`records/ledger-sweep.ts`) applies the same rule.
 *
 * @example
 * supersedes('objection:*', 'objection:analytics') // true
 * supersedes('cookies:analytics', 'cookies:analytics,marketing') // false
 */
export function supersedes(later: string, earlier: string): boolean {
  const earlierCategories = cookieCategories(earlier)
  if (earlierCategories !== undefined) {
    const laterCategories = cookieCategories(later)
    if (laterCategories === undefined) return false
    const named = new Set(laterCategories)
    return earlierCategories.every((c) => named.has(c))
  }
  return later === earlier || (later === ALL_OBJECTIONS_KEY && earlier.startsWith('objection:'))
}
