import { isPrivacyError } from '@onmion/privacy-server'
import { z } from 'zod'
import type { CheckpointKeeper } from '../checkpoint-keeper.js'
import { sdkCall } from '../http/privacy-problem.js'
import { HttpProblem } from '../http/problem.js'
import { defineRoute, type AnyRoute } from '../http/route.js'
import type { ServicePrivacy } from '../service-privacy.js'

const PublicKeyAnswer = z.object({
  keyId: z.string(),
  publicKey: z.string().describe('the raw 32-byte Ed25519 public key, base64'),
  algorithm: z.literal('Ed25519'),
})

const CheckpointAnswer = z.object({
  origin: z.string(),
  treeSize: z.number().int(),
  rootHash: z.string().describe('hex SHA-256 Merkle root (RFC 9162)'),
  time: z.string(),
  policyVersion: z.string(),
  keyId: z.string(),
  note: z.string().describe('the signed checkpoint note'),
})

const ProofAnswer = z.object({
  event: z.record(z.string(), z.unknown()).describe('the event as its hashes cover it'),
  leafIndex: z.number().int(),
  treeSize: z.number().int(),
  path: z.array(z.string()),
  checkpoint: z.string().describe('the signed checkpoint note the path leads to'),
})

const ConsistencyAnswer = z.object({
  firstSize: z.number().int().describe('the tree size of the earlier checkpoint'),
  secondSize: z.number().int().describe('the tree size of the later checkpoint'),
  path: z.array(z.string()).describe('hex hashes of RFC 9162 PROOF(firstSize, D[0:secondSize]), at most about 2 log2(secondSize)'),
})

/** A tree size in the query string: digits only, so `1e3`, `0x10` and ` 5` are refused by name. */
const TreeSize = z
  .string()
  .regex(/^(0|[1-9][0-9]{0,15})$/, 'must be a tree size (a whole number >= 0)')
  .transform(Number)

const CheckpointReportAnswer = z.object({
  ok: z.boolean(),
  checkpoint: z.record(z.string(), z.unknown()),
  treeSize: z.number().int(),
  rootHash: z.string(),
  consistency: z.object({ firstSize: z.number().int(), secondSize: z.number().int(), path: z.array(z.string()) }).nullable(),
  chains: z.record(z.string(), z.unknown()).nullable(),
  problems: z.array(z.object({ problem: z.string(), message: z.string() }).loose()),
})

/**
 * The ledger's proofs over HTTP: the public key, the latest checkpoint (public: a checkpoint is
 * meant to be published, and says only how many events there are), taking a checkpoint and
 * verifying against one (admin), and inclusion proofs of events (admin: a proof carries the
 * event's content).
 *
 * @example
 * const routes = proofRoutes(privacy, keeper)
 */
export function proofRoutes(privacy: ServicePrivacy, keeper: CheckpointKeeper): AnyRoute[] {
  return [
    defineRoute({
      method: 'get',
      path: '/v1/ledger/public-key',
      operationId: 'getLedgerPublicKey',
      summary: 'The Ed25519 key checkpoints and receipts are signed with',
      tag: 'ledger',
      access: { kind: 'public' },
      responses: { 200: { description: 'the public key', schema: PublicKeyAnswer }, 404: { description: 'no signing key is configured (ONMION_PRIVACY_CHECKPOINT_KEY)' } },
      handler: ({ c }) => {
        let key
        try {
          key = privacy.ledger.publicKey()
        } catch (error) {
          throw new HttpProblem(404, 'not-found', 'no checkpoint signing key is configured (ONMION_PRIVACY_CHECKPOINT_KEY)', { cause: error })
        }
        return c.json({ ...key, algorithm: 'Ed25519' as const })
      },
    }),
    defineRoute({
      method: 'get',
      path: '/v1/ledger/checkpoint',
      operationId: 'getLatestCheckpoint',
      summary: 'The latest signed checkpoint of the ledger’s Merkle log',
      description: 'As JSON, or as the bare checkpoint note with `Accept: text/plain`.',
      tag: 'ledger',
      access: { kind: 'public' },
      responses: { 200: { description: 'the latest checkpoint', schema: CheckpointAnswer, plainText: true }, 404: { description: 'no checkpoint has been taken yet' } },
      handler: ({ c }) => {
        const latest = keeper.latest()
        if (latest === undefined) throw new HttpProblem(404, 'not-found', 'no checkpoint has been taken yet')
        if ((c.req.header('accept') ?? '').startsWith('text/plain')) return c.text(latest.note)
        return c.json(latest)
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/ledger/checkpoint',
      operationId: 'takeCheckpoint',
      summary: 'Sign a checkpoint of the ledger now (and write it to the checkpoint directory)',
      tag: 'ledger',
      access: { kind: 'key', scope: 'admin' },
      responses: { 201: { description: 'the new checkpoint', schema: CheckpointAnswer }, 503: { description: 'no checkpoint signing key is configured (ONMION_PRIVACY_CHECKPOINT_KEY)' } },
      handler: async ({ c }) => c.json(await signing(() => sdkCall('body', () => keeper.take())), 201),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/ledger/consistency',
      operationId: 'getLedgerConsistency',
      summary: 'A consistency proof between two checkpoints of the ledger’s Merkle log (RFC 9162 get-sth-consistency)',
      description:
        'Proves that the log of `to` events (default: the latest checkpoint’s) extends the log of `from` events, both sizes of signed checkpoints. ' +
        'Check it offline against the two checkpoint notes with `verifyCheckpointConsistency` of @onmion/privacy-proof and the key of `GET /v1/ledger/public-key`. ' +
        'Public like the checkpoint: it holds only hashes. `to` may not be past the latest checkpoint.',
      tag: 'ledger',
      access: { kind: 'public' },
      query: z.object({
        from: TreeSize.describe('the tree size of the earlier checkpoint'),
        to: TreeSize.optional().describe('the tree size of the later checkpoint (default: the latest checkpoint’s)'),
      }),
      responses: {
        200: { description: 'the consistency proof', schema: ConsistencyAnswer },
        404: { description: 'no checkpoint has been taken yet' },
      },
      handler: async ({ c, query }) => {
        const latest = keeper.latest()
        if (latest === undefined) throw new HttpProblem(404, 'not-found', 'no checkpoint has been taken yet')
        const to = query.to ?? latest.treeSize
        // Public: bounded by what the service has published, so a caller never makes it hash new leaves.
        if (to > latest.treeSize) {
          const message = `is past the latest checkpoint (${latest.treeSize} events)`
          throw new HttpProblem(400, 'invalid-input', `query.to: ${message}`, { errors: [{ field: 'query.to', message }] })
        }
        return c.json(await sdkCall('query', () => privacy.ledger.consistency({ from: query.from, to })))
      },
    }),
    defineRoute({
      method: 'post',
      path: '/v1/ledger/verify',
      operationId: 'verifyLedgerAgainstCheckpoint',
      summary: 'Hold the whole ledger against a checkpoint taken earlier',
      description: 'Answers 200 either way; `ok` says whether the ledger extends the checkpoint and every chain agrees with the log, `problems` names each kind of tampering found.',
      tag: 'ledger',
      access: { kind: 'key', scope: 'admin' },
      body: z.object({ checkpoint: z.string().min(1).describe('the checkpoint note') }),
      responses: { 200: { description: 'the verification report', schema: CheckpointReportAnswer } },
      handler: async ({ c, body }) => c.json(await sdkCall('body', () => privacy.ledger.verify({ checkpoint: body.checkpoint }))),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/ledger/proofs/{eventId}',
      operationId: 'proveEvent',
      summary: 'An inclusion proof of one event in the latest checkpoint (a new one when the event is newer)',
      tag: 'ledger',
      access: { kind: 'key', scope: 'admin' },
      params: z.object({ eventId: z.string().min(1).max(200) }),
      responses: { 200: { description: 'the proof; check it with @onmion/privacy-proof', schema: ProofAnswer }, 404: { description: 'no event with this id' }, 503: { description: 'no checkpoint signing key is configured (ONMION_PRIVACY_CHECKPOINT_KEY)' } },
      handler: async ({ c, params }) => c.json(await signing(() => sdkCall('path', () => proveInLatest(privacy, keeper, params.eventId)))),
    }),
    defineRoute({
      method: 'get',
      path: '/v1/receipts/{eventId}',
      operationId: 'getReceipt',
      summary: 'The signed consent receipt of one event (Kantara v1.1 fields, ISO/IEC TS 27560 shape), with its inclusion proof',
      description: 'Verify it offline with `verifyReceipt` of @onmion/privacy-proof and the key of `GET /v1/ledger/public-key`. Needs `consent:read`: a receipt carries the event’s content.',
      tag: 'ledger',
      access: { kind: 'key', scope: 'consent:read' },
      params: z.object({ eventId: z.string().min(1).max(200) }),
      responses: { 200: { description: 'the signed receipt', schema: z.record(z.string(), z.unknown()) }, 404: { description: 'no event with this id' }, 503: { description: 'no checkpoint signing key is configured (ONMION_PRIVACY_CHECKPOINT_KEY)' } },
      handler: async ({ c, params }) => {
        const proof = await signing(() => sdkCall('path', () => proveInLatest(privacy, keeper, params.eventId)))
        return c.json(await signing(() => sdkCall('path', () => privacy.ledger.receipt(params.eventId, { checkpoint: proof.checkpoint }))))
      },
    }),
  ]
}

/**
 * A proof against the latest checkpoint when it holds the event; otherwise a new checkpoint is
 * taken (and kept), so every proof handed out leads to a checkpoint the service published.
 */
async function proveInLatest(privacy: ServicePrivacy, keeper: CheckpointKeeper, eventId: string) {
  const latest = keeper.latest()
  if (latest !== undefined) {
    try {
      return await privacy.ledger.prove(eventId, { checkpoint: latest })
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'NOT_FOUND' && error.message.includes('after the checkpoint'))) throw error
    }
  }
  return privacy.ledger.prove(eventId, { checkpoint: await keeper.take() })
}

/**
 * Runs a call that signs: without a signing key the SDK answers CONFIGURATION, which here is a 503
 * naming what to configure (a state of this deployment, not the caller's fault and not a crash).
 */
async function signing<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (isPrivacyError(error) && error.code === 'CONFIGURATION') throw new HttpProblem(503, 'unavailable', 'no checkpoint signing key is configured (ONMION_PRIVACY_CHECKPOINT_KEY); nothing was signed')
    throw error
  }
}
