import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomUUID } from 'node:crypto'
import { verifyCheckpointConsistency, verifyConsistency, verifyEventProof, verifyReceipt } from '@onmion/privacy-proof'
import { generateCheckpointKey } from '@onmion/privacy-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { backends, cli, client, startService, type ServiceProcess, type TestDatabase } from './harness.js'

for (const backend of backends()) {
  describe(`ledger proofs over HTTP and the CLI on ${backend.name}`, () => {
    const key = generateCheckpointKey('service-test')
    let db: TestDatabase
    let dir: string
    let env: Record<string, string>
    let service: ServiceProcess | undefined
    let admin: ReturnType<typeof client>

    beforeAll(async () => {
      // A loaded machine starts the service slowly; speed is measured by benchmarks, not here.
      db = await backend.create()
      dir = await mkdtemp(join(tmpdir(), 'onmion-checkpoints-'))
      env = { ...db.env, ONMION_PRIVACY_CHECKPOINT_KEY: JSON.stringify(key), CHECKPOINT_DIR: dir, CHECKPOINT_ORIGIN: 'test.onmion/ledger' }
      service = await startService(env, { timeoutMs: 240_000 })
      admin = client(service.url, service.adminKey)
    }, 300_000)

    afterAll(async () => {
      await service?.stop()
      await db.drop()
      await rm(dir, { recursive: true, force: true })
    })

    it('publishes the key, serves checkpoints, proves events, gives receipts and verifies against a checkpoint', async () => {
      const anon = client(service!.url)
      expect((await anon('GET', '/v1/ledger/public-key')).json).toEqual({ keyId: key.keyId, publicKey: key.publicKey, algorithm: 'Ed25519' })

      const subject = `u_${randomUUID().slice(0, 8)}`
      const recorded = await admin('POST', '/v1/consent-events', { subject, type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
      expect(recorded.status).toBe(201)
      await admin('POST', '/v1/consent-events', { subject, type: 'consent.withdrawn', purpose: 'analytics', method: 'web_form' })

      expect((await anon('POST', '/v1/ledger/checkpoint')).status).toBe(401)
      const taken = await admin('POST', '/v1/ledger/checkpoint')
      expect(taken.status).toBe(201)
      expect(taken.json).toMatchObject({ origin: 'test.onmion/ledger', treeSize: 2, keyId: key.keyId })
      expect(await readFile(join(dir, 'latest.txt'), 'utf8')).toBe(taken.json.note)
      expect(await readdir(dir)).toContain('checkpoint-000000000002.txt')
      const latest = await anon('GET', '/v1/ledger/checkpoint', undefined, { accept: 'text/plain' })
      expect(latest.text).toBe(taken.json.note)

      const proof = await admin('GET', `/v1/ledger/proofs/${recorded.json.event.id}`)
      expect(proof.status).toBe(200)
      expect(proof.json.checkpoint).toBe(taken.json.note)
      expect(await verifyEventProof(proof.json, key)).toMatchObject({ ok: true })
      expect((await admin('GET', '/v1/ledger/proofs/no-such-event')).status).toBe(404)

      const receipt = await admin('GET', `/v1/receipts/${recorded.json.event.id}`)
      expect(receipt.json).toMatchObject({ version: 'KI-CR-v1.1.0', consentReceiptID: recorded.json.event.id, piiPrincipalId: subject })
      expect(await verifyReceipt(receipt.json, key)).toMatchObject({ ok: true })
      expect(await verifyReceipt({ ...receipt.json, piiPrincipalId: 'u_someone_else' }, key)).toMatchObject({ ok: false })
      expect((await anon('GET', `/v1/receipts/${recorded.json.event.id}`)).status).toBe(401)

      await admin('POST', '/v1/consent-events', { subject, type: 'restriction.set', method: 'rights_request' })
      const report = await admin('POST', '/v1/ledger/verify', { checkpoint: taken.json.note })
      expect(report.json).toMatchObject({ ok: true, treeSize: 3, problems: [] })
      expect(await verifyConsistency(report.json.consistency, taken.json.rootHash, report.json.rootHash)).toBe(true)

      // An auditor who kept the checkpoint of 2 events asks anyone's copy of the service how the
      // log of the latest checkpoint (3 events) extends it, and checks the answer against both notes.
      const second = await admin('POST', '/v1/ledger/checkpoint')
      expect(second.json).toMatchObject({ treeSize: 3 })
      const consistency = await anon('GET', '/v1/ledger/consistency?from=2')
      expect(consistency.status).toBe(200)
      expect(consistency.json).toMatchObject({ firstSize: 2, secondSize: 3 })
      expect(await verifyCheckpointConsistency(taken.json.note, second.json.note, consistency.json, key)).toMatchObject({ ok: true })
      expect((await anon('GET', '/v1/ledger/consistency?from=2&to=3')).json).toEqual(consistency.json)
      expect(await verifyCheckpointConsistency(taken.json.note, second.json.note, { ...consistency.json, path: [taken.json.rootHash] }, key)).toMatchObject({ ok: false, problem: 'not_consistent' })
      for (const [query, field] of [['from=2&to=4', 'query.to'], ['from=x', 'query.from'], ['from=1e1', 'query.from'], ['from=3&to=2', 'query.from'], ['', 'query.from']] as const) {
        const refused = await anon('GET', `/v1/ledger/consistency?${query}`)
        expect(refused.status).toBe(400)
        expect(refused.json.errors[0].field).toBe(field)
      }

      const forged = await admin('POST', '/v1/ledger/verify', { checkpoint: taken.json.note.replace('\n2\n', '\n1\n') })
      expect(forged.json).toMatchObject({ ok: false, problems: [{ problem: 'signature_invalid' }] })
      const malformed = await admin('POST', '/v1/ledger/verify', { checkpoint: 'nonsense' })
      expect(malformed.status).toBe(400)
      expect(malformed.json.errors[0].field).toBe('body.checkpoint')

      // A browser's cookie choice is answered with its signed receipt (no inclusion proof yet),
      // which verifies offline with the public key alone; one changed field fails it.
      const web = client(service!.url, (await admin('POST', '/v1/keys', { name: 'web banner', kind: 'publishable' })).json.key)
      const browser = `c_${randomUUID()}`
      const choice = await web('POST', '/v1/consent-events', { subject: browser, type: 'cookies.choice', choices: { preferences: true, analytics: false }, method: 'cookie_banner' })
      expect(choice.status).toBe(201)
      expect(choice.json.receipt).toMatchObject({ consentReceiptID: choice.json.event.id, piiPrincipalId: browser, collectionMethod: 'cookie_banner', proof: null })
      expect(await verifyReceipt(choice.json.receipt, key)).toEqual({ ok: true, checkpoint: null })
      expect(await verifyReceipt({ ...choice.json.receipt, collectionMethod: 'api' }, key)).toMatchObject({ ok: false, problem: 'signature_invalid' })
      // Other writes answer as before, without a receipt.
      expect(recorded.json.receipt).toBeUndefined()
    })

    it('takes and verifies checkpoints from the CLI (after the service stopped)', { timeout: 600_000 }, async () => {
      await service?.stop()
      service = undefined
      const taken = await cli(['ledger', 'checkpoint'], env)
      expect(taken.code).toBe(0)
      expect(taken.stdout).toMatch(/^test\.onmion\/ledger\n4\n/)
      const file = join(dir, 'latest.txt')
      expect(await readFile(file, 'utf8')).toBe(`${taken.stdout.trimEnd()}\n`)
      const verified = await cli(['ledger', 'verify', '--checkpoint', file], env)
      expect(verified.code).toBe(0)
      expect(verified.stdout).toContain('ledger verified against checkpoint 4')

      const forged = join(dir, 'forged.txt')
      await writeFile(forged, (await readFile(file, 'utf8')).replace('\n4\n', '\n2\n'))
      const refused = await cli(['ledger', 'verify', '--checkpoint', forged], env)
      expect(refused.code).toBe(1)
      expect(refused.stderr).toContain('signature_invalid')

    })
  })
}
