import { onmionPolicy } from '@onmion/privacy-policy'
import type { Policy } from '@onmion/privacy-schema'
import { expect, it } from 'vitest'
import { createPrivacy } from '../src/privacy.js'
import { describeBackends, testKeys } from './backends.js'

/** Onmion's policy at 2.0.0 with a material change to what identifiers covers. */
function nextPolicy(): Policy {
  const next = structuredClone(onmionPolicy) as unknown as Policy & { dataCategories: { id: string; examples: string[] }[] }
  next.meta = { ...next.meta, version: '2.0.0' }
  const identifiers = next.dataCategories.find((c) => c.id === 'identifiers')
  identifiers?.examples.push('date of birth')
  return next
}

describeBackends('notices', (openBackend) => {
  it('keeps an email on file sealed, finds it by address, and exports and erases it with the subject', async () => {
    const { database } = await openBackend()
    const privacy = await createPrivacy({ policy: onmionPolicy, database, keys: testKeys() })
    try {
      await privacy.notices.setEmail('u_1', 'Ann@Example.com')
      const row = await privacy.db.selectFrom('privacy_contacts').selectAll().executeTakeFirstOrThrow()
      expect(row.email_ciphertext).not.toContain('example')
      expect(await privacy.notices.emailOf('u_1')).toBe('ann@example.com')
      expect(await privacy.notices.subjectsWithEmail(' ANN@example.com ')).toEqual(['u_1'])
      await expect(privacy.notices.setEmail('u_1', 'not an address')).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'email' })
      const bundle = await privacy.rights.export('u_1')
      expect(bundle.records.privacy_contacts).toEqual([expect.objectContaining({ kind: 'email', email: 'ann@example.com' })])
      // The address alone makes a subject the rights module knows (a request about it is answered).
      const request = await privacy.rights.open({ subject: 'u_1', type: 'erasure', channel: 'web_form' })
      await privacy.rights.transition(request.id, { to: 'identity_verified' })
      await privacy.rights.fulfil(request.id)
      expect(await privacy.notices.emailOf('u_1')).toBeNull()
    } finally {
      await privacy.close()
    }
  }, 120_000)

  it('announces a material change once per touched subject, records it in the ledger, and sends nothing on a rerun', async () => {
    const { database } = await openBackend()
    const privacy = await createPrivacy({ policy: onmionPolicy, database, keys: testKeys() })
    try {
      await privacy.notices.setEmail('u_a', 'a@example.com')
      await privacy.notices.setEmail('u_b', 'b@example.com')
      const sent: string[] = []
      const input = { from: onmionPolicy, to: nextPolicy(), perSecond: 1000, deliver: (r: { email: string }) => Promise.resolve(void sent.push(r.email)) }
      const first = await privacy.notices.announce(input)
      expect(first).toMatchObject({ material: true, fromVersion: '1.0.0', toVersion: '2.0.0', categories: ['identifiers'], sent: 2, alreadyAnnounced: 0, failed: [] })
      expect(sent.sort()).toEqual(['a@example.com', 'b@example.com'])
      const [event] = (await privacy.history('u_a')).filter((e) => e.type === 'notice.announced')
      expect(event).toMatchObject({ type: 'notice.announced', fromVersion: '1.0.0', toVersion: '2.0.0', channel: 'email', method: 'policy_announcement' })
      expect((await privacy.ledger.verify()).ok).toBe(true)

      const again = await privacy.notices.announce(input)
      expect(again).toMatchObject({ sent: 0, alreadyAnnounced: 2 })
      expect(sent).toHaveLength(2)

      // A failed delivery is reported and retried by the next run.
      await privacy.notices.setEmail('u_c', 'c@example.com')
      const failing = await privacy.notices.announce({ ...input, deliver: () => Promise.reject(new Error('mailbox unavailable')) })
      expect(failing).toMatchObject({ sent: 0, alreadyAnnounced: 2, failed: [{ subject: 'u_c', message: 'mailbox unavailable' }] })
      expect(await privacy.notices.announce(input)).toMatchObject({ sent: 1, alreadyAnnounced: 2 })
    } finally {
      await privacy.close()
    }
  }, 120_000)

  it('announces nothing for a change that is not material, and records each published version once', async () => {
    const { database } = await openBackend()
    const privacy = await createPrivacy({ policy: onmionPolicy, database, keys: testKeys() })
    try {
      await privacy.notices.setEmail('u_a', 'a@example.com')
      const reworded = structuredClone(onmionPolicy) as unknown as Policy
      reworded.meta = { ...reworded.meta, version: '1.0.1' }
      const report = await privacy.notices.announce({ from: onmionPolicy, to: reworded, deliver: () => Promise.reject(new Error('must not send')) })
      expect(report).toMatchObject({ material: false, sent: 0, considered: 0 })
      expect(await privacy.notices.publishPolicy()).toEqual({ version: '1.0.0', published: true })
      expect(await privacy.notices.publishPolicy()).toEqual({ version: '1.0.0', published: false })
      expect(await privacy.notices.publishPolicy(nextPolicy())).toEqual({ version: '2.0.0', published: true })
      expect((await privacy.notices.policyVersions()).map((v) => v.version)).toEqual(['1.0.0', '2.0.0'])
    } finally {
      await privacy.close()
    }
  }, 120_000)
})

