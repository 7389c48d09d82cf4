import { createHash, generateKeyPairSync, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkpointBody, signatureLine, type Checkpoint } from './checkpoint.js'
import { verifyCheckpointConsistency } from './checkpoint-consistency.js'

const keyPair = (keyId: string) => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32))
  return { raw, privateKey, key: { keyId, publicKey: Buffer.from(raw).toString('base64') } }
}
const sha = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest()
const node = (l: Buffer, r: Buffer): Buffer => sha(Buffer.from([1]), l, r)
const leaves = [0, 1, 2, 3].map((i) => sha(Buffer.from([0]), Buffer.from(`event ${i}`)))
// RFC 9162: the tree of 2 leaves and the tree of 4; PROOF(2, D[0:4]) is the right half's root.
const root2 = node(leaves[0]!, leaves[1]!)
const right = node(leaves[2]!, leaves[3]!)
const root4 = node(root2, right)
const proof = { firstSize: 2, secondSize: 4, path: [right.toString('hex')] }

type Pair = ReturnType<typeof keyPair>
async function note(pair: Pair, treeSize: number, root: Buffer, origin = 'example.com/ledger'): Promise<string> {
  const statement: Omit<Checkpoint, 'keyId'> = { origin, treeSize, rootHash: root.toString('hex'), time: '2026-12-06T12:00:00.000Z', policyVersion: '1.2.0' }
  const body = checkpointBody(statement)
  return `${body}\n${await signatureLine(pair.key.keyId, pair.raw, new Uint8Array(sign(null, Buffer.from(body), pair.privateKey)))}`
}

describe('consistency between two signed checkpoints', () => {
  it('holds when the later log extends the earlier one, also across a key rotation', async () => {
    const pair = keyPair('log-2026')
    const result = await verifyCheckpointConsistency(await note(pair, 2, root2), await note(pair, 4, root4), proof, pair.key)
    expect(result).toMatchObject({ ok: true, first: { treeSize: 2 }, second: { treeSize: 4 } })
    const next = keyPair('log-2027')
    expect(await verifyCheckpointConsistency(await note(pair, 2, root2), await note(next, 4, root4), proof, [next.key, pair.key])).toMatchObject({ ok: true })
  })

  it('fails a rewritten log, a checkpoint signed by another key, two logs, and a proof for other sizes, each by name', async () => {
    const pair = keyPair('log-2026')
    const older = await note(pair, 2, root2)
    const newer = await note(pair, 4, root4)
    // A log whose third event was rewritten: same size, another root.
    const rewritten = node(root2, node(sha(Buffer.from([0]), Buffer.from('forged')), leaves[3]!))
    expect(await verifyCheckpointConsistency(older, await note(pair, 4, rewritten), proof, pair.key)).toMatchObject({ ok: false, problem: 'not_consistent' })
    expect(await verifyCheckpointConsistency(older, newer, { ...proof, path: [root2.toString('hex')] }, pair.key)).toMatchObject({ ok: false, problem: 'not_consistent' })
    expect(await verifyCheckpointConsistency(older, await note(keyPair('log-2026'), 4, root4), proof, pair.key)).toMatchObject({
      ok: false,
      problem: 'key_not_signer',
      message: expect.stringMatching(/^second checkpoint: /) as unknown,
    })
    expect(await verifyCheckpointConsistency(older, await note(pair, 4, root4, 'other.example/ledger'), proof, pair.key)).toMatchObject({ ok: false, problem: 'origin_mismatch' })
    expect(await verifyCheckpointConsistency(older, newer, { ...proof, secondSize: 5 }, pair.key)).toMatchObject({ ok: false, problem: 'tree_size_mismatch' })
    expect(await verifyCheckpointConsistency(older, newer, proof, [])).toMatchObject({ ok: false, problem: 'key_not_signer' })
  })
})
