import type { SmsKeywords } from '@onmion/privacy-schema'

/**
 * What an inbound SMS asks for. `opt_out` revokes consent, `opt_in` (re-)enrolls, `help` asks for
 * the HELP text, `other` is anything else (a work-order reply, a question).
 *
 * @example
 * const kind: SmsKind = classifySms('STOP', onmionPolicy).kind // 'opt_out'
 */
export type SmsKind = 'opt_out' | 'opt_in' | 'help' | 'other'

/**
 * Which part of the reading rule decided (see {@link classifySms}):
 * - `exact`: the message is only keyword(s) of one kind ("STOP", "stop stop", "Opt-Out!!").
 * - `with_courtesy`: keyword(s) of one kind plus courtesy words only ("stop please", "HELP me").
 * - `in_sentence`: an opt-out keyword among other words that a reasonable person reads as a
 *   revocation ("please stop texting me", "cancel my alerts").
 * - `revocation_phrase`: no keyword, but wording that revokes ("don't text me", "remove me",
 *   "wrong number").
 * - `none`: nothing matched (also an empty message, or one that is only quoted text).
 *
 * @example
 * classifySms('cancel my alerts', onmionPolicy).rule // 'in_sentence'
 */
export type SmsRule = 'exact' | 'with_courtesy' | 'in_sentence' | 'revocation_phrase' | 'none'

/**
 * The reading of one inbound SMS. `keyword` is the policy's keyword, as the policy spells it.
 *
 * @example
 * const reading: SmsClassification = classifySms('arrêt', onmionPolicy) // { kind: 'opt_out', keyword: 'ARRET', rule: 'exact' }
 */
export interface SmsClassification {
  readonly kind: SmsKind
  readonly keyword?: string
  readonly rule: SmsRule
}

/**
 * The part of a policy the classifier reads: its SMS keyword lists.
 *
 * @example
 * const source: SmsKeywordSource = { channels: { sms: { keywords: { optOut: ['STOP'], optIn: ['START'], help: ['HELP'] } } } }
 */
export interface SmsKeywordSource {
  readonly channels: { readonly sms: { readonly keywords: SmsKeywords } }
}

/**
 * The classifier reads at most this many UTF-16 code units. A concatenated SMS carries at most
 * 255 parts of 153 GSM-7 characters (39,015 characters), so every message a carrier can deliver
 * fits; anything longer is not an SMS, and the cap bounds the work an attacker can cause through
 * a webhook. The keyword of a real reply is at its start, so nothing a person writes is lost.
 *
 * @example
 * if (body.text.length > MAX_ANALYSED_LENGTH) log.warn('oversized inbound SMS; only its start is read')
 */
export const MAX_ANALYSED_LENGTH = 65_536

// The English words the reading rule needs. They are grammar, not keywords: the keyword lists
// themselves come from the policy (channels.sms.keywords), so a program adds a language there.

/** Words that may accompany a keyword without changing it ("stop please", "HELP me"). */
const COURTESY = new Set([
  'please', 'pls', 'plz', 'plse', 'thanks', 'thank', 'thx', 'ty', 'you', 'u', 'ok', 'okay', 'k', 'now',
  'hi', 'hello', 'hey', 'again', 'me', 'just', 'sorry', 'asap', 'right', 'away', 'immediately', 'already',
  'sir', 'maam', 'por', 'favor', 'merci', 'gracias', 'sil', 'vous', 'plait', 'lol',
])

/** Words that make an opt-out keyword about the messages themselves ("stop texting", "cancel my alerts"). */
const MESSAGING = new Set([
  'text', 'texts', 'texting', 'txt', 'txts', 'txting', 'message', 'messages', 'messaging', 'msg', 'msgs',
  'sms', 'sending', 'contacting', 'calling', 'alerts', 'alert', 'notifications', 'notification', 'notifs',
  'subscription', 'reminders', 'updates', 'spam', 'mensajes', 'textos',
])

/** Words that negate a following keyword ("don't stop the work order"). */
const NEGATORS = new Set([
  'dont', 'not', 'never', 'cant', 'cannot', 'wont', 'didnt', 'doesnt', 'shouldnt', 'mustnt', 'wouldnt', 'without',
])

/** Words after a keyword that make it a noun or an unrelated phrasal verb ("end of shift", "stop by"). */
const NON_REVOKING_FOLLOWERS = new Set(['of', 'by', 'at', 'up', 'over', 'in', 'on'])

/** Words before a keyword that make it a noun ("the end", "a bus stop", "my end"). */
const NOUN_MARKERS = new Set(['the', 'a', 'an', 'bus', 'next', 'last', 'first', 'my', 'your', 'our', 'their', 'his', 'her', 'full', 'pit', 'rest', 'truck', 'one'])

/** Work nouns: a keyword aimed at them is about the work, not the messages ("cancel the job"). */
const WORK = new Set([
  'job', 'jobs', 'order', 'orders', 'work', 'appointment', 'appointments', 'appt', 'visit', 'shift', 'shifts',
  'ticket', 'tickets', 'task', 'tasks', 'request', 'booking', 'meeting', 'delivery', 'install', 'installation',
  'repair', 'service', 'call', 'wo', 'project', 'timer', 'clock', 'route', 'trip', 'truck', 'machine',
  'water', 'leak', 'report', 'day', 'week', 'month', 'contract', 'invoice', 'payment', 'quote', 'estimate',
])

/** Revocations without a keyword; each is a run of tokens matched anywhere in a clause. */
const REVOCATION_PHRASES: readonly (readonly string[])[] = [
  ['dont', 'text'], ['do', 'not', 'text'], ['dont', 'message'], ['do', 'not', 'message'], ['dont', 'contact'],
  ['do', 'not', 'contact'], ['dont', 'txt'], ['no', 'more', 'texts'], ['no', 'more', 'messages'],
  ['no', 'more', 'alerts'], ['remove', 'me'], ['take', 'me', 'off'], ['leave', 'me', 'alone'],
  ['wrong', 'number'], ['lose', 'my', 'number'], ['dont', 'send', 'me'], ['do', 'not', 'send', 'me'],
  ['not', 'interested'],
]

/** Signature lines: the line and everything below it are not the person's reply. */
const SIGNATURE_PREFIXES = ['sent from my', 'sent from ', 'sent via ', 'get outlook for', 'envoye de mon', 'enviado desde mi', 'enviado de meu']

const CLAUSE_BREAK = new Set(['.', ',', ';', ':', '!', '?', '(', ')', '\n', '¡', '¿', '…', '—'])
const APOSTROPHES = new Set(["'", '’', 'ʼ', '`', '´'])

interface CompiledKeyword {
  readonly kind: Exclude<SmsKind, 'other'>
  readonly keyword: string
  readonly tokens: readonly string[]
}

const compiled = new WeakMap<SmsKeywords, readonly CompiledKeyword[]>()

/**
 * Reads an inbound SMS as an opt-out, an opt-in, a HELP request or anything else, with the policy's
 * keyword lists (`channels.sms.keywords`). Pure and total: it never throws, and its work is linear
 * in the length of the text (capped at {@link MAX_ANALYSED_LENGTH}).
 *
 * **What is read.** Quoted replies (lines starting with `>`, an "On ... wrote:" header and what
 * follows, "-----Original Message-----") and a signature (a `--` line, "Sent from my iPhone" and
 * what follows) are dropped: a quote of our own "Reply STOP to cancel" is not the person saying
 * STOP. The rest is NFKC-normalized (full-width letters), case-folded, stripped of diacritics
 * (ARRÊT reads as ARRET) and split into words; punctuation and emoji separate words, and
 * `. , ; : ! ?` and line breaks also end a clause. A URL or an email address is one opaque word,
 * so `onmion.com/stop` contains no keyword. A keyword matches whole words only ("unstoppable",
 * "cancelled" and "stopped" match nothing); a multi-word keyword ("OPT OUT") matches those words in
 * a row, and "opt-out" reads as "opt out".
 *
 * **The reasonable-person rule (FCC 24-24, 47 CFR 64.1200(a)(10)).** The rule errs toward
 * opting out: a revocation missed is a violation, a confirmation sent by mistake costs one text
 * and a START.
 * 1. A message made only of keywords of one kind is that kind (`exact`); with courtesy words
 *    ("please", "thanks", "now", "me", ...) added it is still that kind (`with_courtesy`). This is
 *    the only way to opt in or ask for HELP: "yes I'll be there" is not a subscription.
 * 2. An opt-out keyword among other words revokes (`in_sentence`) unless, within its clause, the
 *    words around it show it is about something else:
 *    - a messaging word follows it within four words ("stop texting me", "cancel my alerts",
 *      "why won't you stop sending these"): it revokes, whatever comes before;
 *    - otherwise it does not revoke when it is negated (one of "don't", "not", "never", "can't",
 *      "won't", ... within the three words before: "don't stop the work order"), used as a noun
 *      (after "the", "a", "my", "bus", ...: "the end", "at the bus stop"), followed by "of", "by",
 *      "at", "up", "over", "in" or "on" ("end of shift report", "stop by the office"), or aimed at
 *      work (a work noun such as job, order, appointment, shift within the four words after it:
 *      "cancel the job", "can you end my shift");
 *    - anything else revokes ("Stop!!", "please stop", "I said STOP", "parar por favor").
 * 3. Without a keyword, a revocation phrase revokes (`revocation_phrase`): "don't text me",
 *    "do not contact", "no more texts", "remove me", "take me off", "leave me alone", "wrong
 *    number", unless aimed at work ("remove me from the job").
 *
 * **Precedence.** Opt-out wins over everything: "YES STOP" and "help, stop" are opt-outs. Between
 * the others, HELP wins over opt-in ("start help" gets the HELP text): opting in needs a clear
 * request, and the HELP reply tells the person how to do it.
 *
 * @example
 * import { onmionPolicy } from '@onmion/privacy-policy'
 * classifySms('Stop!! 🛑', onmionPolicy)                 // { kind: 'opt_out', keyword: 'STOP', rule: 'exact' }
 * classifySms('please stop texting me', onmionPolicy)    // { kind: 'opt_out', keyword: 'STOP', rule: 'in_sentence' }
 * classifySms("don't stop the work order", onmionPolicy) // { kind: 'other', rule: 'none' }
 * classifySms('ARRÊT', onmionPolicy)                     // { kind: 'opt_out', keyword: 'ARRET', rule: 'exact' }
 */
export function classifySms(text: string, policy: SmsKeywordSource): SmsClassification {
  if (typeof text !== 'string') return NONE
  const keywords = compile(policy.channels.sms.keywords)
  const clauses = tokenize(normalize(dropQuotesAndSignature(cap(text))))
  return decide(clauses, keywords)
}

const NONE: SmsClassification = Object.freeze({ kind: 'other', rule: 'none' })

function cap(text: string): string {
  if (text.length <= MAX_ANALYSED_LENGTH) return text
  // Never end on half a surrogate pair.
  const end = isHighSurrogate(text.charCodeAt(MAX_ANALYSED_LENGTH - 1)) ? MAX_ANALYSED_LENGTH - 1 : MAX_ANALYSED_LENGTH
  return text.slice(0, end)
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

/** NFKC (full-width forms), case fold, then strip combining marks (ARRÊT -> arret). All linear. */
function normalize(text: string): string {
  return text.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFD').replace(/\p{M}/gu, '')
}

function splitLines(text: string): string[] {
  const lines: string[] = []
  let start = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    // \n, \r, \u2028, \u2029; \r\n counts once.
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      lines.push(text.slice(start, i))
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++
      start = i + 1
    }
  }
  lines.push(text.slice(start))
  return lines
}

/** Keeps the lines the person wrote: no quoted lines, nothing from a reply header or signature on. */
function dropQuotesAndSignature(text: string): string {
  const lines = splitLines(text)
  const kept: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? ''
    const line = normalize(raw).trim()
    if (line.startsWith('>')) continue
    if (line === '--' || line === '—' || line === '__' || isOriginalMessageHeader(line)) break
    if (SIGNATURE_PREFIXES.some((prefix) => line.startsWith(prefix))) break
    // "On Tue, Mar 5, 2024 at 10:00 AM Onmion <alerts@onmion.com> wrote:" may wrap onto a second line.
    if (line.startsWith('on ') && (line.endsWith('wrote:') || normalize(lines[i + 1] ?? '').trim().endsWith('wrote:'))) break
    kept.push(raw)
  }
  return kept.join('\n')
}

/** "-----Original Message-----", compared without a regex so no input can make it backtrack. */
function isOriginalMessageHeader(line: string): boolean {
  return line.startsWith('---') && line.endsWith('---') && line.replaceAll('-', '').trim() === 'original message'
}

type Clause = string[]

/**
 * Splits normalized text into clauses of words. One pass over the characters: letters and
 * digits build a word, an apostrophe inside a word is dropped ("don't" -> "dont"), a URL or an
 * email address becomes one opaque word, anything else ends the word, and clause punctuation or
 * a line break also ends the clause.
 */
function tokenize(text: string): Clause[] {
  const clauses: Clause[] = []
  let clause: Clause = []
  let i = 0
  while (i < text.length) {
    // Whitespace-delimited chunk [i, end).
    if (isSpace(text.charCodeAt(i)) && text[i] !== '\n') {
      i++
      continue
    }
    let end = i
    while (end < text.length && !(isSpace(text.charCodeAt(end)) || text[end] === '\n')) end++
    if (end === i) {
      // A line break: ends the clause.
      if (clause.length > 0) clauses.push(clause)
      clause = []
      i++
      continue
    }
    const chunk = text.slice(i, end)
    if (isUrlOrEmail(chunk)) {
      clause.push(OPAQUE)
    } else {
      let word = ''
      for (const ch of chunk) {
        if (isWordChar(ch)) {
          word += ch
        } else if (APOSTROPHES.has(ch) && word !== '') {
          // Joined: "don't" -> "dont". A trailing apostrophe simply ends the word later.
        } else {
          if (word !== '') clause.push(word)
          word = ''
          if (CLAUSE_BREAK.has(ch)) {
            if (clause.length > 0) clauses.push(clause)
            clause = []
          }
        }
      }
      if (word !== '') clause.push(word)
    }
    i = end
  }
  if (clause.length > 0) clauses.push(clause)
  return clauses
}

/** Stands for a URL or email address: a word that is no keyword and no courtesy word. */
const OPAQUE = '\u0000'

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 11 || code === 12 || code === 13 || code === 0xa0 ||
    code === 0x1680 || (code >= 0x2000 && code <= 0x200b) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
}

const WORD_CHAR = /^[\p{L}\p{N}]$/u

function isWordChar(ch: string): boolean {
  const c = ch.charCodeAt(0)
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 65 && c <= 90)
  return WORD_CHAR.test(ch)
}

/** `https://x/stop`, `www.x.com`, `onmion.com/stop`, `a@b.com`: a host with a dot, or a scheme. */
function isUrlOrEmail(chunk: string): boolean {
  if (chunk.includes('://') || chunk.startsWith('www.')) return true
  const at = chunk.indexOf('@')
  if (at > 0 && chunk.indexOf('.', at) > at + 1) return true
  const slash = chunk.indexOf('/')
  if (slash > 0) {
    const dot = chunk.indexOf('.')
    return dot > 0 && dot < slash - 1
  }
  return false
}

function compile(keywords: SmsKeywords): readonly CompiledKeyword[] {
  const cached = compiled.get(keywords)
  if (cached !== undefined) return cached
  const list: CompiledKeyword[] = []
  const lists = [['opt_out', keywords.optOut], ['help', keywords.help], ['opt_in', keywords.optIn]] as const
  for (const [kind, words] of lists) {
    for (const keyword of words) {
      const tokens = tokenize(normalize(keyword)).flat()
      if (tokens.length > 0) list.push({ kind, keyword, tokens })
    }
  }
  // Longest first, so "STOP ALL" wins over "STOP" at the same place.
  list.sort((a, b) => b.tokens.length - a.tokens.length)
  compiled.set(keywords, list)
  return list
}

interface Match {
  readonly keyword: CompiledKeyword
  readonly start: number
  readonly end: number
}

function matchAt(clause: Clause, at: number, keywords: readonly CompiledKeyword[]): CompiledKeyword | undefined {
  return keywords.find((k) => k.tokens.every((token, j) => clause[at + j] === token))
}

function phraseAt(clause: Clause, at: number, phrase: readonly string[]): boolean {
  return phrase.every((token, j) => clause[at + j] === token)
}

const PRECEDENCE: readonly Exclude<SmsKind, 'other'>[] = ['opt_out', 'help', 'opt_in']

function decide(clauses: readonly Clause[], keywords: readonly CompiledKeyword[]): SmsClassification {
  const matches: (Match & { readonly clause: Clause })[] = []
  let onlyKeywordsAndCourtesy = true
  let anyCourtesy = false
  for (const clause of clauses) {
    let i = 0
    while (i < clause.length) {
      const keyword = matchAt(clause, i, keywords)
      if (keyword !== undefined) {
        matches.push({ keyword, start: i, end: i + keyword.tokens.length, clause })
        i += keyword.tokens.length
        continue
      }
      if (COURTESY.has(clause[i] ?? '')) anyCourtesy = true
      else onlyKeywordsAndCourtesy = false
      i++
    }
  }

  // Rule 1: only keywords (and courtesy words).
  if (matches.length > 0 && onlyKeywordsAndCourtesy) {
    const rule: SmsRule = anyCourtesy ? 'with_courtesy' : 'exact'
    for (const kind of PRECEDENCE) {
      const first = matches.find((m) => m.keyword.kind === kind)
      if (first !== undefined) return { kind, keyword: first.keyword.keyword, rule }
    }
  }

  // Rule 2: an opt-out keyword among other words, read in its clause.
  for (const m of matches) {
    if (m.keyword.kind === 'opt_out' && revokes(m.clause, m.start, m.end)) {
      return { kind: 'opt_out', keyword: m.keyword.keyword, rule: 'in_sentence' }
    }
  }

  // Rule 3: revocation wording without a keyword.
  for (const clause of clauses) {
    for (let i = 0; i < clause.length; i++) {
      const phrase = REVOCATION_PHRASES.find((p) => phraseAt(clause, i, p))
      if (phrase !== undefined && !aimedAtWork(clause, i + phrase.length)) return { kind: 'opt_out', rule: 'revocation_phrase' }
    }
  }
  return NONE
}

function revokes(clause: Clause, start: number, end: number): boolean {
  if (within(clause, end, end + 4, MESSAGING)) return true
  if (within(clause, start - 3, start, NEGATORS)) return false
  if (NOUN_MARKERS.has(clause[start - 1] ?? '')) return false
  if (NON_REVOKING_FOLLOWERS.has(clause[end] ?? '')) return false
  return !aimedAtWork(clause, end)
}

function aimedAtWork(clause: Clause, from: number): boolean {
  return within(clause, from, from + 4, WORK)
}

function within(clause: Clause, from: number, to: number, words: ReadonlySet<string>): boolean {
  for (let i = Math.max(0, from); i < Math.min(to, clause.length); i++) if (words.has(clause[i] ?? '')) return true
  return false
}
