import { parseDuration } from '../duration.js'

const UNITS = [
  ['years', 'year'],
  ['months', 'month'],
  ['weeks', 'week'],
  ['days', 'day'],
  ['hours', 'hour'],
  ['minutes', 'minute'],
  ['seconds', 'second'],
] as const

/** `P7Y` -> "7 years", `P1Y6M` -> "1 year and 6 months", `P0D` -> "0 days". */
export function durationWords(duration: string): string {
  const parts = parseDuration(duration)
  const words = UNITS.filter(([unit]) => parts[unit] > 0).map(([unit, one]) => `${parts[unit]} ${parts[unit] === 1 ? one : unit}`)
  return words.length === 0 ? '0 days' : joinWords(words)
}

/** "a", "a and b", "a, b, and c". */
export function joinWords(words: readonly string[], conjunction = 'and'): string {
  if (words.length <= 2) return words.join(` ${conjunction} `)
  return `${words.slice(0, -1).join(', ')}, ${conjunction} ${words[words.length - 1] ?? ''}`
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** `2026-01-01` -> "January 1, 2026", independent of the machine's locale. */
export function dateWords(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number)
  return `${MONTHS[(month ?? 1) - 1] ?? ''} ${String(day)}, ${String(year)}`
}

/** `+18005551234` -> "+1 800-555-1234" (North American numbers); other numbers as given. */
export function phoneWords(e164: string): string {
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164)
  return nanp ? `+1 ${nanp[1] ?? ''}-${nanp[2] ?? ''}-${nanp[3] ?? ''}` : e164
}
