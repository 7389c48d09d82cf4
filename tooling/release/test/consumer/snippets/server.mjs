import { onmionPolicy } from '@onmion/privacy-policy'
import { createPrivacy } from '@onmion/privacy-server'

/** The server SDK on PGlite in memory: a check, a recorded consent, the check again. */
export async function check() {
  const privacy = await createPrivacy({ policy: onmionPolicy, database: 'memory://' })
  try {
    const request = { subject: 'u_rehearsal', purpose: 'analytics', category: 'usage_data' }
    const before = await privacy.check(request)
    await privacy.record({ subject: 'u_rehearsal', type: 'consent.granted', purpose: 'analytics', method: 'cookie_banner', evidence: { banner: 'rehearsal' } })
    const after = await privacy.check(request)
    const verified = await privacy.ledger.verify()
    if (before.allowed || !after.allowed) throw new Error(`server: unexpected decisions ${JSON.stringify({ before, after })}`)
    return { backend: privacy.backend, before: before.reason, after: after.reason, ledgerOk: verified.ok }
  } finally {
    await privacy.close()
  }
}
