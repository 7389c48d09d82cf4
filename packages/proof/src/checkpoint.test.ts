import { generateKeyPairSync, sign } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { checkpointBody, parseCheckpoint, signatureLine, verifyCheckpoint } from './checkpoint.js'
import { isProofError } from './errors.js'

const keyPair = () => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519')
  const raw = new Uint8Array(publicKey.export({ format: 'der', type: 'spki' }).subarray(-32))
  return { raw, privateKey, key: { keyId: 'log-2026', publicKey: Buffer.from(raw).toString('base64') } }
}
const statement = { origin: 'example.com/ledger', treeSize: 42, rootHash: 'ab'.repeat(32), time: '2026-11-29T12:00:00.000Z', policyVersion: '1.2.0' }

async function signed(pair = keyPair(), keyId = pair.key.keyId): Promise<string> {
  const body = checkpointBody(statement)
  return `${body}\n${await signatureLine(keyId, pair.raw, new Uint8Array(sign(null, Buffer.from(body), pair.privateKey)))}`
}

describe('checkpoints', () => {
  it('writes the checkpoint note format and reads it back', async () => {
    const pair = keyPair()
    const note = await signed(pair)
    expect(note).toMatch(/^example\.com\/ledger\n42\nq6ur[A-Za-z0-9+/]+=\ntime 2026-11-29T12:00:00\.000Z\npolicy 1\.2\.0\n\n\u2014 log-2026 [A-Za-z0-9+/]+=*\n$/)
    expect(parseCheckpoint(note).checkpoint).toEqual({ ...statement, keyId: 'log-2026' })
    expect(await verifyCheckpoint(note, pair.key)).toEqual({ ok: true, checkpoint: { ...statement, keyId: 'log-2026' } })
  })

  it('fails a note signed by another key, even under the same key id', async () => {
    const pair = keyPair()
    const note = await signed(keyPair(), pair.key.keyId)
    expect(await verifyCheckpoint(note, pair.key)).toMatchObject({ ok: false, problem: 'key_not_signer' })
    expect(await verifyCheckpoint(await signed(pair, 'someone-else'), pair.key)).toMatchObject({ ok: false, problem: 'key_not_signer' })
  })

  it('fails a note whose text changed after signing', async () => {
    const pair = keyPair()
    const note = await signed(pair)
    for (const edited of [note.replace('\n42\n', '\n41\n'), note.replace('policy 1.2.0', 'policy 1.2.1'), note.replace('time 2026-11-29', 'time 2026-11-30')]) {
      expect(edited).not.toBe(note)
      expect(await verifyCheckpoint(edited, pair.key)).toMatchObject({ ok: false, problem: 'signature_invalid' })
    }
  })

  it('names what is malformed', async () => {
    const pair = keyPair()
    const note = await signed(pair)
    const cases: [string, RegExp][] = [
      ['no blank line', /blank line/],
      [note.replace('\n42\n', '\nforty\n'), /tree size/],
      [note.replace(/\n\n.*\n$/, '\n\n'), /not signed/],
      [note.replace('policy 1.2.0\n', ''), /"policy"/],
    ]
    for (const [text, message] of cases) {
      const error: unknown = await verifyCheckpoint(text, pair.key).catch((e: unknown) => e)
      expect(isProofError(error) && error.code === 'MALFORMED' && error.field === 'checkpoint').toBe(true)
      expect((error as Error).message).toMatch(message)
    }
    await expect(verifyCheckpoint(note, { keyId: 'log-2026', publicKey: 'AAAA' })).rejects.toMatchObject({ code: 'MALFORMED', field: 'publicKey' })
    expect(() => checkpointBody({ ...statement, origin: 'two\nlines' })).toThrow(/origin/)
    expect(() => checkpointBody({ ...statement, rootHash: 'XYZ' })).toThrow(/rootHash/)
  })
})
