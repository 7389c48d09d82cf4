import { onmionPolicy } from '@onmion/privacy-policy'
import { sql } from 'kysely'
import { afterEach, expect, it } from 'vitest'
import { createPrivacy, type Privacy } from '../src/index.js'
import { describeBackends, testKeys } from './backends.js'

type OnmionPrivacy = Privacy<typeof onmionPolicy>
const PROGRAM_NUMBER = '12015550123'

// Inbound SMS handling is all or nothing: an attempt that fails leaves nothing behind that stops
// the provider's redelivery of the same message from applying it. The failure here is a real one
// of the database (a trigger refusing ledger writes while a switch is on), not a mock.
describeBackends('sms inbound, a failed attempt', (openBackend) => {
  const open: OnmionPrivacy[] = []
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()))
  })

  async function start(): Promise<OnmionPrivacy> {
    const { database } = await openBackend()
    const privacy = await createPrivacy({ policy: onmionPolicy, database, keys: testKeys() })
    open.push(privacy)
    await sql`create table test_fail_switch (on_ boolean not null)`.execute(privacy.db)
    await sql`create function test_refuse_events() returns trigger language plpgsql as $$
      begin
        if exists (select 1 from test_fail_switch where on_) then raise exception 'ledger writes refused by the test'; end if;
        return new;
      end $$`.execute(privacy.db)
    await sql`create trigger test_refuse_events before insert on privacy_events for each row execute function test_refuse_events()`.execute(privacy.db)
    return privacy
  }
  const failWrites = async (privacy: OnmionPrivacy, on: boolean): Promise<void> => {
    await sql`delete from test_fail_switch`.execute(privacy.db)
    if (on) await sql`insert into test_fail_switch values (true)`.execute(privacy.db)
  }
  const count = async (privacy: OnmionPrivacy, table: 'privacy_events' | 'sms_inbound' | 'sms_outbound'): Promise<number> =>
    Number((await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(privacy.db)).rows[0]!.n)

  it('leaves no row, and the redelivered STOP opts the number out and is confirmed once', { timeout: 120_000 }, async () => {
    const privacy = await start()
    const phone = '+14155550142'
    await privacy.record({ subject: 'u_sms', type: 'sms.opted_in', phone, method: 'signed_form', occurredAt: new Date(Date.now() - 3_600_000) })
    const stop = { from: phone.slice(1), to: PROGRAM_NUMBER, text: 'STOP', messageId: 'm-stop-fails-once', receivedAt: new Date(Date.now() - 60_000) }

    await failWrites(privacy, true)
    await expect(privacy.sms.handleInbound(stop)).rejects.toThrow()
    expect(await count(privacy, 'sms_inbound')).toBe(0)
    expect(await count(privacy, 'sms_outbound')).toBe(0)
    expect(await count(privacy, 'privacy_events')).toBe(1)
    expect(await privacy.sms.status(phone)).toBe('consented')

    await failWrites(privacy, false)
    const redelivered = await privacy.sms.handleInbound(stop)
    expect(redelivered).toMatchObject({ duplicate: false, status: 'opted_out' })
    // On the number's own subject and on u_sms, who opted in with that number.
    expect(redelivered.recorded.map((e) => e.type)).toEqual(['sms.opted_out', 'sms.opted_out'])
    expect(redelivered.recorded.map((e) => e.subject)).toContain('u_sms')
    expect(redelivered.reply?.kind).toBe('opt_out_confirmation')
    expect(await privacy.sms.status(phone)).toBe('opted_out')
    expect((await privacy.state('u_sms')).sms.optedOut).toBe(true)

    const again = await privacy.sms.handleInbound(stop)
    expect(again).toMatchObject({ duplicate: true, status: 'opted_out', recorded: [], reply: null })
    expect(await count(privacy, 'sms_outbound')).toBe(1)
  })
})
