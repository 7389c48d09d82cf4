import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { onmionPolicy } from '@onmion/privacy-policy'
import { addDuration } from '@onmion/privacy-schema'
import { afterEach, describe, expect, it } from 'vitest'
import { backends, cli, client, startService, type ServiceProcess, type TestDatabase } from './harness.js'
import { codeFor, startSmtp, type TestSmtp } from './smtp.js'

/** Onmion's policy at 2.0.0, with more identifiers collected: a material change touching identifiers. */
function nextPolicy(): unknown {
  const next = structuredClone(onmionPolicy) as unknown as { meta: { version: string }; dataCategories: { id: string; examples: string[] }[] }
  next.meta.version = '2.0.0'
  next.dataCategories.find((c) => c.id === 'identifiers')?.examples.push('date of birth')
  return next
}

for (const backend of backends()) {
  describe(`public rights requests and announcements (${backend.name})`, () => {
    let db: TestDatabase | undefined
    let service: ServiceProcess | undefined
    let smtp: TestSmtp | undefined

    afterEach(async () => {
      await service?.stop()
      await smtp?.close()
      await db?.drop()
      service = undefined
      smtp = undefined
      db = undefined
    })

    it('files a request with an emailed code, opens it identity-verified with its due date, shows its status and hands over the bundle; limits codes; announces a material change once', async () => {
      db = await backend.create()
      smtp = await startSmtp()
      const env = { ...db.env, ...smtp.env(), RIGHTS_CODE_PER_ADDRESS_PER_HOUR: '3', RIGHTS_CODE_MAX_ATTEMPTS: '2' }
      service = await startService(env)
      const adminKey = service.adminKey
      const admin = client(service.url, adminKey)
      const anyone = client(service.url)

      // Someone Onmion holds data about, with an email on file; and someone it holds nothing about.
      expect((await admin('POST', '/v1/consent-events', { subject: 'u_ann', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })).status).toBe(201)
      expect((await admin('POST', '/v1/subjects/u_ann/email', { email: 'ann@example.com' })).status).toBe(200)
      expect((await admin('POST', '/v1/consent-events', { subject: 'u_bob', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })).status).toBe(201)
      expect((await admin('POST', '/v1/subjects/u_bob/email', { email: 'bob@example.com' })).status).toBe(200)

      // The same answer for a known and an unknown address, and a code sent to each.
      const known = await anyone('POST', '/v1/rights/requests/start', { right: 'access', email: 'Ann@Example.com', region: 'DE' })
      const unknown = await anyone('POST', '/v1/rights/requests/start', { right: 'access', email: 'nobody@example.com', region: 'DE' })
      expect(known.status).toBe(202)
      expect(unknown.status).toBe(202)
      expect(Object.keys(known.json as object).sort()).toEqual(Object.keys(unknown.json as object).sort())
      expect(known.json.message).toBe(unknown.json.message)
      expect(smtp.received.map((m) => m.to[0]?.toLowerCase()).sort()).toEqual(['ann@example.com', 'nobody@example.com'])
      expect(smtp.received[0]?.from).toBe('privacy@onmion.test')
      const code = codeFor(smtp, 'Ann@Example.com')

      // A wrong code fails and counts; the right one opens the request (receivedAt = verification).
      const wrong = await anyone('POST', '/v1/rights/requests/verify', { challenge: known.json.challenge, code: code === '000000' ? '000001' : '000000' })
      expect(wrong.status).toBe(400)
      expect(wrong.json.errors).toEqual([{ field: 'body.code', message: 'wrong, expired or already used' }])
      const verified = await anyone('POST', '/v1/rights/requests/verify', { challenge: known.json.challenge, code })
      expect(verified.status).toBe(201)
      const request = verified.json.request
      expect(request).toMatchObject({ type: 'access', status: 'identity_verified', jurisdictions: ['gdpr'], identity: { method: 'email_code' }, bundleAvailable: false })
      // Due at the earlier of the policy's 30 days and the GDPR's calendar month from receipt.
      const received = new Date(request.receivedAt)
      const policyDue = addDuration(received, onmionPolicy.rights.deadline)
      const gdprDue = addDuration(received, 'P1M')
      expect(request.dueAt).toBe((gdprDue < policyDue ? gdprDue : policyDue).toISOString())
      expect(request.deadlineRule).toBe(gdprDue < policyDue ? 'gdpr' : 'policy')
      expect(request.history.map((h: { status: string }) => h.status)).toEqual(['received', 'identity_verified'])
      // Single use.
      expect((await anyone('POST', '/v1/rights/requests/verify', { challenge: known.json.challenge, code })).status).toBe(400)

      // An address Onmion holds nothing about: once confirmed, answered and closed at once.
      const nobody = await anyone('POST', '/v1/rights/requests/verify', { challenge: unknown.json.challenge, code: codeFor(smtp, 'nobody@example.com') })
      expect(nobody.status).toBe(201)
      expect(nobody.json.request).toMatchObject({ status: 'completed', answer: 'no personal data held', bundleAvailable: false, identity: { method: 'email_code' } })

      // The operator's view records how identity was verified.
      const operator = await admin('GET', `/v1/rights-requests/${request.id}`)
      expect(operator.json.subject).toBe('u_ann')
      expect(operator.json.history[1].reason).toMatch(/one-time code sent to the email address, verified/)

      const auth = { authorization: `Bearer ${verified.json.token}` }
      expect((await anyone('GET', '/v1/rights/requests/status', undefined, auth)).json).toMatchObject({ id: request.id, status: 'identity_verified' })
      expect((await anyone('GET', '/v1/rights/requests/status', undefined, { authorization: `Bearer rqt_${'A'.repeat(43)}` })).status).toBe(401)
      expect((await anyone('GET', '/v1/rights/requests/export', undefined, auth)).status).toBe(409)
      expect((await admin('POST', `/v1/rights-requests/${request.id}/transitions`, { to: 'completed' })).status).toBe(200)
      expect((await anyone('GET', '/v1/rights/requests/status', undefined, auth)).json).toMatchObject({ status: 'completed', bundleAvailable: true })
      const bundle = await anyone('GET', '/v1/rights/requests/export', undefined, auth)
      expect(bundle.status).toBe(200)
      expect(bundle.json.manifest.subject).toBe('u_ann')
      expect(bundle.json.records.privacy_contacts).toEqual([expect.objectContaining({ email: 'ann@example.com' })])

      // Attempts: two wrong guesses void a code, even for the right one after them.
      const second = await anyone('POST', '/v1/rights/requests/start', { right: 'erasure', email: 'ann@example.com', region: 'US-CA' })
      const secondCode = codeFor(smtp, 'ann@example.com')
      for (const guess of ['111111', '222222']) if (guess !== secondCode) await anyone('POST', '/v1/rights/requests/verify', { challenge: second.json.challenge, code: guess })
      if (!['111111', '222222'].includes(secondCode)) expect((await anyone('POST', '/v1/rights/requests/verify', { challenge: second.json.challenge, code: secondCode })).status).toBe(400)
      // Per address: three codes an hour (the address compared case-insensitively).
      expect((await anyone('POST', '/v1/rights/requests/start', { right: 'access', email: 'ANN@example.com', region: 'DE' })).status).toBe(202)
      const limited = await anyone('POST', '/v1/rights/requests/start', { right: 'access', email: 'ann@example.com', region: 'DE' })
      expect(limited.status).toBe(429)
      const sentBefore = smtp.received.length

      // The announcement: stop the service (the embedded database has one owner), then run the CLI.
      await service.stop()
      service = undefined
      const dir = db.env.DATA_DIR ?? ''
      const v1 = join(dir, 'policy-1.json')
      const v2 = join(dir, 'policy-2.json')
      await writeFile(v1, JSON.stringify(onmionPolicy))
      await writeFile(v2, JSON.stringify(nextPolicy()))
      const first = await cli(['--json', 'policy', 'announce', '--from', v1, '--to', v2, '--rate', '50'], env)
      expect(first.code, first.stderr).toBe(0)
      expect(JSON.parse(first.stdout)).toMatchObject({ material: true, sent: 2, alreadyAnnounced: 0, failed: [] })
      const announcements = smtp.received.slice(sentBefore)
      expect(announcements.map((m) => m.to[0]).sort()).toEqual(['ann@example.com', 'bob@example.com'])
      expect(announcements[0]?.raw).toMatch(/version 2\.0\.0/)
      const rerun = await cli(['--json', 'policy', 'announce', '--from', v1, '--to', v2, '--rate', '50'], env)
      expect(rerun.code, rerun.stderr).toBe(0)
      expect(JSON.parse(rerun.stdout)).toMatchObject({ sent: 0, alreadyAnnounced: 2 })
      expect(smtp.received.length).toBe(sentBefore + 2)

      // Each announcement is in the subject's ledger chain.
      service = await startService(env)
      const events = await client(service.url, adminKey)('GET', '/v1/subjects/u_bob/events')
      const notices = events.json.events.filter((e: { type: string }) => e.type === 'notice.announced')
      expect(notices).toHaveLength(1)
      // The events route shows which change was announced, and how.
      expect(notices[0].payload).toEqual({ fromVersion: onmionPolicy.meta.version, toVersion: '2.0.0', channel: 'email' })
      const changes = await client(service.url)('GET', '/v1/policy/changes')
      expect(changes.json.versions.map((v: { version: string }) => v.version)).toEqual([onmionPolicy.meta.version])
    }, 400_000)
  })
}
