import { onmionPolicy } from '@onmion/privacy-policy'
import { sql } from 'kysely'
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest'
import { createPrivacy, type Privacy } from '../src/index.js'
import { createSms } from '../src/sms/index.js'
import { SmsRefusedError } from '../src/sms/sms-refused-error.js'
import { createVonageTransport } from '../src/sms/vonage-transport.js'
import { describeBackends, testKeys } from './backends.js'
import { startFakeVonage, type FakeVonage } from './support/fake-vonage.js'

type OnmionPrivacy = Privacy<typeof onmionPolicy>
const TEXTS = onmionPolicy.channels.sms.texts
const PROGRAM_NUMBER = '12015550123'
const CREDENTIALS = { apiKey: 'key123', apiSecret: 'secret456' }

let vonage: FakeVonage
beforeAll(async () => {
  vonage = await startFakeVonage(CREDENTIALS)
})
afterAll(() => vonage.close())

/** What the fake provider received for one number (Vonage format), in order. */
const sentTo = (e164: string): string[] => vonage.requests.filter((r) => r.params.to === e164.slice(1)).map((r) => r.params.text!)

let counter = 0
/** A fresh number per test, so tests sharing the fake provider never see each other's messages. */
function freshNumber(): string {
  counter++
  return `+1415555${String(1000 + (counter % 9000)).padStart(4, '0')}`.slice(0, 12)
}
const minutesAgo = (n: number): Date => new Date(Date.now() - n * 60_000)

describeBackends('sms', (openBackend) => {
  const open: OnmionPrivacy[] = []
  const start = async (withTransport = true): Promise<OnmionPrivacy> => {
    const { database } = await openBackend()
    const privacy = await createPrivacy({
      policy: onmionPolicy,
      database,
      keys: testKeys(),
      sms: withTransport ? { transport: createVonageTransport({ ...CREDENTIALS, restHost: vonage.url }), from: PROGRAM_NUMBER } : {},
    })
    open.push(privacy)
    return privacy
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()))
  })
  const count = async (privacy: OnmionPrivacy, table: 'privacy_events' | 'sms_inbound' | 'sms_outbound'): Promise<number> =>
    Number((await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(privacy.db)).rows[0]!.n)

  it('STOP records an opt-out with the message as evidence, sealed, and replies the confirmation once', async () => {
    const privacy = await start()
    const from = freshNumber()
    const result = await privacy.sms.handleInbound({ from: from.slice(1), to: PROGRAM_NUMBER, text: 'Stop!!', messageId: 'm-stop-1', receivedAt: minutesAgo(2) })
    expect(result).toMatchObject({ duplicate: false, from, status: 'opted_out', classification: { kind: 'opt_out', keyword: 'STOP' } })
    expect(result.reply).toMatchObject({ kind: 'opt_out_confirmation', text: TEXTS.optOutConfirmation })
    expect(result.reply?.messageId).toMatch(/^[0-9A-F]{16}$/)
    expect(result.recorded).toHaveLength(1)
    const event = result.recorded[0]!
    expect(event).toMatchObject({ type: 'sms.opted_out', method: 'keyword', phone: from, subject: privacy.context.vault.subjectFor('phone', from) })
    expect(event.evidence).toMatchObject({ source: 'sms_inbound', messageId: 'm-stop-1', text: 'Stop!!', keyword: 'STOP', rule: 'exact', to: `+${PROGRAM_NUMBER}` })

    // Never in clear: not in any column of the event row, nor in the SMS tables.
    const rows = await sql<Record<string, unknown>>`select * from privacy_events`.execute(privacy.db)
    const inbound = await sql<Record<string, unknown>>`select * from sms_inbound`.execute(privacy.db)
    const outbound = await sql<Record<string, unknown>>`select * from sms_outbound`.execute(privacy.db)
    const dump = JSON.stringify([rows.rows, inbound.rows, outbound.rows])
    expect(dump).not.toContain(from.slice(1))
    expect(dump).not.toContain(from.slice(2))

    const again = await privacy.sms.handleInbound({ from, to: PROGRAM_NUMBER, text: 'STOP', messageId: 'm-stop-2', receivedAt: minutesAgo(1) })
    expect(again).toMatchObject({ duplicate: false, status: 'opted_out', reply: null, recorded: [] })
    expect(sentTo(from)).toEqual([TEXTS.optOutConfirmation])
    expect(await privacy.sms.canSend(from)).toEqual({ allowed: false, reason: 'opted_out', status: 'opted_out' })
    expect((await privacy.ledger.verify()).ok).toBe(true)
  })

  it('a webhook delivered twice records once and replies once', async () => {
    const privacy = await start()
    const from = freshNumber()
    const message = { from, to: PROGRAM_NUMBER, text: 'STOP', messageId: 'dup-1', receivedAt: minutesAgo(1) }
    const [first, second] = await Promise.all([privacy.sms.handleInbound(message), privacy.sms.handleInbound(message)])
    const third = await privacy.sms.handleInbound(message)
    expect([first, second].filter((r) => r.duplicate)).toHaveLength(1)
    expect(third).toMatchObject({ duplicate: true, reply: null, recorded: [] })
    expect([first, second, third].filter((r) => r.reply !== null)).toHaveLength(1)
    expect(await count(privacy, 'privacy_events')).toBe(1)
    expect(await count(privacy, 'sms_inbound')).toBe(1)
    expect(sentTo(from)).toEqual([TEXTS.optOutConfirmation])
  })

  it('refuses a message id reused by another number', async () => {
    const privacy = await start()
    await privacy.sms.handleInbound({ from: freshNumber(), to: PROGRAM_NUMBER, text: 'HELP', messageId: 'same-id', receivedAt: minutesAgo(1) })
    await expect(privacy.sms.handleInbound({ from: freshNumber(), to: PROGRAM_NUMBER, text: 'STOP', messageId: 'same-id', receivedAt: minutesAgo(1) })).rejects.toMatchObject({
      code: 'CONFLICT',
      field: 'messageId',
    })
  })

  it('START re-enrolls with the opt-in confirmation; send works again', async () => {
    const privacy = await start()
    const from = freshNumber()
    await privacy.sms.handleInbound({ from, to: PROGRAM_NUMBER, text: 'STOP', messageId: 's-1', receivedAt: minutesAgo(3) })
    await expect(privacy.sms.send({ to: from, text: 'A new work order has been assigned to you.', kind: 'transactional' })).rejects.toBeInstanceOf(SmsRefusedError)
    const start_ = await privacy.sms.handleInbound({ from, to: PROGRAM_NUMBER, text: 'start', messageId: 's-2', receivedAt: minutesAgo(2) })
    expect(start_).toMatchObject({ status: 'consented', reply: { kind: 'opt_in_confirmation', text: TEXTS.optInConfirmation } })
    expect(start_.recorded[0]).toMatchObject({ type: 'sms.opted_in', method: 'keyword' })
    expect(await privacy.sms.canSend(from)).toEqual({ allowed: true, reason: 'allowed', status: 'consented' })
    const sent = await privacy.sms.send({ to: from, text: 'A new work order has been assigned to you.', kind: 'transactional' })
    expect(sent.messageId).toMatch(/^[0-9A-F]{16}$/)
    expect(sentTo(from)).toEqual([TEXTS.optOutConfirmation, TEXTS.optInConfirmation, 'A new work order has been assigned to you.'])
    const again = await privacy.sms.handleInbound({ from, to: PROGRAM_NUMBER, text: 'START', messageId: 's-3', receivedAt: minutesAgo(1) })
    expect(again).toMatchObject({ reply: null, recorded: [] })
  })

  it('HELP answers with the policy text and changes nothing, subscribed or not', async () => {
    const privacy = await start()
    const from = freshNumber()
    const help = await privacy.sms.handleInbound({ from, to: PROGRAM_NUMBER, text: 'help', messageId: 'h-1', receivedAt: minutesAgo(3) })
    expect(help).toMatchObject({ status: 'unknown', recorded: [], reply: { kind: 'help', text: TEXTS.help } })
    expect(TEXTS.help).toContain('support@onmion.com')
    await privacy.sms.handleInbound({ from, to: PROGRAM_NUMBER, text: 'STOP', messageId: 'h-2', receivedAt: minutesAgo(2) })
    const afterStop = await privacy.sms.handleInbound({ from, to: PROGRAM_NUMBER, text: 'INFO', messageId: 'h-3', receivedAt: minutesAgo(1) })
    expect(afterStop).toMatchObject({ status: 'opted_out', recorded: [], reply: { kind: 'help' } })
    expect(await count(privacy, 'privacy_events')).toBe(1)
  })

  it('a first text from an unknown number enrolls it (text_first); later texts record nothing', async () => {
    const privacy = await start()
    const from = freshNumber()
    const first = await privacy.sms.handleInbound({ from, to: PROGRAM_NUMBER, text: 'Hi, this is Dana from the Elm St job', messageId: 'o-1', receivedAt: minutesAgo(2) })
    expect(first).toMatchObject({ status: 'consented', reply: { kind: 'opt_in_confirmation' } })
    expect(first.recorded[0]).toMatchObject({ type: 'sms.opted_in', method: 'text_first' })
    const second = await privacy.sms.handleInbound({ from, to: PROGRAM_NUMBER, text: 'On my way', messageId: 'o-2', receivedAt: minutesAgo(1) })
    expect(second).toMatchObject({ status: 'consented', reply: null, recorded: [] })
    expect(await count(privacy, 'privacy_events')).toBe(1)
  })

  it('other texts record nothing once the number is known', async () => {
    const privacy = await start()
    const from = freshNumber()
    await privacy.sms.handleInbound({ from, to: PROGRAM_NUMBER, text: 'STOP', messageId: 'k-1', receivedAt: minutesAgo(2) })
    const other = await privacy.sms.handleInbound({ from, to: PROGRAM_NUMBER, text: 'ok thanks', messageId: 'k-2', receivedAt: minutesAgo(1) })
    expect(other).toMatchObject({ status: 'opted_out', reply: null, recorded: [] })
  })

  it('an unparseable number is an input error naming the field, and nothing is recorded', async () => {
    const privacy = await start()
    for (const [field, message] of [
      ['from', { from: 'not a number', to: PROGRAM_NUMBER }],
      ['from', { from: '12', to: PROGRAM_NUMBER }],
      ['to', { from: freshNumber(), to: 'Onmion!' }],
    ] as const) {
      await expect(privacy.sms.handleInbound({ ...message, text: 'STOP', messageId: `bad-${field}`, receivedAt: minutesAgo(1) })).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        field,
      })
    }
    await expect(privacy.sms.handleInbound({ from: freshNumber(), to: PROGRAM_NUMBER, text: 'STOP', messageId: '', receivedAt: minutesAgo(1) })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'messageId',
    })
    await expect(privacy.sms.handleInbound({ from: freshNumber(), to: PROGRAM_NUMBER, text: 'STOP', messageId: 'future', receivedAt: new Date(Date.now() + 3_600_000) })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'receivedAt',
    })
    await expect(privacy.sms.canSend('nope')).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'to' })
    expect(await count(privacy, 'privacy_events')).toBe(0)
    expect(await count(privacy, 'sms_inbound')).toBe(0)
  })

  it.skipIf(process.env.ONMION_PRIVACY_KEYS !== undefined || process.env.PRIVACY_KEYS !== undefined)('without identifier keys, an inbound message is a configuration error and nothing is recorded', async () => {
    const privacy = await createPrivacy({ policy: onmionPolicy, database: (await openBackend()).database })
    open.push(privacy)
    await expect(privacy.sms.handleInbound({ from: freshNumber(), to: PROGRAM_NUMBER, text: 'STOP', messageId: 'nokeys', receivedAt: minutesAgo(1) })).rejects.toMatchObject({
      code: 'CONFIGURATION',
    })
    expect(await count(privacy, 'sms_inbound')).toBe(0)
  })

  it('the send gate: no consent, consent by form on another subject, and an opt-out after it wins', async () => {
    const privacy = await start()
    const phone = freshNumber()
    const text = 'A new work order has been assigned to you.'
    expect(await privacy.sms.canSend(phone)).toEqual({ allowed: false, reason: 'no_consent', status: 'unknown' })
    await expect(privacy.sms.send({ to: phone, text, kind: 'transactional' })).rejects.toMatchObject({ name: 'SmsRefusedError', code: 'SMS_REFUSED', reason: 'no_consent' })

    await privacy.record({ subject: 'u_42', type: 'sms.opted_in', phone, method: 'signed_form', occurredAt: minutesAgo(10), evidence: { formId: 'F-19' } })
    expect(await privacy.sms.canSend(phone)).toMatchObject({ allowed: true, reason: 'allowed' })
    await privacy.sms.send({ to: phone, text, kind: 'transactional' })

    const stop = await privacy.sms.handleInbound({ from: phone, to: PROGRAM_NUMBER, text: 'please stop texting me', messageId: 'g-1', receivedAt: minutesAgo(1) })
    expect(stop.recorded.map((e) => e.subject).sort()).toEqual([privacy.context.vault.subjectFor('phone', phone), 'u_42'].sort())
    expect((await privacy.state('u_42')).sms.optedOut).toBe(true)
    expect(await privacy.check({ subject: 'u_42', purpose: 'transactional_sms', category: 'identifiers' })).toMatchObject({ allowed: false })
    await expect(privacy.sms.send({ to: phone, text, kind: 'transactional' })).rejects.toMatchObject({ reason: 'opted_out' })
    await expect(privacy.sms.send({ to: phone, text: TEXTS.optOutConfirmation, kind: 'opt_out_confirmation' })).rejects.toMatchObject({ reason: 'confirmation_already_sent' })
    await expect(privacy.sms.send({ to: phone, text: TEXTS.optInConfirmation, kind: 'opt_in_confirmation' })).rejects.toMatchObject({ reason: 'opted_out' })
    // The confirmation is the only message after the opt-out.
    expect(sentTo(phone)).toEqual([text, TEXTS.optOutConfirmation])
  })

  it('consent.granted for the SMS purpose on the number subject counts; consent.withdrawn removes it', async () => {
    const privacy = await start()
    const phone = freshNumber()
    const subject = privacy.context.vault.subjectFor('phone', phone)
    await privacy.record({ subject, type: 'consent.granted', purpose: 'transactional_sms', method: 'verbal', occurredAt: minutesAgo(5) })
    expect(await privacy.sms.canSend(phone)).toMatchObject({ allowed: true, reason: 'allowed', status: 'consented' })
    await privacy.record({ subject, type: 'consent.withdrawn', purpose: 'transactional_sms', method: 'verbal', occurredAt: minutesAgo(4) })
    expect(await privacy.sms.canSend(phone)).toEqual({ allowed: false, reason: 'no_consent', status: 'withdrawn' })
  })

  it('an opt-out confirmation must be the policy text, for an opted-out number, once', async () => {
    const privacy = await start()
    const phone = freshNumber()
    await expect(privacy.sms.send({ to: phone, text: 'Sorry to see you go! 20% off if you stay', kind: 'opt_out_confirmation' })).rejects.toMatchObject({ reason: 'not_policy_text' })
    await expect(privacy.sms.send({ to: phone, text: TEXTS.optOutConfirmation, kind: 'opt_out_confirmation' })).rejects.toMatchObject({ reason: 'not_opted_out' })
    expect(await privacy.sms.canSend(phone, 'opt_out_confirmation')).toMatchObject({ allowed: false, reason: 'not_opted_out' })
  })

  it('without a transport, replies are returned (once) and send() is a configuration error', async () => {
    const privacy = await start(false)
    const phone = freshNumber()
    const stop = await privacy.sms.handleInbound({ from: phone, to: PROGRAM_NUMBER, text: 'ARRÊT', messageId: 'nt-1', receivedAt: minutesAgo(1) })
    expect(stop.reply).toEqual({ kind: 'opt_out_confirmation', text: TEXTS.optOutConfirmation })
    expect((await privacy.sms.handleInbound({ from: phone, to: PROGRAM_NUMBER, text: 'ARRÊT', messageId: 'nt-1', receivedAt: minutesAgo(1) })).reply).toBeNull()
    await expect(privacy.sms.send({ to: phone, text: 'hi', kind: 'transactional' })).rejects.toMatchObject({ code: 'CONFIGURATION', field: 'transport' })
    expect(sentTo(phone)).toEqual([])
  })

  it('a confirmation whose sending failed is sent when the webhook is redelivered, exactly once', async () => {
    const privacy = await start(false)
    const phone = freshNumber()
    let failing = true
    const sent: string[] = []
    const sms = createSms(privacy.context, {
      from: PROGRAM_NUMBER,
      transport: {
        send: ({ text }) => {
          if (failing) return Promise.reject(new Error('network down'))
          sent.push(text)
          return Promise.resolve({ messageId: `x-${sent.length}` })
        },
      },
    })
    const message = { from: phone, to: PROGRAM_NUMBER, text: 'STOP', messageId: 'retry-1', receivedAt: minutesAgo(1) }
    await expect(sms.handleInbound(message)).rejects.toThrow('network down')
    expect(await sms.status(phone)).toBe('opted_out')
    failing = false
    const redelivered = await sms.handleInbound(message)
    expect(redelivered).toMatchObject({ duplicate: true, reply: null })
    expect(sent).toEqual([TEXTS.optOutConfirmation])
    await sms.handleInbound(message)
    expect(sent).toEqual([TEXTS.optOutConfirmation])
  })

  it('orders by receivedAt, not arrival: a late STOP older than a START does not undo it', async () => {
    const privacy = await start()
    const phone = freshNumber()
    await privacy.sms.handleInbound({ from: phone, to: PROGRAM_NUMBER, text: 'START', messageId: 'late-2', receivedAt: minutesAgo(1) })
    const late = await privacy.sms.handleInbound({ from: phone, to: PROGRAM_NUMBER, text: 'STOP', messageId: 'late-1', receivedAt: minutesAgo(2) })
    expect(late).toMatchObject({ status: 'consented', reply: null, recorded: [] })
    expect(sentTo(phone)).toEqual([TEXTS.optInConfirmation])
  })

  it('a late STOP older than a first-text enrollment opts the number out', async () => {
    const privacy = await start()
    const phone = freshNumber()
    await privacy.sms.handleInbound({ from: phone, to: PROGRAM_NUMBER, text: 'hello', messageId: 'ft-2', receivedAt: minutesAgo(1) })
    const late = await privacy.sms.handleInbound({ from: phone, to: PROGRAM_NUMBER, text: 'STOP', messageId: 'ft-1', receivedAt: minutesAgo(2) })
    expect(late).toMatchObject({ status: 'opted_out', reply: { kind: 'opt_out_confirmation' } })
    expect(await privacy.sms.canSend(phone)).toMatchObject({ allowed: false, reason: 'opted_out' })
    expect((await privacy.ledger.verify()).ok).toBe(true)
  })
})
