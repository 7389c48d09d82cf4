import { generateKeyPairSync, sign } from 'node:crypto'
import { checkpointBody, signatureLine, verifyCheckpointConsistency, verifyConsistency, verifyEventProof, verifyReceipt } from '@onmion/privacy-proof'
import { onmionPolicy } from '@onmion/privacy-policy'
import { sql } from 'kysely'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createPrivacy, generateCheckpointKey, type CheckpointVerifyReport, type Privacy, type SignedCheckpoint } from '../src/index.js'
import { chainHash, contentHashOf, personalHashOf } from '../src/ledger/canonical.js'
import { rowContent, rowPersonal } from '../src/ledger/rows.js'
import { eventLeafHash, merkleRoot } from '../src/proof/tree.js'
import { describeBackends, testKeys } from './backends.js'

type OnmionPrivacy = Privacy<typeof onmionPolicy>

const problemsOf = (report: CheckpointVerifyReport): string[] => [...new Set(report.problems.map((p) => p.problem))].sort()

describeBackends('ledger proofs', (openBackend, backend) => {
  // Each test opens its own database (a fresh PGlite takes seconds on a loaded machine).
  vi.setConfig({ testTimeout: 120_000 })
  const open: OnmionPrivacy[] = []
  const key = generateCheckpointKey('test-2026-11')
  const start = async (database?: string): Promise<OnmionPrivacy> => {
    const privacy = await createPrivacy({
      policy: onmionPolicy,
      database: database ?? (await openBackend()).database,
      keys: testKeys(),
      checkpoints: { key, origin: 'test.onmion/ledger' },
    })
    open.push(privacy)
    return privacy
  }
  afterEach(async () => {
    await Promise.all(open.splice(0).map((p) => p.close()))
  })

  /** Three subjects, 9 events, a checkpoint of them, then 2 more events after it. */
  const seeded = async (): Promise<{ privacy: OnmionPrivacy; checkpoint: SignedCheckpoint }> => {
    const privacy = await start()
    await privacy.record({ subject: 'u_a', type: 'consent.granted', purpose: 'analytics', method: 'web_form' })
    await privacy.record({ subject: 'u_a', type: 'consent.withdrawn', purpose: 'analytics', method: 'web_form' })
    await privacy.recordMany([
      { subject: 'u_b', type: 'consent.granted', purpose: 'analytics', method: 'web_form' },
      { subject: 'u_c', type: 'restriction.set', method: 'rights_request' },
      { subject: 'u_b', type: 'cookies.choice', choices: { analytics: true }, method: 'banner' },
    ])
    for (const type of ['consent.granted', 'consent.withdrawn', 'consent.granted', 'consent.withdrawn'] as const) {
      await privacy.record({ subject: 'u_c', type, purpose: 'analytics', method: 'web_form' })
    }
    const checkpoint = await privacy.ledger.checkpoint()
    await privacy.record({ subject: 'u_d', type: 'restriction.set', method: 'rights_request' })
    await privacy.record({ subject: 'u_a', type: 'objection.recorded', purpose: 'security_monitoring', method: 'web_form' })
    return { privacy, checkpoint }
  }

  const against = (privacy: OnmionPrivacy, checkpoint: SignedCheckpoint | string) => privacy.ledger.verify({ checkpoint })
  const exec = async (privacy: OnmionPrivacy, statement: ReturnType<typeof sql>) => statement.execute(privacy.db)

  it('keeps one log leaf per event, in the same transaction, and verifies an untouched ledger with a consistency proof', async () => {
    const { privacy, checkpoint } = await seeded()
    expect(checkpoint).toMatchObject({ origin: 'test.onmion/ledger', treeSize: 9, policyVersion: onmionPolicy.meta.version, keyId: key.keyId })
    expect(checkpoint.note).toMatch(/^test\.onmion\/ledger\n9\n[A-Za-z0-9+/]+=*\ntime .+\npolicy .+\n\n\u2014 test-2026-11 /)
    const report = await against(privacy, checkpoint.note)
    expect(report).toMatchObject({ ok: true, treeSize: 11, problems: [] })
    expect(report.chains?.ok).toBe(true)
    expect(report.consistency).toMatchObject({ firstSize: 9, secondSize: 11 })
    expect(await verifyConsistency(report.consistency!, checkpoint.rootHash, report.rootHash)).toBe(true)
    expect(report.rootHash).toBe((await privacy.ledger.checkpoint()).rootHash)

    // A failed batch leaves neither events nor leaves.
    await expect(privacy.recordMany([{ subject: 'u_e', type: 'restriction.set', method: 'rights_request' }, { subject: 'u_e', type: 'nope' } as never])).rejects.toThrow()
    const counts = await sql<{ events: string; leaves: string; size: string }>`select (select count(*) from privacy_events) as events,
      (select count(*) from privacy_log) as leaves, (select size from privacy_log_size) as size`.execute(privacy.db)
    expect(counts.rows[0]).toMatchObject({ events: expect.anything() })
    expect(Number(counts.rows[0]!.events)).toBe(11)
    expect(Number(counts.rows[0]!.leaves)).toBe(11)
    expect(Number(counts.rows[0]!.size)).toBe(11)
  })

  it('detects a rewritten chain (a withdrawal turned into a grant, every hash recomputed) that the chains alone accept', async () => {
    const { privacy, checkpoint } = await seeded()
    const row = (await privacy.db.selectFrom('privacy_events').selectAll().where('subject', '=', 'u_a').where('seq', '=', 2).executeTakeFirstOrThrow())
    const forged = { ...row, type: 'consent.granted' }
    forged.personal_hash = personalHashOf(rowPersonal(forged))
    forged.content_hash = contentHashOf(rowContent(forged))
    forged.hash = chainHash(forged.prev_hash, forged.content_hash)
    const third = await privacy.db.selectFrom('privacy_events').selectAll().where('subject', '=', 'u_a').where('seq', '=', 3).executeTakeFirstOrThrow()
    const thirdHash = chainHash(forged.hash, third.content_hash)
    await privacy.db.updateTable('privacy_events').set({ type: forged.type, personal_hash: forged.personal_hash, content_hash: forged.content_hash, hash: forged.hash }).where('id', '=', row.id).execute()
    await privacy.db.updateTable('privacy_events').set({ prev_hash: forged.hash, hash: thirdHash }).where('id', '=', third.id).execute()
    await privacy.db.updateTable('privacy_subject_heads').set({ prev_hash: forged.hash, hash: thirdHash }).where('subject', '=', 'u_a').execute()
    await privacy.context.ledger.invalidate(['u_a'])

    expect((await privacy.ledger.verify()).ok).toBe(true)
    expect((await privacy.check({ subject: 'u_a', purpose: 'analytics', category: 'usage_data' })).allowed).toBe(true)
    const report = await against(privacy, checkpoint)
    expect(report.ok).toBe(false)
    expect(problemsOf(report)).toEqual(['event_changed'])
    expect(report.problems[0]).toMatchObject({ subject: 'u_a', seq: 2, eventId: row.id })

    // Rewriting the log's leaves to match does not help: the checkpoint's root no longer matches.
    await exec(privacy, sql`update privacy_log l set leaf_hash = encode(sha256('\\x00'::bytea || decode(e.hash, 'hex')), 'hex') from privacy_events e where e.id = l.event_id`)
    expect(problemsOf(await against(privacy, checkpoint))).toEqual(['log_rewritten'])
  })

  it('detects a deleted subject (rows and head)', async () => {
    const { privacy, checkpoint } = await seeded()
    await exec(privacy, sql`delete from privacy_events where subject = 'u_b'`)
    await exec(privacy, sql`delete from privacy_subject_heads where subject = 'u_b'`)
    expect((await privacy.ledger.verify()).ok).toBe(true)
    const report = await against(privacy, checkpoint)
    expect(problemsOf(report)).toEqual(['event_deleted'])
    expect(report.problems).toHaveLength(2)
  })

  it('detects a truncated log (events, leaves, size and head all cut back)', async () => {
    const { privacy, checkpoint } = await seeded()
    const tail = await sql<{ event_id: string }>`select event_id from privacy_log order by leaf_index desc limit 4`.execute(privacy.db)
    const ids = tail.rows.map((r) => r.event_id)
    await privacy.db.deleteFrom('privacy_events').where('id', 'in', ids).execute()
    await privacy.db.deleteFrom('privacy_log').where('event_id', 'in', ids).execute()
    await exec(privacy, sql`update privacy_log_size set size = size - 4`)
    await exec(privacy, sql`delete from privacy_subject_heads`)
    await exec(privacy, sql`insert into privacy_subject_heads (subject, seq, prev_hash, hash)
      select distinct on (subject) subject, seq, prev_hash, hash from privacy_events order by subject, seq desc`)
    expect((await privacy.ledger.verify()).ok).toBe(true)
    expect(problemsOf(await against(privacy, checkpoint))).toEqual(['log_truncated'])
  })

  it('detects a reordered log', async () => {
    const { privacy, checkpoint } = await seeded()
    // u_c's events 2 and 3 trade places in the log.
    const c = await sql<{ leaf_index: string }>`select l.leaf_index from privacy_log l join privacy_events e on e.id = l.event_id
      where e.subject = 'u_c' and e.seq in (2, 3) order by e.seq`.execute(privacy.db)
    const [i2, i3] = c.rows.map((r) => Number(r.leaf_index))
    await exec(privacy, sql`update privacy_log set leaf_index = -1 where leaf_index = ${i2}`)
    await exec(privacy, sql`update privacy_log set leaf_index = ${i2} where leaf_index = ${i3}`)
    await exec(privacy, sql`update privacy_log set leaf_index = ${i3} where leaf_index = -1`)
    expect(problemsOf(await against(privacy, checkpoint))).toEqual(['log_out_of_order', 'log_rewritten'].sort())
  })

  it('refuses a checkpoint re-signed with another key, or edited after signing', async () => {
    const { privacy, checkpoint } = await seeded()
    const other = generateKeyPairSync('ed25519')
    const otherPublic = other.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32)
    const body = checkpointBody({ ...checkpoint, treeSize: 3 })
    const resigned = `${body}\n${await signatureLine(key.keyId, otherPublic, sign(null, Buffer.from(body), other.privateKey))}`
    const report = await against(privacy, resigned)
    expect(report).toMatchObject({ ok: false, chains: null })
    expect(problemsOf(report)).toEqual(['key_not_signer'])

    const edited = checkpoint.note.replace(/^(.*\n)9\n/, '$13\n')
    expect(edited).not.toBe(checkpoint.note)
    expect(problemsOf(await against(privacy, edited))).toEqual(['signature_invalid'])
    await expect(against(privacy, 'not a checkpoint')).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'checkpoint' })
  })

  it('detects an edited middle event', async () => {
    const { privacy, checkpoint } = await seeded()
    await exec(privacy, sql`update privacy_events set payload = '{"purpose":"product_improvement"}' where subject = 'u_c' and seq = 3`)
    const edited = await against(privacy, checkpoint)
    expect(problemsOf(edited)).toEqual(['chain_broken'])
    expect(JSON.stringify(edited.chains)).toContain('content_hash_mismatch')
  })

  it('detects a deleted middle event', async () => {
    const other = await seeded()
    await exec(other.privacy, sql`delete from privacy_events where subject = 'u_c' and seq = 2`)
    expect(problemsOf(await against(other.privacy, other.checkpoint))).toEqual(['chain_broken', 'event_deleted'])
  })

  it('detects a deleted last event whose head was moved back', async () => {
    const last = await seeded()
    await exec(last.privacy, sql`delete from privacy_events where subject = 'u_c' and seq = 5`)
    await exec(last.privacy, sql`update privacy_subject_heads h set seq = 4, hash = e.hash, prev_hash = e.prev_hash from privacy_events e where e.subject = 'u_c' and e.seq = 4 and h.subject = 'u_c'`)
    expect((await last.privacy.ledger.verify()).ok).toBe(true)
    const report = await against(last.privacy, last.checkpoint)
    expect(problemsOf(report)).toEqual(['event_deleted'])
  })

  it('detects two swapped rows', async () => {
    const { privacy, checkpoint } = await seeded()
    await exec(privacy, sql`update privacy_events set seq = -1 where subject = 'u_c' and seq = 2`)
    await exec(privacy, sql`update privacy_events set seq = 2 where subject = 'u_c' and seq = 3`)
    await exec(privacy, sql`update privacy_events set seq = 3 where subject = 'u_c' and seq = -1`)
    expect(problemsOf(await against(privacy, checkpoint))).toEqual(['chain_broken', 'log_out_of_order'])
  })

  it('detects a row inserted around the ledger', async () => {
    const inserted = await seeded()
    await exec(inserted.privacy, sql`insert into privacy_events (id, subject, seq, type, method, policy_version, occurred_at, recorded_at, personal_hash, prev_hash, content_hash, hash)
      select 'forged', 'u_z', 1, 'consent.granted', 'web_form', policy_version, occurred_at, recorded_at, personal_hash, ${'0'.repeat(64)}, content_hash, hash
      from privacy_events limit 1`)
    await exec(inserted.privacy, sql`insert into privacy_subject_heads (subject, seq, prev_hash, hash) select subject, seq, prev_hash, hash from privacy_events where id = 'forged'`)
    const report = await against(inserted.privacy, inserted.checkpoint)
    expect(problemsOf(report)).toContain('event_not_in_log')
    expect(report.problems.find((p) => p.problem === 'event_not_in_log')).toMatchObject({ eventId: 'forged', subject: 'u_z' })
  })

  it('detects an edited head', async () => {
    const head = await seeded()
    await exec(head.privacy, sql`update privacy_subject_heads set hash = ${'f'.repeat(64)} where subject = 'u_b'`)
    const headReport = await against(head.privacy, head.checkpoint)
    expect(problemsOf(headReport)).toEqual(['chain_broken'])
    expect(JSON.stringify(headReport.chains)).toContain('head_mismatch')
  })

  it('keeps checkpoints incremental: each root equals the root recomputed from every event, and proofs in old and new checkpoints verify', async () => {
    const privacy = await start()
    const publicKey = privacy.ledger.publicKey()
    const checkpoints: SignedCheckpoint[] = []
    let recorded = 0
    // Sizes on both sides of the stored subtrees' 256-leaf blocks and of higher levels (512, 1024, 2048).
    for (const size of [1, 3, 255, 256, 257, 600, 1023, 1024, 1500, 2049]) {
      while (recorded < size) {
        const n = Math.min(100, size - recorded)
        await privacy.recordMany(Array.from({ length: n }, (_, i) => ({ subject: `u_${(recorded + i) % 7}`, type: 'restriction.set' as const, method: 'rights_request' })))
        recorded += n
      }
      const checkpoint = await privacy.ledger.checkpoint()
      expect(checkpoint.treeSize).toBe(size)
      const events = await sql<{ hash: string }>`select e.hash from privacy_log l join privacy_events e on e.id = l.event_id order by l.leaf_index`.execute(privacy.db)
      expect(checkpoint.rootHash).toBe(merkleRoot(events.rows.map((e) => eventLeafHash(e.hash)), 0, size).toString('hex'))
      checkpoints.push(checkpoint)
    }
    const nodes = await sql<{ levels: string; count: string }>`select count(distinct level) as levels, count(*) as count from privacy_log_nodes`.execute(privacy.db)
    expect(Number(nodes.rows[0]!.levels)).toBe(4)
    expect(Number(nodes.rows[0]!.count)).toBe(8 + 4 + 2 + 1)
    const ids = await sql<{ event_id: string; leaf_index: string }>`select event_id, leaf_index from privacy_log where leaf_index in (0, 2, 254, 255, 256, 599, 1023, 1024, 2047, 2048) order by leaf_index`.execute(privacy.db)
    for (const checkpoint of [checkpoints[2]!, checkpoints[5]!, checkpoints.at(-1)!]) {
      for (const { event_id: id, leaf_index: leaf } of ids.rows) {
        if (Number(leaf) >= checkpoint.treeSize) continue
        const proof = await privacy.ledger.prove(id, { checkpoint })
        expect(proof.path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(checkpoint.treeSize)))
        expect(await verifyEventProof(JSON.parse(JSON.stringify(proof)) as typeof proof, publicKey)).toMatchObject({ ok: true })
      }
    }
    expect(await against(privacy, checkpoints[4]!)).toMatchObject({ ok: true, treeSize: 2049 })
    // Consistency proofs between checkpoints on both sides of the blocks, checked offline against both signed notes.
    for (const [a, b] of [[0, 1], [1, 2], [2, 3], [3, 4], [0, 9], [2, 8], [4, 6], [5, 9], [7, 8], [6, 6]] as const) {
      const first = checkpoints[a]!
      const second = checkpoints[b]!
      const proof = await privacy.ledger.consistency({ from: first.treeSize, to: second.treeSize })
      expect(proof).toMatchObject({ firstSize: first.treeSize, secondSize: second.treeSize })
      expect(proof.path.length).toBeLessThanOrEqual(2 * Math.ceil(Math.log2(second.treeSize)))
      expect(await verifyCheckpointConsistency(first.note, second.note, JSON.parse(JSON.stringify(proof)) as typeof proof, publicKey)).toMatchObject({ ok: true })
    }

    // The stored subtrees are a cache the verification checks, not trusts: an edited one is named.
    await exec(privacy, sql`update privacy_log_nodes set hash = ${'e'.repeat(64)} where level = 9 and node_index = 1`)
    const edited = await against(privacy, checkpoints[4]!)
    expect(problemsOf(edited)).toEqual(['subtree_changed'])
    expect(edited.problems[0]).toMatchObject({ leafIndex: 512 })
  })

  it('gives consistency proofs between two checkpoints that fail once the log under the earlier one is rewritten, and refuses bad sizes by field', async () => {
    const { privacy, checkpoint } = await seeded()
    const later = await privacy.ledger.checkpoint()
    const publicKey = privacy.ledger.publicKey()
    expect(await verifyCheckpointConsistency(checkpoint.note, later.note, await privacy.ledger.consistency({ from: 9, to: 11 }), publicKey)).toMatchObject({ ok: true })
    await expect(privacy.ledger.consistency({ from: 12, to: 11 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'from' })
    await expect(privacy.ledger.consistency({ from: 9, to: 12 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'to' })
    await expect(privacy.ledger.consistency({ from: -1, to: 11 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'from' })
    await expect(privacy.ledger.consistency({ from: 1, to: 1.5 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'to' })

    // An operator rewrites the leaf of a middle event and re-signs a new checkpoint over the result:
    // the new checkpoint verifies on its own, but no proof leads from the old one to it.
    await exec(privacy, sql`update privacy_log set leaf_hash = ${'d'.repeat(64)} where leaf_index = 4`)
    await exec(privacy, sql`truncate privacy_log_nodes`)
    await exec(privacy, sql`update privacy_log_tree set size = 0`)
    const resigned = await privacy.ledger.checkpoint()
    const proof = await privacy.ledger.consistency({ from: 9, to: resigned.treeSize })
    expect(await verifyCheckpointConsistency(checkpoint.note, resigned.note, proof, publicKey)).toMatchObject({ ok: false, problem: 'not_consistent' })
  })

  it('proves an event is in a checkpoint with O(log n) hashes, offline with the public key only', async () => {
    const { privacy, checkpoint } = await seeded()
    const events = await privacy.history('u_c')
    const publicKey = privacy.ledger.publicKey()
    expect(publicKey).toEqual({ keyId: key.keyId, publicKey: key.publicKey })
    for (const event of events) {
      const proof = await privacy.ledger.prove(event.id, { checkpoint })
      expect(proof.treeSize).toBe(9)
      expect(proof.path.length).toBeLessThanOrEqual(Math.ceil(Math.log2(9)))
      expect(await verifyEventProof(JSON.parse(JSON.stringify(proof)) as typeof proof, publicKey)).toMatchObject({ ok: true })
    }
    const proof = await privacy.ledger.prove(events[1]!.id, { checkpoint })
    expect(await verifyEventProof({ ...proof, event: { ...proof.event, type: 'restriction.lifted' } }, publicKey)).toMatchObject({ ok: false, problem: 'hash_mismatch' })
    expect(await verifyEventProof({ ...proof, event: { ...proof.event, personal: { ...proof.event.personal!, payload: { purpose: 'product_improvement' } } } }, publicKey)).toMatchObject({ ok: false, problem: 'personal_hash_mismatch' })
    // The event carries its state key (content format v2): dropped or changed, the hash fails.
    expect(proof.event.stateKey).toBe('consent:analytics')
    const { stateKey: _key, ...keyless } = proof.event
    expect(await verifyEventProof({ ...proof, event: keyless }, publicKey)).toMatchObject({ ok: false, problem: 'hash_mismatch' })
    expect(await verifyEventProof({ ...proof, event: { ...proof.event, stateKey: 'consent:transactional_sms' } }, publicKey)).toMatchObject({ ok: false, problem: 'hash_mismatch' })
    expect(await verifyEventProof({ ...proof, leafIndex: proof.leafIndex + 1 }, publicKey)).toMatchObject({ ok: false, problem: 'not_included' })
    const other = generateCheckpointKey(key.keyId)
    expect(await verifyEventProof(proof, { keyId: other.keyId, publicKey: other.publicKey })).toMatchObject({ ok: false, problem: 'key_not_signer' })

    // An event after the checkpoint needs a newer one; without one, prove signs a fresh checkpoint.
    const late = (await privacy.history('u_d'))[0]!
    await expect(privacy.ledger.prove(late.id, { checkpoint })).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'eventId' })
    const fresh = await privacy.ledger.prove(late.id)
    expect(fresh.treeSize).toBe(11)
    expect((await verifyEventProof(fresh, publicKey)).ok).toBe(true)
    await expect(privacy.ledger.prove('no-such-event')).rejects.toMatchObject({ code: 'NOT_FOUND', field: 'eventId' })
  })

  it('keeps proofs verifiable after retention redacts an event, without its personal content', async () => {
    const { privacy, checkpoint } = await seeded()
    const event = (await privacy.history('u_b'))[1]!
    // Redacted by an erasure of u_b (which records itself in the chain: a redaction made by hand
    // is what verify() reports as redaction_unexplained).
    const ids = (await privacy.history('u_b')).filter((e) => e.seq <= event.seq).map((e) => e.id)
    expect((await privacy.context.ledger.erase('u_b', ids, new Date())).redacted).toBe(ids.length)
    const proof = await privacy.ledger.prove(event.id, { checkpoint })
    expect(proof.event.personal).toBeNull()
    expect((await verifyEventProof(proof, privacy.ledger.publicKey())).ok).toBe(true)
    expect((await against(privacy, checkpoint)).ok).toBe(true)
  })

  it('gives a signed consent receipt that verifies end to end offline, and fails with one field changed', async () => {
    const { privacy, checkpoint } = await seeded()
    const choice = (await privacy.history('u_b'))[1]!
    const receipt = await privacy.ledger.receipt(choice.id, { checkpoint, policyUrl: 'https://onmion.com/privacy' })
    expect(receipt).toMatchObject({
      version: 'KI-CR-v1.1.0',
      consentReceiptID: choice.id,
      piiPrincipalId: 'u_b',
      collectionMethod: 'banner',
      policyUrl: 'https://onmion.com/privacy',
      policyVersion: onmionPolicy.meta.version,
      consentTimestamp: Math.floor(choice.occurredAt.getTime() / 1000),
      piiControllers: [{ piiController: 'Onmion LLC', email: 'privacy@onmion.com' }],
      services: [{ purposes: [{ purposeCategory: ['analytics'], consentType: 'EXPLICIT', state: 'granted', piiCategory: ['usage_data', 'cookie_data'] }] }],
      proof: { treeSize: 9 },
    })
    const key = privacy.ledger.publicKey()
    const travelled = JSON.parse(JSON.stringify(receipt)) as typeof receipt
    expect(await verifyReceipt(travelled, key)).toMatchObject({ ok: true, checkpoint: { treeSize: 9 } })
    expect(await verifyReceipt({ ...travelled, jurisdiction: 'EU' }, key)).toMatchObject({ ok: false, problem: 'signature_invalid' })
    expect(await verifyReceipt({ ...travelled, services: [{ ...travelled.services[0]!, purposes: [] }] }, key)).toMatchObject({ ok: false, problem: 'signature_invalid' })
    const other = generateCheckpointKey(key.keyId)
    expect(await verifyReceipt(travelled, { keyId: other.keyId, publicKey: other.publicKey })).toMatchObject({ ok: false, problem: 'key_not_signer' })

    // A withdrawal says so; an event after the checkpoint has no proof until a later one covers it.
    const withdrawn = await privacy.ledger.receipt((await privacy.history('u_a'))[1]!.id, { checkpoint })
    expect(withdrawn.services[0]!.purposes).toMatchObject([{ purposeCategory: ['analytics'], state: 'withdrawn' }])
    const late = await privacy.ledger.receipt((await privacy.history('u_d'))[0]!.id, { checkpoint })
    expect(late.proof).toBeNull()
    expect(await verifyReceipt(late, key)).toEqual({ ok: true, checkpoint: null })
    expect((await privacy.ledger.receipt((await privacy.history('u_d'))[0]!.id)).proof).toMatchObject({ treeSize: 11 })
  })

  it('refuses checkpoints without a signing key, and a malformed key by its field', async () => {
    const privacy = await createPrivacy({ policy: onmionPolicy, database: (await openBackend()).database })
    open.push(privacy)
    await expect(privacy.ledger.checkpoint()).rejects.toMatchObject({ code: 'CONFIGURATION', field: 'checkpoints.key' })
    await expect(createPrivacy({ policy: onmionPolicy, database: 'memory://', checkpoints: { key: { keyId: 'k', privateKey: 'short' } } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'checkpoints.key.privateKey',
    })
    const other = generateCheckpointKey('other')
    await expect(createPrivacy({ policy: onmionPolicy, database: 'memory://', checkpoints: { key: { ...key, publicKey: other.publicKey } } })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'checkpoints.key.publicKey',
    })
  })

  describe.runIf(backend === 'postgres')('two instances', () => {
    it('keeps the log dense and in chain order under concurrent appends from two instances', async () => {
      const { database } = await openBackend()
      const one = await start(database)
      const two = await start(database)
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          (i % 2 === 0 ? one : two).record({ subject: `u_${i % 5}`, type: i % 3 === 0 ? 'restriction.set' : 'restriction.lifted', method: 'rights_request' }),
        ),
      )
      await two.recordMany(Array.from({ length: 10 }, (_, i) => ({ subject: `u_${i % 3}`, type: 'restriction.set' as const, method: 'rights_request' })))
      const checkpoint = await one.ledger.checkpoint()
      expect(checkpoint.treeSize).toBe(50)
      const report = await two.ledger.verify({ checkpoint })
      expect(report).toMatchObject({ ok: true, problems: [] })
    })
  })
})
