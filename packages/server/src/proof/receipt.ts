import { receiptSigningText, type ConsentReceipt, type EventProof, type EventRecord, type ReceiptPurpose } from '@onmion/privacy-proof'
import type { Policy } from '@onmion/privacy-schema'
import type { Signer } from './signing-key.js'

/**
 * What a receipt says beyond the policy: where the policy is published, under which law, in which
 * language. Defaults: the policy page the consent service renders on the policy's first site
 * (`https://<site>/privacy`), `US` (Onmion LLC is a US company), `en`.
 *
 * @example
 * await privacy.ledger.receipt(eventId, { policyUrl: 'https://onmion.com/privacy', jurisdiction: 'US-CA' })
 */
export interface ReceiptOptions {
  policyUrl?: string
  jurisdiction?: string
  language?: string
}

type Purpose = Policy['purposes'][number]

function purposeEntry(policy: Policy, purpose: Purpose, state: ReceiptPurpose['state']): ReceiptPurpose {
  const recipients = policy.recipients.filter((r) => (r.purposes as readonly string[]).includes(purpose.id))
  return {
    purpose: purpose.name,
    purposeCategory: [purpose.id],
    consentType: purpose.basis === 'consent' ? 'EXPLICIT' : purpose.basis.toUpperCase(),
    piiCategory: [...purpose.categories],
    primaryPurpose: purpose.basis === 'contract',
    termination: purpose.basis === 'consent' ? 'until withdrawn' : 'as the policy’s retention rules say',
    thirdPartyDisclosure: recipients.length > 0,
    ...(recipients.length > 0 ? { thirdPartyName: recipients.map((r) => r.name) } : {}),
    state,
  }
}

/**
 * The purposes an event speaks of, with what the person chose: a consent's purpose, the purposes
 * of each cookie category chosen, an SMS opt-in or opt-out's `transactional_sms`, an objection's
 * purpose. A redacted event has no payload left, so its receipt names no purpose.
 */
function purposesOf(policy: Policy, type: string, payload: unknown): ReceiptPurpose[] {
  const fields = (payload ?? {}) as Record<string, unknown>
  const byId = (id: unknown): Purpose | undefined => policy.purposes.find((p) => p.id === id)
  const one = (id: unknown, state: ReceiptPurpose['state']): ReceiptPurpose[] => {
    const purpose = byId(id)
    return purpose === undefined ? [] : [purposeEntry(policy, purpose, state)]
  }
  switch (type) {
    case 'consent.granted':
    case 'objection.lifted':
      return one(fields.purpose, 'granted')
    case 'consent.withdrawn':
    case 'objection.recorded':
      return one(fields.purpose, 'withdrawn')
    case 'sms.opted_in':
      return one('transactional_sms', 'granted')
    case 'sms.opted_out':
      return one('transactional_sms', 'withdrawn')
    case 'cookies.choice': {
      const choices = (fields.choices ?? {}) as Record<string, unknown>
      const out = new Map<string, ReceiptPurpose>()
      for (const category of policy.cookies.categories) {
        if (!(category.id in choices)) continue
        for (const id of category.purposes) {
          const purpose = byId(id)
          // A purpose shared by a granted and a refused category counts as granted: some of its cookies may be set.
          if (purpose !== undefined && out.get(id)?.state !== 'granted') out.set(id, purposeEntry(policy, purpose, choices[category.id] === true ? 'granted' : 'withdrawn'))
        }
      }
      return [...out.values()]
    }
    default:
      return []
  }
}

/**
 * Builds and signs the receipt of one event (see `ConsentReceipt` in `@onmion/privacy-proof`).
 *
 * @example
 * const receipt = signReceipt(policy, signer, eventRecord(row), proof, {})
 */
export function signReceipt(policy: Policy, signer: Signer, event: EventRecord, proof: EventProof | null, options: ReceiptOptions): ConsentReceipt {
  const body: Omit<ConsentReceipt, 'signature'> = {
    version: 'KI-CR-v1.1.0',
    jurisdiction: options.jurisdiction ?? 'US',
    consentTimestamp: Math.floor(Date.parse(event.occurredAt) / 1000),
    collectionMethod: event.method,
    consentReceiptID: event.id,
    publicKey: signer.publicKey.publicKey,
    language: options.language ?? 'en',
    piiPrincipalId: event.subject,
    piiControllers: [
      {
        piiController: policy.meta.controller,
        contact: policy.meta.contact.privacy,
        email: policy.meta.contact.privacy,
        phone: policy.meta.contact.phone,
        piiControllerUrl: `https://${policy.meta.scope.sites[0] ?? ''}`,
      },
    ],
    policyUrl: options.policyUrl ?? `https://${policy.meta.scope.sites[0] ?? ''}/privacy`,
    policyVersion: event.policyVersion,
    services: [{ service: policy.meta.scope.services[0] ?? policy.meta.title, purposes: purposesOf(policy, event.type, event.personal?.payload) }],
    // The policy declares no special categories (health, biometrics, ...): nothing sensitive in Kantara's sense.
    sensitive: false,
    spiCat: [],
    event,
    proof: proof !== null ? { leafIndex: proof.leafIndex, treeSize: proof.treeSize, path: proof.path, checkpoint: proof.checkpoint } : null,
  }
  const value = signer.sign(Buffer.from(receiptSigningText(body), 'utf8')).toString('base64')
  return { ...body, signature: { keyId: signer.publicKey.keyId, algorithm: 'Ed25519', value } }
}
