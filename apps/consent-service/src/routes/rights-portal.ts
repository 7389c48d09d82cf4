import type { Context } from 'hono'
import { RightType } from '@onmion/privacy-schema'
import { NO_DATA_ANSWER } from '@onmion/privacy-server'
import { z } from 'zod'
import { RateLimiter } from '../auth/rate-limiter.js'
import type { ServiceConfig } from '../config.js'
import type { AppEnv } from '../http/env.js'
import { sdkCall } from '../http/privacy-problem.js'
import { EmailAddress } from '../http/email-address.js'
import { HttpProblem } from '../http/problem.js'
import { defineRoute, type AnyRoute } from '../http/route.js'
import type { MailTransport } from '../mail/mail-transport.js'
import type { ChallengeStore } from '../rights-portal/challenge-store.js'
import { Region, jurisdictionsFor } from '../rights-portal/region.js'
import type { ServicePrivacy } from '../service-privacy.js'
import { getConnInfo } from '@hono/node-server/conninfo'

const StartBody = z
  .object({
    right: RightType.describe('the right the person exercises (a right of the policy)'),
    email: EmailAddress.describe('where the one-time code is sent'),
    region: Region,
  })
  .strict()
  .meta({ id: 'RightsRequestStart' })

const VerifyBody = z
  .object({
    challenge: z.string().regex(/^rc_[0-9a-f]{32}$/, 'must be the challenge id the start step returned'),
    code: z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the email'),
  })
  .strict()

const StartAnswer = z.object({
  challenge: z.string().describe('pass it back with the code'),
  expiresAt: z.string(),
  message: z.string(),
})

const PublicRequest = z
  .object({
    id: z.string(),
    type: z.string(),
    status: z.string(),
    jurisdictions: z.array(z.string()),
    receivedAt: z.string(),
    dueAt: z.string(),
    deadlineRule: z.string(),
    extended: z.boolean(),
    closedAt: z.string().nullable(),
    identity: z.object({ method: z.literal('email_code'), verifiedAt: z.string() }),
    bundleAvailable: z.boolean().describe('an access or portability request that was fulfilled: GET /v1/rights/requests/export gives the bundle'),
    answer: z.string().nullable().describe('"no personal data held" when Onmion holds nothing about the address: the request is answered and closed at once'),
    history: z.array(z.object({ status: z.string(), at: z.string(), dueAt: z.string().nullable() })),
  })
  .meta({ id: 'PublicRightsRequest' })

const ExportBundleView = z.object({ format: z.string(), manifest: z.looseObject({ subject: z.string(), policyVersion: z.string(), generatedAt: z.string() }), records: z.record(z.string(), z.array(z.unknown())) })

const EXPORTABLE = new Set(['access', 'portability'])
const BEARER = /^Bearer\s+(rqt_[A-Za-z0-9_-]{43})\s*$/

type RightsRequest = Awaited<ReturnType<ServicePrivacy['rights']['get']>>

function publicView(request: RightsRequest, verifiedAt: Date): z.infer<typeof PublicRequest> {
  return {
    id: request.id,
    type: request.type,
    status: request.status,
    jurisdictions: [...request.jurisdictions],
    receivedAt: request.receivedAt.toISOString(),
    dueAt: request.dueAt.toISOString(),
    deadlineRule: request.deadlineRule,
    extended: request.extended,
    closedAt: request.closedAt?.toISOString() ?? null,
    identity: { method: 'email_code', verifiedAt: verifiedAt.toISOString() },
    bundleAvailable: EXPORTABLE.has(request.type) && request.status === 'completed' && request.outcome?.noDataHeld !== true,
    answer: request.outcome?.noDataHeld === true ? NO_DATA_ANSWER : null,
    history: request.history.map((h) => ({ status: h.status, at: h.at.toISOString(), dueAt: h.dueAt?.toISOString() ?? null })),
  }
}

function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}

/** What the public rights-request routes need besides the SDK. */
export interface RightsPortalOptions {
  readonly challenges: ChallengeStore
  readonly mailer: MailTransport | undefined
  readonly limits: ServiceConfig['rightsCodes']
}

const unauthorized = (): HttpProblem =>
  new HttpProblem(401, 'unauthorized', 'the status token from the verification step is required (Authorization: Bearer rqt_...)', { headers: { 'www-authenticate': 'Bearer realm="onmion-rights-request"' } })

/**
 * The public rights-request flow, for the site's `/privacy/requests` page: a person asks for a
 * code by email (`start`), proves they hold the address (`verify`: the request is opened in the
 * SDK with the identity step recorded, and a status token returned), then reads the request's
 * status and, once an access or portability request is fulfilled, downloads the bundle.
 *
 * Nothing answers differently for an address Onmion holds data about before the code is
 * verified: `start` looks nothing up, and every wrong, expired or used code fails alike.
 *
 * @example const routes = rightsPortalRoutes(privacy, { challenges, mailer, limits: config.rightsCodes })
 */
export function rightsPortalRoutes(privacy: ServicePrivacy, options: RightsPortalOptions): AnyRoute[] {
  const { challenges, mailer, limits } = options
  const perClient = new RateLimiter({ perSecond: limits.perClientPerHour / 3600, burst: limits.perClientPerHour })
  const vault = privacy.context.vault

  async function requestFor(c: Context<AppEnv>): Promise<{ request: RightsRequest; verifiedAt: Date }> {
    const token = BEARER.exec(c.req.header('authorization') ?? '')?.[1]
    const found = token === undefined ? null : await challenges.resolveToken(token)
    if (found === null) throw unauthorized()
    return { request: await sdkCall('path', () => privacy.rights.get(found.requestId)), verifiedAt: found.verifiedAt }
  }

  return [
    defineRoute({
      method: 'post',
      path: '/v1/rights/requests/start',
      operationId: 'startRightsRequest',
      summary: 'Ask for a one-time code by email to file a rights request',
      description:
        'The same answer whether or not Onmion holds data about the address: nothing is looked up before the code is verified. Limits: codes per address per hour (429), code requests per client address per hour (429).',
      tag: 'rights-requests',
      access: { kind: 'public' },
      browser: true,
      body: StartBody,
      responses: {
        202: { description: 'a code was sent to the address (valid until expiresAt)', schema: StartAnswer },
        429: { description: 'too many codes for this address or from this client; retry later' },
        502: { description: 'the mail server refused the message' },
        503: { description: 'email is not configured on this deployment' },
      },
      handler: async ({ c, body }) => {
        if (mailer === undefined) throw new HttpProblem(503, 'unavailable', 'this deployment sends no email (SMTP_HOST is not set): file the request at privacy@onmion.com')
        const limited = perClient.take(clientAddress(c))
        if (!limited.allowed) throw new HttpProblem(429, 'rate-limited', `too many code requests from this address; retry in ${limited.retryAfterSeconds}s`, { headers: { 'retry-after': String(limited.retryAfterSeconds) } })
        const addressLookup = vault.lookup('email', body.email)
        if ((await challenges.sentLastHour(addressLookup)) >= limits.perAddressPerHour) {
          throw new HttpProblem(429, 'rate-limited', 'too many codes were sent to this email address in the last hour; retry later', { headers: { 'retry-after': '3600' } })
        }
        const challenge = await challenges.create({ addressLookup, addressSubject: vault.subjectFor('email', body.email), right: body.right, region: body.region })
        const minutes = Math.round(limits.ttlSeconds / 60)
        try {
          await mailer.send({
            to: body.email,
            subject: `Your Onmion privacy request code: ${challenge.code}`,
            text: `Your code to confirm your privacy request (${body.right}) is ${challenge.code}.\nIt is valid for ${minutes} minutes and can be used once.\nIf you did not ask for it, ignore this email.`,
            html: `<p>Your code to confirm your privacy request (${body.right}) is <strong>${challenge.code}</strong>.</p><p>It is valid for ${minutes} minutes and can be used once. If you did not ask for it, ignore this email.</p>`,
          })
        } catch (error) {
          // A permanent refusal of the recipient (an SMTP 5xx reply) will not pass on a retry: the
          // address is the problem. It tells nothing about Onmion's data, only about the address.
          const reply = (error as { responseCode?: unknown }).responseCode
          if (typeof reply === 'number' && reply >= 500 && reply < 600) {
            throw new HttpProblem(400, 'invalid-input', 'body.email: the mail server refused this address', { errors: [{ field: 'body.email', message: 'refused by the mail server' }] })
          }
          throw new HttpProblem(502, 'unavailable', 'the code could not be sent; retry later', { cause: error })
        }
        return c.json({ challenge: challenge.id, expiresAt: challenge.expiresAt.toISOString(), message: 'a code was sent to the address; enter it to confirm the request' }, 202)
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/rights/requests/verify',
      operationId: 'verifyRightsRequest',
      summary: 'Confirm the code: the request is opened with its identity step recorded',
      description:
        'A wrong, expired, already used or exhausted code fails alike (400 naming body.code). The answer carries the status token (shown once) for the status and export operations.',
      tag: 'rights-requests',
      access: { kind: 'public' },
      browser: true,
      body: VerifyBody,
      responses: {
        201: { description: 'the request, opened and identity-verified, and its status token', schema: z.object({ token: z.string(), request: PublicRequest }) },
      },
      handler: async ({ c, body }) => {
        const verified = await challenges.verify(body.challenge, body.code)
        if (verified === null) {
          throw new HttpProblem(400, 'invalid-input', 'the code is wrong, expired or already used; ask for a new one if needed', { errors: [{ field: 'body.code', message: 'wrong, expired or already used' }] })
        }
        const onFile = await privacy.db
          .selectFrom('privacy_contacts')
          .select('subject')
          .where('email_lookup', '=', verified.addressLookup)
          .orderBy('subject')
          .executeTakeFirst()
        const subject = onFile?.subject ?? verified.addressSubject
        const jurisdiction = jurisdictionsFor(verified.region)
        const identity = `identity: one-time code sent to the email address, verified (challenge ${verified.id})`
        const opened = await sdkCall('body', () =>
          privacy.rights.open({ subject, type: verified.right as RightType, channel: 'web_form', jurisdiction, receivedAt: verified.verifiedAt, note: `filed on the request page; region ${verified.region}; ${identity}` }),
        )
        // An address Onmion holds nothing about is answered at once ("no personal data held") and
        // the request is closed; only after the code was confirmed, so the answer reveals nothing
        // to someone who does not control the address.
        const request = opened.status === 'completed' ? opened : await sdkCall('body', () => privacy.rights.transition(opened.id, { to: 'identity_verified', at: verified.verifiedAt, reason: identity }))
        const token = await challenges.issueToken(request.id, verified.verifiedAt)
        return c.json({ token, request: publicView(request, verified.verifiedAt) }, 201)
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/rights/requests/status',
      operationId: 'getRightsRequestStatus',
      summary: 'The status of the request the token was issued for',
      tag: 'rights-requests',
      access: { kind: 'public' },
      browser: true,
      responses: { 200: { description: 'the request', schema: PublicRequest }, 401: { description: 'no or unknown status token' } },
      handler: async ({ c }) => {
        const { request, verifiedAt } = await requestFor(c)
        c.header('cache-control', 'no-store')
        return c.json(publicView(request, verifiedAt))
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/rights/requests/export',
      operationId: 'getRightsRequestBundle',
      summary: 'The access / portability bundle, once the request is fulfilled',
      tag: 'rights-requests',
      access: { kind: 'public' },
      browser: true,
      responses: {
        200: { description: 'the export bundle (a download)', schema: ExportBundleView },
        401: { description: 'no or unknown status token' },
        409: { description: 'not an access or portability request, or not fulfilled yet' },
      },
      handler: async ({ c }) => {
        const { request } = await requestFor(c)
        if (!EXPORTABLE.has(request.type)) throw new HttpProblem(409, 'conflict', `a ${request.type} request has no bundle`)
        if (request.status !== 'completed') throw new HttpProblem(409, 'conflict', `the request is ${request.status}; the bundle is ready once it is completed`)
        const bundle = await sdkCall('path', () => privacy.rights.export(request.subject))
        return c.json(bundle, 200, { 'content-disposition': `attachment; filename="onmion-${request.id}.json"`, 'cache-control': 'no-store' })
      },
    }),
  ]
}
