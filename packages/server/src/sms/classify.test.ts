import { onmionPolicy } from '@onmion/privacy-policy'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MAX_ANALYSED_LENGTH, classifySms } from './classify.js'
import type { SmsKind, SmsRule } from './classify.js'

type Row = readonly [text: string, kind: SmsKind, keyword?: string | undefined, rule?: SmsRule]

// Messages as phones send them. Both ways: the FCC's "reasonable person" reads the first group as
// revocations and the last as work talk.
const OPT_OUT: readonly Row[] = [
  ['STOP', 'opt_out', 'STOP', 'exact'],
  ['stop', 'opt_out', 'STOP', 'exact'],
  ['Stop!!', 'opt_out', 'STOP', 'exact'],
  ['  STOP  ', 'opt_out', 'STOP', 'exact'],
  ['STOP 🛑', 'opt_out', 'STOP', 'exact'],
  ['Stop.', 'opt_out', 'STOP', 'exact'],
  ['ＳＴＯＰ', 'opt_out', 'STOP', 'exact'],
  ['S\u0301TOP', 'opt_out', 'STOP', 'exact'],
  ['stop stop stop', 'opt_out', 'STOP', 'exact'],
  ['STOPALL', 'opt_out', 'STOPALL', 'exact'],
  ['stop all', 'opt_out', 'STOP ALL', 'exact'],
  ['Unsubscribe', 'opt_out', 'UNSUBSCRIBE', 'exact'],
  ['CANCEL', 'opt_out', 'CANCEL', 'exact'],
  ['end', 'opt_out', 'END', 'exact'],
  ['Quit', 'opt_out', 'QUIT', 'exact'],
  ['revoke', 'opt_out', 'REVOKE', 'exact'],
  ['opt out', 'opt_out', 'OPT OUT', 'exact'],
  ['Opt-Out', 'opt_out', 'OPT OUT', 'exact'],
  ['OPTOUT', 'opt_out', 'OPTOUT', 'exact'],
  ['opt\tout', 'opt_out', 'OPT OUT', 'exact'],
  ['PARAR', 'opt_out', 'PARAR', 'exact'],
  ['ARRET', 'opt_out', 'ARRET', 'exact'],
  ['Arrêt', 'opt_out', 'ARRET', 'exact'],
  ['ＡＲＲÊＴ', 'opt_out', 'ARRET', 'exact'],
  ['Baja', 'opt_out', 'BAJA', 'exact'],
  ['cancelar', 'opt_out', 'CANCELAR', 'exact'],
  ['stop please', 'opt_out', 'STOP', 'with_courtesy'],
  ['Please stop.', 'opt_out', 'STOP', 'with_courtesy'],
  ['STOP thank you', 'opt_out', 'STOP', 'with_courtesy'],
  ['unsubscribe me', 'opt_out', 'UNSUBSCRIBE', 'with_courtesy'],
  ['parar por favor', 'opt_out', 'PARAR', 'with_courtesy'],
  ['please stop texting me', 'opt_out', 'STOP', 'in_sentence'],
  ['cancel my alerts', 'opt_out', 'CANCEL', 'in_sentence'],
  ['Why won\u2019t you stop sending these?', 'opt_out', 'STOP', 'in_sentence'],
  ['I said STOP', 'opt_out', 'STOP', 'in_sentence'],
  ['I want to quit', 'opt_out', 'QUIT', 'in_sentence'],
  ['stop these messages now', 'opt_out', 'STOP', 'in_sentence'],
  ['Can you stop?', 'opt_out', 'STOP', 'in_sentence'],
  ['I no longer work there. Stop.', 'opt_out', 'STOP', 'in_sentence'],
  ['yes stop', 'opt_out', 'STOP', 'exact'],
  ['HELP STOP', 'opt_out', 'STOP', 'exact'],
  ['Thanks for the update, now please unsubscribe me', 'opt_out', 'UNSUBSCRIBE', 'in_sentence'],
  ['end these texts', 'opt_out', 'END', 'in_sentence'],
  ['STOP\n\nSent from my iPhone', 'opt_out', 'STOP', 'exact'],
  ['Stop\n--\nJoe Plumbing LLC\nwww.joeplumbing.com', 'opt_out', 'STOP', 'exact'],
  ['STOP\n\nOn Tue, Mar 5, 2024 at 10:00 AM Onmion <alerts@onmion.com>\nwrote:\n> Reply STOP to cancel', 'opt_out', 'STOP', 'exact'],
  ['Stop\n> Onmion Work Orders: A new work order has been assigned to you. Reply HELP for help', 'opt_out', 'STOP', 'exact'],
  ["don't text me", 'opt_out', undefined, 'revocation_phrase'],
  ['Do not contact me again', 'opt_out', undefined, 'revocation_phrase'],
  ['remove me from this list', 'opt_out', undefined, 'revocation_phrase'],
  ['wrong number', 'opt_out', undefined, 'revocation_phrase'],
  ['no more texts please', 'opt_out', undefined, 'revocation_phrase'],
  ['take me off your list', 'opt_out', undefined, 'revocation_phrase'],
  ['Stop! Go to https://onmion.com/jobs', 'opt_out', 'STOP', 'in_sentence'],
]

const OPT_IN: readonly Row[] = [
  ['START', 'opt_in', 'START', 'exact'],
  ['start', 'opt_in', 'START', 'exact'],
  ['Unstop', 'opt_in', 'UNSTOP', 'exact'],
  ['YES', 'opt_in', 'YES', 'exact'],
  ['yes please', 'opt_in', 'YES', 'with_courtesy'],
  ['Start again', 'opt_in', 'START', 'with_courtesy'],
  ['ＳＴＡＲＴ!', 'opt_in', 'START', 'exact'],
]

const HELP: readonly Row[] = [
  ['HELP', 'help', 'HELP', 'exact'],
  ['help?', 'help', 'HELP', 'exact'],
  ['Info', 'help', 'INFO', 'exact'],
  ['ayuda', 'help', 'AYUDA', 'exact'],
  ['help me please', 'help', 'HELP', 'with_courtesy'],
  ['start help', 'help', 'HELP', 'exact'],
]

const OTHER: readonly Row[] = [
  ["don't stop the work order", 'other'],
  ['Please do not stop the service', 'other'],
  ['unstoppable', 'other'],
  ['That team is unstoppable 💪', 'other'],
  ['see https://onmion.com/stop', 'other'],
  ['Link: www.stopwatch.example/stop?x=1', 'other'],
  ['is the job cancelled?', 'other'],
  ['end of shift report attached', 'other'],
  ['Cancel the job at 5th street', 'other'],
  ['can you end my shift early', 'other'],
  ['I quit my job', 'other'],
  ['stop by the office at 3', 'other'],
  ['At the bus stop now', 'other'],
  ['we reached the end', 'other'],
  ['Stopped the leak, on my way', 'other'],
  ['yes I will be there at 5', 'other'],
  ['Can you help me with the work order', 'other'],
  ['On my way', 'other'],
  ['Thanks!', 'other'],
  ['ok', 'other'],
  ['', 'other'],
  ['   \n  ', 'other'],
  ['👍', 'other'],
  ['> STOP', 'other'],
  ['Done\n\nOn Mon, Jan 6 Onmion wrote:\n> Reply STOP to cancel', 'other'],
  ['Finished\n-----Original Message-----\nReply STOP to opt out', 'other'],
  ['Email me at stop@example.com', 'other'],
  ['remove me from the job', 'other'],
  ['S T O P', 'other'],
  ['ending the call now', 'other'],
]

const TABLE = [...OPT_OUT, ...OPT_IN, ...HELP, ...OTHER]

describe('classifySms', () => {
  it('reads a table of real-world messages (at least 60, both ways)', () => {
    expect(TABLE.length).toBeGreaterThanOrEqual(60)
    expect(OTHER.length).toBeGreaterThanOrEqual(20)
  })

  const rows = TABLE.map(([text, kind, keyword, rule]) => ({ text, kind, keyword, rule }))
  it.each(rows)('$text -> $kind $keyword', ({ text, kind, keyword, rule }) => {
    const result = classifySms(text, onmionPolicy)
    expect(result.kind).toBe(kind)
    expect(result.keyword).toBe(keyword)
    expect(result.rule).toBe(rule ?? 'none')
  })

  it('takes its keywords from the policy, not from code', () => {
    const policy = { channels: { sms: { keywords: { optOut: ['HALT'], optIn: ['GO ON'], help: ['SOS'] } } } }
    expect(classifySms('halt!', policy)).toEqual({ kind: 'opt_out', keyword: 'HALT', rule: 'exact' })
    expect(classifySms('go  on', policy)).toEqual({ kind: 'opt_in', keyword: 'GO ON', rule: 'exact' })
    expect(classifySms('sos', policy)).toEqual({ kind: 'help', keyword: 'SOS', rule: 'exact' })
    expect(classifySms('STOP', policy).kind).toBe('other')
  })

  it('does not crash on values that are not strings', () => {
    expect(classifySms(undefined as unknown as string, onmionPolicy).kind).toBe('other')
    expect(classifySms(42 as unknown as string, onmionPolicy).kind).toBe('other')
  })
})

const WORDS = [
  'stop', 'STOP', 'Start', 'help', 'please', 'texting', 'me', 'the', 'job', 'work', 'order', "don't", 'end', 'of',
  'cancel', 'my', 'alerts', 'yes', 'arrêt', 'opt', 'out', 'opt-out', 'https://x.io/stop', 'shift', 'unstoppable',
  'by', 'quit', 'info', 'wrong', 'number', '🛑', '!!', '?', '.', ',', '\n', '> ', 'thanks', 'now', 'ＳＴＯＰ',
]
const message = fc.array(fc.constantFrom(...WORDS), { maxLength: 12 }).map((words) => words.join(' '))
const whitespace = fc.array(fc.constantFrom(' ', '\t', '\u00a0', '\u3000', '\u2003'), { maxLength: 4 }).map((s) => s.join(''))

describe('classifySms properties', () => {
  it('never throws, on any string', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), fc.string({ unit: 'binary-ascii' }), message), (text) => {
        const result = classifySms(text, onmionPolicy)
        expect(['opt_out', 'opt_in', 'help', 'other']).toContain(result.kind)
      }),
      { numRuns: 2000 },
    )
  })

  it('is invariant under case', () => {
    const flips = fc.array(fc.boolean(), { minLength: 1, maxLength: 64 })
    fc.assert(
      fc.property(message, flips, (text, flip) => {
        // Code points are what case applies to; splitting graphemes is not the point here.
        // eslint-disable-next-line @typescript-eslint/no-misused-spread
        const mixed = [...text].map((ch, i) => (flip[i % flip.length] ? ch.toUpperCase() : ch.toLowerCase())).join('')
        const base = classifySms(text, onmionPolicy)
        expect(classifySms(text.toUpperCase(), onmionPolicy)).toEqual(base)
        expect(classifySms(text.toLowerCase(), onmionPolicy)).toEqual(base)
        expect(classifySms(mixed, onmionPolicy)).toEqual(base)
      }),
      { numRuns: 1000 },
    )
  })

  it('is invariant under surrounding whitespace', () => {
    fc.assert(
      fc.property(message, whitespace, whitespace, (text, before, after) => {
        expect(classifySms(before + text + after, onmionPolicy)).toEqual(classifySms(text, onmionPolicy))
      }),
      { numRuns: 1000 },
    )
  })

  it('is invariant under case on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        expect(classifySms(text.toUpperCase(), onmionPolicy).kind).toBe(classifySms(text.toLowerCase(), onmionPolicy).kind)
      }),
      { numRuns: 1000 },
    )
  })
})

// How the classifier's time grows with the input (linear, not quadratic) is measured by
// bench/classify.bench.ts: a test does not time things.
describe('classifySms on long and binary input', () => {
  it('handles 1 MB of text and of binary by reading the first MAX_ANALYSED_LENGTH code units', () => {
    const text = 'STOP ' + 'x'.repeat(1024 * 1024)
    expect(classifySms(text, onmionPolicy)).toEqual(classifySms(text.slice(0, MAX_ANALYSED_LENGTH), onmionPolicy))
    const binary = Array.from({ length: 1024 * 1024 }, (_, i) => String.fromCharCode((i * 40503) % 65536)).join('')
    expect(classifySms(binary, onmionPolicy).kind).toBe(classifySms(binary.slice(0, MAX_ANALYSED_LENGTH), onmionPolicy).kind)
    expect(classifySms('stop\n' + '\u0000\uffff'.repeat(512 * 1024), onmionPolicy).kind).toBe('opt_out')
  })
})
