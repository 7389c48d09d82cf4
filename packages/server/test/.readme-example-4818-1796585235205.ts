import { onmionPolicy } from '@onmion/privacy-policy'
import { ProcessingDeniedError, createPrivacy } from '@onmion/privacy-server'

const privacy = await createPrivacy({ policy: onmionPolicy, database: 'file:./data/privacy' })
await privacy.record({ subject: 'u_42', type: 'consent.granted', purpose: 'transactional_sms',
                       method: 'signed_form', evidence: { formId: 'F-19' } })
const d = await privacy.check({ subject: 'u_42', purpose: 'transactional_sms', category: 'identifiers' })
console.log(d) // { allowed: true, reason: 'allowed_consent', basis: 'consent' }

try {
  await privacy.assert({ subject: 'u_42', purpose: 'analytics', category: 'usage_data' })
} catch (error) {
  if (error instanceof ProcessingDeniedError) console.log(error.reason) // 'consent_missing'
}

console.log(privacy.canShare({ recipient: 'employer', category: 'usage_data', purpose: 'service_delivery' }))
// { allowed: false, reason: 'category_not_allowed_for_recipient', scope: 'Work-order status and performance metrics only.' }

console.log((await privacy.history('u_42')).map((e) => `${e.seq} ${e.type}`)) // [ '1 consent.granted' ]
console.log(await privacy.ledger.verify()) // { ok: true, subjects: 1, events: 1, redacted: 0, broken: [], brokenSubjects: 0 } on a fresh directory
await privacy.close()
