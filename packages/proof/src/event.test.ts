import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import fixture from '../test/fixtures/proof.json' with { type: 'json' }
import { eventLeaf, type EventRecord } from './event.js'

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex')
const GENESIS = '0'.repeat(64)

/**
 * An event hashed here by hand, from the format's written text (not through the package's own
 * canonical JSON): format 2 puts `stateKey` last and `v` first, keys in code-unit order.
 */
function v2Event(stateKey: string): EventRecord {
  const personal = { payload: { purpose: 'analytics' }, evidence: {}, identifier: null }
  const personalHash = sha256('{"evidence":{},"identifier":null,"payload":{"purpose":"analytics"},"v":1}')
  const base = {
    id: 'ev_1',
    subject: 'u_42',
    seq: 1,
    type: 'objection.recorded',
    method: 'api',
    policyVersion: '1.0.0',
    occurredAt: '2026-12-01T00:00:00.000Z',
    recordedAt: '2026-12-01T00:00:00.000Z',
    idempotencyKey: null,
  }
  const content =
    `{"id":"ev_1","idempotencyKey":null,"method":"api","occurredAt":"2026-12-01T00:00:00.000Z","personalHash":"${personalHash}",` +
    `"policyVersion":"1.0.0","recordedAt":"2026-12-01T00:00:00.000Z","stateKey":${JSON.stringify(stateKey)},"subject":"u_42","type":"objection.recorded","v":2}`
  return { ...base, personal, personalHash, stateKey, prevHash: GENESIS, hash: sha256(GENESIS + sha256(content)) }
}

describe('eventLeaf', () => {
  it('verifies a format 1 event (no state key), as events recorded before keys were stored', async () => {
    const record = fixture.event as EventRecord
    expect(record.stateKey).toBeUndefined()
    expect(await eventLeaf(record)).toMatchObject({ ok: true })
    expect(await eventLeaf({ ...record, stateKey: null })).toMatchObject({ ok: true })
    // A key added to a format 1 event is a changed field.
    expect(await eventLeaf({ ...record, stateKey: 'cookies:analytics,preferences' })).toMatchObject({ ok: false, problem: 'hash_mismatch' })
  })

  it('verifies a format 2 event with its state key, and fails one whose key was dropped or changed', async () => {
    const record = v2Event('objection:analytics')
    const leaf = await eventLeaf(record)
    expect(leaf).toMatchObject({ ok: true, leafHash: sha256Leaf(record.hash) })
    const { stateKey: _dropped, ...withoutKey } = record
    expect(await eventLeaf(withoutKey)).toMatchObject({ ok: false, problem: 'hash_mismatch' })
    expect(await eventLeaf({ ...record, stateKey: null })).toMatchObject({ ok: false, problem: 'hash_mismatch' })
    expect(await eventLeaf({ ...record, stateKey: 'objection:marketing' })).toMatchObject({ ok: false, problem: 'hash_mismatch' })
    // A redacted event carries no personal content; its key and personal hash still bind it.
    expect(await eventLeaf({ ...record, personal: null })).toMatchObject({ ok: true })
    expect(await eventLeaf({ ...record, personal: null, stateKey: 'objection:*' })).toMatchObject({ ok: false, problem: 'hash_mismatch' })
  })

  it('hashes every member of the personal content: a changed or added one fails', async () => {
    const record = v2Event('objection:analytics')
    expect(await eventLeaf({ ...record, personal: { ...record.personal!, payload: { purpose: 'marketing' } } })).toMatchObject({ ok: false, problem: 'personal_hash_mismatch' })
    const padded = { ...record.personal!, note: 'not recorded' } as EventRecord['personal']
    expect(await eventLeaf({ ...record, personal: padded })).toMatchObject({ ok: false, problem: 'personal_hash_mismatch' })
  })
})

function sha256Leaf(hash: string): string {
  return createHash('sha256').update(Buffer.concat([Buffer.from([0]), Buffer.from(hash, 'hex')])).digest('hex')
}
