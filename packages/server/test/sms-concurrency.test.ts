import { onmionPolicy } from '@onmion/privacy-policy'
import { sql } from 'kysely'
import { afterEach, expect, it } from 'vitest'
import { createPrivacy, type Privacy } from '../src/index.js'
import type { InboundSms } from '../src/sms/index.js'
import type { SmsStatus } from '../src/sms/sms-status.js'
import { createVonageTransport } from '../src/sms/vonage-transport.js'
import { describeBackends, testKeys } from './backends.js'
import { startFakeVonage, type FakeVonage } from './support/fake-vonage.js'

type OnmionPrivacy = Privacy<typeof onmionPolicy>
const TEXTS = onmionPolicy.channels.sms.texts
const CREDENTIALS = { apiKey: 'key123', apiSecret: 'secret456' }
const PROGRAM_NUMBER = '12015550123'

/** Seeded PRNG (mulberry32): the same 1,000 messages and the same shuffle on every run. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = {
  opt_out: ['STOP', 'stop', 'Stop!!', 'please stop texting me', 'UNSUBSCRIBE', 'cancel my alerts', 'ARRÊT', 'opt-out'],
  opt_in: ['START', 'start', 'Unstop', 'YES'],
  help: ['HELP', 'help?', 'INFO'],
  other: ['On my way', 'Done with the Elm St job', 'ok thanks', "don't stop the work order", 'unstoppable'],
} as const
type Kind = keyof typeof WORDS

interface Planned extends InboundSms {
  readonly kind: Kind
  readonly at: number
}

/** 50 numbers x 20 messages, times spread over the last hour (distinct per number). */
function plan(seed: number): { messages: Planned[]; numbers: string[] } {
  const rnd = random(seed)
  const kinds: Kind[] = ['opt_out', 'opt_in', 'help', 'other']
  const numbers = Array.from({ length: 50 }, (_, i) => `+1415555${String(2000 + i)}`)
  const now = Date.now()
  const messages: Planned[] = []
  numbers.forEach((from, n) => {
    for (let i = 0; i < 20; i++) {
      const kind = kinds[Math.floor(rnd() * kinds.length)]!
      const words = WORDS[kind]
      // Distinct seconds within the hour; a few share a second to exercise the messageId tie-break.
      const at = now - 3_600_000 + Math.floor(rnd() * 3_500) * 1000
      messages.push({ from, to: PROGRAM_NUMBER, text: words[Math.floor(rnd() * words.length)]!, messageId: `n${n}-m${i}-${Math.floor(rnd() * 1e9).toString(36)}`, receivedAt: new Date(at), kind, at })
    }
  })
  return { messages, numbers }
}

/**
 * The sequential model: a number's messages, each once, in (receivedAt, messageId) order. STOP
 * opts out, START opts in, HELP changes nothing, any other text enrolls a number nothing is known
 * about (the policy's "text us first"). Returns the final status and how many opt-outs happened.
 */
function model(messages: readonly Planned[]): { status: SmsStatus; optOuts: number } {
  const sorted = [...messages].sort((a, b) => a.at - b.at || (a.messageId < b.messageId ? -1 : a.messageId > b.messageId ? 1 : 0))
  let status: SmsStatus = 'unknown'
  let optOuts = 0
  for (const m of sorted) {
    if (m.kind === 'opt_out') {
      if (status !== 'opted_out') optOuts++
      status = 'opted_out'
    } else if (m.kind === 'opt_in') status = 'consented'
    else if (m.kind === 'other' && status === 'unknown') status = 'consented'
  }
  return { status, optOuts }
}

function shuffle<T>(items: T[], rnd: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

async function runPool<T>(items: readonly T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await work(items[next++]!)
    }),
  )
}

describeBackends('sms concurrency', (openBackend, backend) => {
  const cleanup: (() => Promise<void>)[] = []
  afterEach(async () => {
    await Promise.all(cleanup.splice(0).map((c) => c()))
  })

  /** A privacy instance; with `shared`, a second instance on the same database, keys and provider. */
  async function setup(shared?: { database?: string; vonage?: FakeVonage }): Promise<{ privacy: OnmionPrivacy; vonage: FakeVonage; database: string }> {
    const vonage = shared?.vonage ?? (await startFakeVonage(CREDENTIALS))
    const database = shared?.database ?? (await openBackend()).database
    const privacy = await createPrivacy({
      policy: onmionPolicy,
      database,
      keys: shared ? KEYS : testKeys(),
      // A long timeout: 1,000 concurrent sends to the local fake can queue for seconds on a loaded machine.
      sms: { transport: createVonageTransport({ ...CREDENTIALS, restHost: vonage.url, timeoutMs: 120_000 }), from: PROGRAM_NUMBER },
    })
    cleanup.push(() => privacy.close())
    if (shared?.vonage === undefined) cleanup.push(() => vonage.close())
    return { privacy, vonage, database }
  }
  const KEYS = testKeys()

  const textsTo = (vonage: FakeVonage, e164: string): string[] => vonage.requests.filter((r) => r.params.to === e164.slice(1)).map((r) => r.params.text!)

  it(
    '1,000 interleaved STOP/START/HELP/other messages for 50 numbers, concurrently, shuffled, with duplicates, end as the sequential model',
    async () => {
      const { privacy, vonage } = await setup()
      const { messages, numbers } = plan(20_250_411)
      const rnd = random(7)
      // Every tenth message is delivered twice (Vonage retries), then everything is shuffled.
      const deliveries = shuffle([...messages, ...messages.filter((_, i) => i % 10 === 0)], rnd)
      expect(messages).toHaveLength(1000)

      const results = new Map<string, { duplicate: boolean; reply: string | null }[]>()
      await runPool(deliveries, 40, async (m) => {
        const { kind: _, at: __, ...input } = m
        const result = await privacy.sms.handleInbound(input)
        const list = results.get(m.messageId) ?? []
        list.push({ duplicate: result.duplicate, reply: result.reply?.kind ?? null })
        results.set(m.messageId, list)
      })

      // Each message id: handled once, replied at most once.
      for (const [id, list] of results) {
        expect(list.filter((r) => !r.duplicate), id).toHaveLength(1)
        expect(list.filter((r) => r.reply !== null).length, id).toBeLessThanOrEqual(1)
      }

      for (const number of numbers) {
        const mine = messages.filter((m) => m.from === number)
        const expected = model(mine)
        expect(await privacy.sms.status(number), number).toBe(expected.status)
        const decision = await privacy.sms.canSend(number)
        expect(decision.allowed, number).toBe(expected.status === 'consented')

        // Each opt-out recorded produced exactly one confirmation, and nothing but HELP answers
        // followed the last opt-out.
        const subject = privacy.context.vault.subjectFor('phone', number)
        const optOutEvents = (await privacy.history(subject)).filter((e) => e.type === 'sms.opted_out')
        const texts = textsTo(vonage, number)
        expect(texts.filter((t) => t === TEXTS.optOutConfirmation).length, number).toBe(optOutEvents.length)
        if (expected.status === 'opted_out') {
          const last = texts.lastIndexOf(TEXTS.optOutConfirmation)
          expect(last, number).toBeGreaterThanOrEqual(0)
          expect(texts.slice(last + 1).every((t) => t === TEXTS.help), number).toBe(true)
        }
      }

      const perTransition = await sql<{ for_event: string; n: string | number }>`
        select for_event, count(*) as n from sms_outbound where kind = 'opt_out_confirmation' group by for_event`.execute(privacy.db)
      expect(perTransition.rows.every((r) => Number(r.n) === 1)).toBe(true)
      expect(Number((await sql<{ n: string | number }>`select count(*) as n from sms_inbound`.execute(privacy.db)).rows[0]!.n)).toBe(1000)
      expect((await privacy.ledger.verify()).ok).toBe(true)
    },
    240_000,
  )

  it.skipIf(backend !== 'postgres')(
    'two instances on one PostgreSQL database, sharing the numbers, still end as the model with one confirmation per opt-out',
    async () => {
      const first = await setup({})
      const second = await setup({ database: first.database, vonage: first.vonage })
      const { messages, numbers } = plan(99)
      const deliveries = shuffle([...messages, ...messages.filter((_, i) => i % 7 === 0)], random(3))
      await runPool(deliveries, 40, async (m) => {
        const { kind: _, at: __, ...input } = m
        await (m.messageId.length % 2 === 0 ? first : second).privacy.sms.handleInbound(input)
      })
      for (const number of numbers) {
        const expected = model(messages.filter((m) => m.from === number))
        expect(await first.privacy.sms.status(number), number).toBe(expected.status)
        const optOuts = (await first.privacy.history(first.privacy.context.vault.subjectFor('phone', number))).filter((e) => e.type === 'sms.opted_out')
        expect(textsTo(first.vonage, number).filter((t) => t === TEXTS.optOutConfirmation).length, number).toBe(optOuts.length)
      }
      expect((await first.privacy.ledger.verify()).ok).toBe(true)
    },
    240_000,
  )

  it(
    'in model order, one at a time, every opt-out of the model gets exactly one confirmation',
    async () => {
      const { privacy, vonage } = await setup()
      const { messages, numbers } = plan(42)
      const sorted = [...messages].sort((a, b) => a.at - b.at || (a.messageId < b.messageId ? -1 : 1)).slice(0, 300)
      for (const m of sorted) {
        const { kind: _, at: __, ...input } = m
        await privacy.sms.handleInbound(input)
      }
      for (const number of numbers) {
        const expected = model(sorted.filter((m) => m.from === number))
        expect(await privacy.sms.status(number)).toBe(expected.status)
        expect(textsTo(vonage, number).filter((t) => t === TEXTS.optOutConfirmation)).toHaveLength(expected.optOuts)
      }
    },
    240_000,
  )
})
