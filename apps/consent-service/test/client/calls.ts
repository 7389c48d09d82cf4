import type { Client } from 'openapi-fetch'
import type { operations, paths } from './generated/openapi.js'

/**
 * The consent service as another team calls it: a client typed by openapi-typescript from
 * `/openapi.json`, and one call of every operation. `test/openapi.test.ts` generates
 * `generated/openapi.ts` from the service's document, type-checks this file against it (so an
 * operation missing here, a removed one, or a call the document no longer allows fails), and runs
 * the calls against a real service.
 */

/** What the calls need that earlier requests created. */
export interface Fixture {
  /** A subject with consent events. */
  readonly subject: string
  /** An access request, its identity not yet verified. */
  readonly requestId: string
  /** A key that may be revoked. */
  readonly keyId: string
  /** An event of `subject`, to prove and to give a receipt of. */
  readonly eventId: string
}

type Call = (api: Client<paths>, fixture: Fixture) => Promise<{ response: Response }>

const form = (params: Record<string, string>) => new URLSearchParams(params).toString()

/** One call per operation id, in an order that lets each succeed (the request is verified before its export). */
export const calls = {
  health: (api) => api.GET('/healthz'),
  ready: (api) => api.GET('/readyz'),
  getPolicy: async (api) => {
    const answer = await api.GET('/v1/policy')
    const version: string | undefined = answer.data?.version
    return { ...answer, version }
  },
  privacyPage: (api) => api.GET('/privacy', { parseAs: 'text' }),
  policyTracePage: (api) => api.GET('/privacy/trace', { parseAs: 'text' }),
  getPolicyTrace: (api) => api.GET('/privacy/trace.json'),
  gpcWellKnown: (api) => api.GET('/.well-known/gpc.json'),
  getCookieChoice: (api, { subject }) => api.GET('/v1/cookie-choices/{subject}', { params: { path: { subject } } }),
  recordConsentEvents: (api, { subject }) =>
    api.POST('/v1/consent-events', {
      body: { subject, type: 'consent.granted', purpose: 'analytics', method: 'web_form', evidence: { form: 'F-1', fields: ['email', { agreed: true }] } },
      headers: { 'idempotency-key': `typed-${subject}` },
    }),
  getSubjectConsent: async (api, { subject }) => {
    const answer = await api.GET('/v1/subjects/{subject}/consent', { params: { path: { subject } } })
    const consents: Record<string, 'granted' | 'withdrawn'> | undefined = answer.data?.consents
    return { ...answer, consents }
  },
  getSubjectEvents: (api, { subject }) => api.GET('/v1/subjects/{subject}/events', { params: { path: { subject } } }),
  decide: (api, { subject }) => api.POST('/v1/decisions', { body: { checks: [{ subject, purpose: 'analytics', category: 'usage_data' }] } }),
  // Vonage signs its webhooks; this one is forged on purpose, so the documented answer is a 401
  // that records nothing. No API key: a bearer token here is read as a Messages API JWT.
  vonageInbound: (api) =>
    api.POST('/v1/sms/inbound/vonage', {
      body: { msisdn: '15550001111', to: '12015550123', messageId: 'm-typed', 'message-timestamp': '2026-11-29 10:00:00', text: 'STOP', timestamp: '0', sig: 'not-a-signature' },
      bodySerializer: form,
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: null },
    }),
  smsCanSend: (api) => api.GET('/v1/sms/can-send', { params: { query: { to: '+15550001111', kind: 'transactional' } } }),
  openRightsRequest: (api, { subject }) => api.POST('/v1/rights-requests', { body: { subject, type: 'access', channel: 'email' } }),
  listRightsRequests: (api, { subject }) => api.GET('/v1/rights-requests', { params: { query: { subject, status: 'received,identity_verified', limit: 10 } } }),
  getRightsRequest: async (api, { requestId }) => {
    const answer = await api.GET('/v1/rights-requests/{id}', { params: { path: { id: requestId } } })
    const status: string | undefined = answer.data?.status
    return { ...answer, status }
  },
  transitionRightsRequest: (api, { requestId }) => api.POST('/v1/rights-requests/{id}/transitions', { params: { path: { id: requestId } }, body: { to: 'identity_verified' } }),
  exportRightsRequest: (api, { requestId }) => api.GET('/v1/rights-requests/{id}/export', { params: { path: { id: requestId } } }),
  setSubjectEmail: (api, { subject }) => api.POST('/v1/subjects/{subject}/email', { params: { path: { subject } }, body: { email: 'typed@example.com' } }),
  // The public request page's steps, as a caller without a code or token meets them (the harness
  // service sends no email): test/rights-portal.test.ts walks the whole flow with an SMTP server.
  startRightsRequest: (api) => api.POST('/v1/rights/requests/start', { body: { right: 'access', email: 'typed@example.com', region: 'DE' } }),
  verifyRightsRequest: (api) => api.POST('/v1/rights/requests/verify', { body: { challenge: `rc_${'0'.repeat(32)}`, code: '123456' } }),
  getRightsRequestStatus: (api) => api.GET('/v1/rights/requests/status'),
  getRightsRequestBundle: (api) => api.GET('/v1/rights/requests/export'),
  listPolicyChanges: async (api) => {
    const answer = await api.GET('/v1/policy/changes')
    const versions: string[] | undefined = answer.data?.versions.map((v: { version: string }) => v.version)
    return { ...answer, versions }
  },
  retentionPlan: (api) => api.POST('/v1/retention/plan', { body: {} }),
  retentionSweep: (api) => api.POST('/v1/retention/sweep', { body: { batchSize: 100 } }),
  verifyLedger: async (api, { subject }) => {
    const answer = await api.GET('/v1/ledger/verify', { params: { query: { subject } } })
    const ok: boolean | undefined = answer.data?.ok
    return { ...answer, ok }
  },
  createKey: (api) => api.POST('/v1/keys', { body: { name: 'typed client', scopes: ['consent:read'] } }),
  listKeys: (api) => api.GET('/v1/keys'),
  revokeKey: (api, { keyId }) => api.POST('/v1/keys/{id}/revoke', { params: { path: { id: keyId } } }),
  getLedgerPublicKey: (api) => api.GET('/v1/ledger/public-key'),
  takeCheckpoint: (api) => api.POST('/v1/ledger/checkpoint'),
  getLatestCheckpoint: (api) => api.GET('/v1/ledger/checkpoint'),
  verifyLedgerAgainstCheckpoint: async (api) => {
    // The bare note, as an auditor would have kept it (the JSON form carries the same note).
    const latest = await api.GET('/v1/ledger/checkpoint', { headers: { accept: 'text/plain' }, parseAs: 'text' })
    return api.POST('/v1/ledger/verify', { body: { checkpoint: typeof latest.data === 'string' ? latest.data : '' } })
  },
  getLedgerConsistency: (api) => api.GET('/v1/ledger/consistency', { params: { query: { from: '0' } } }),
  proveEvent: (api, { eventId }) => api.GET('/v1/ledger/proofs/{eventId}', { params: { path: { eventId } } }),
  getReceipt: (api, { eventId }) => api.GET('/v1/receipts/{eventId}', { params: { path: { eventId } } }),
  openApi: (api) => api.GET('/openapi.json'),
  docs: (api) => api.GET('/docs', { parseAs: 'text' }),
} satisfies Record<keyof operations, Call>
