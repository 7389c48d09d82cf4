import { fromBase64, fromHex, toBase64, toHex } from './encoding.js'
import { ProofError, ProofErrorCode } from './errors.js'
import { noteKeyHash, publicKeyBytes, verifyEd25519, type PublicKey } from './signature.js'

/**
 * What a checkpoint states: the log (`origin`) had `treeSize` events whose Merkle root is
 * `rootHash` at `time`, under policy version `policyVersion`, signed by key `keyId`.
 *
 * @example
 * const { treeSize, rootHash } = parseCheckpoint(note).checkpoint
 */
export interface Checkpoint {
  readonly origin: string
  readonly treeSize: number
  /** Hex SHA-256 Merkle root (the note carries it in base64). */
  readonly rootHash: string
  /** ISO 8601, UTC. */
  readonly time: string
  readonly policyVersion: string
  readonly keyId: string
}

/** One signature line of a note. */
interface NoteSignature {
  readonly keyId: string
  readonly keyHash: Uint8Array
  readonly signature: Uint8Array
}

const SIGNATURE_LINE = /^\u2014 (\S+) ([A-Za-z0-9+/]+={0,2})$/

/**
 * The signed text of a checkpoint, in the checkpoint note format of Go's sumdb, Trillian and
 * Sigstore (C2SP tlog-checkpoint): origin, tree size, base64 root, then extension lines (`time`,
 * `policy`). Each line ends with a newline; the signature covers exactly this text.
 *
 * @example
 * checkpointBody({ origin: 'onmion-privacy/ledger', treeSize: 12, rootHash, time, policyVersion: '1.2.0' })
 */
export function checkpointBody(checkpoint: Omit<Checkpoint, 'keyId'>): string {
  for (const [field, value] of [['origin', checkpoint.origin], ['time', checkpoint.time], ['policyVersion', checkpoint.policyVersion]] as const) {
    if (typeof value !== 'string' || value === '' || /[\n\u2014]/.test(value)) {
      throw new ProofError(ProofErrorCode.MALFORMED, `${field}: must be one line of text`, field)
    }
  }
  if (!Number.isSafeInteger(checkpoint.treeSize) || checkpoint.treeSize < 0) throw new ProofError(ProofErrorCode.MALFORMED, 'treeSize: must be a whole number >= 0', 'treeSize')
  const root = fromHex(checkpoint.rootHash, 'rootHash')
  if (root.length !== 32) throw new ProofError(ProofErrorCode.MALFORMED, 'rootHash: must be 32 bytes of hex', 'rootHash')
  return `${checkpoint.origin}\n${checkpoint.treeSize}\n${toBase64(root)}\ntime ${checkpoint.time}\npolicy ${checkpoint.policyVersion}\n`
}

/**
 * A checkpoint note split into its statement and signature lines, without checking signatures.
 *
 * @throws {@link ProofError} MALFORMED (field `checkpoint`) when the text is not a checkpoint note.
 * @example
 * const { checkpoint, body } = parseCheckpoint(await (await fetch('/v1/ledger/checkpoint')).text())
 */
export function parseCheckpoint(note: string): { checkpoint: Checkpoint; body: string; signatures: NoteSignature[] } {
  const bad = (why: string): never => {
    throw new ProofError(ProofErrorCode.MALFORMED, `checkpoint: ${why}`, 'checkpoint')
  }
  if (typeof note !== 'string') return bad('must be the text of a checkpoint note')
  const split = note.indexOf('\n\n')
  if (split < 0) return bad('has no blank line before its signatures')
  const body = note.slice(0, split + 1)
  const lines = body.slice(0, -1).split('\n')
  const [origin, size, root, ...extensions] = lines
  if (origin === undefined || origin === '') return bad('has no origin line')
  if (size === undefined || !/^(0|[1-9][0-9]*)$/.test(size) || !Number.isSafeInteger(Number(size))) return bad('line 2 must be the tree size')
  const rootBytes = root === undefined ? undefined : fromBase64(root, 'checkpoint')
  if (rootBytes?.length !== 32) return bad('line 3 must be the base64 root hash')
  const extension = (name: string): string => {
    const line = extensions.find((l) => l.startsWith(`${name} `))
    return line === undefined ? bad(`has no "${name}" line`) : line.slice(name.length + 1)
  }
  const signatures: NoteSignature[] = []
  for (const line of note.slice(split + 2).split('\n')) {
    if (line === '') continue
    const [, keyId, encoded] = SIGNATURE_LINE.exec(line) ?? []
    if (keyId === undefined || encoded === undefined) return bad(`signature line "${line.slice(0, 40)}" is not "\u2014 <key id> <base64>"`)
    const bytes = fromBase64(encoded, 'checkpoint')
    if (bytes.length < 5) return bad('a signature is too short')
    signatures.push({ keyId, keyHash: bytes.slice(0, 4), signature: bytes.slice(4) })
  }
  const [first] = signatures
  if (first === undefined) return bad('is not signed')
  const checkpoint: Checkpoint = {
    origin,
    treeSize: Number(size),
    rootHash: toHex(rootBytes),
    time: extension('time'),
    policyVersion: extension('policy'),
    keyId: first.keyId,
  }
  return { checkpoint, body, signatures }
}

/**
 * Formats a signature line of a note for `keyId`: the key hash then the 64-byte signature.
 *
 * @example
 * const note = body + '\n' + await signatureLine(keyId, publicKey, signature)
 */
export async function signatureLine(keyId: string, publicKey: Uint8Array, signature: Uint8Array): Promise<string> {
  const keyHash = await noteKeyHash(keyId, publicKey)
  const bytes = new Uint8Array(keyHash.length + signature.length)
  bytes.set(keyHash)
  bytes.set(signature, keyHash.length)
  return `\u2014 ${keyId} ${toBase64(bytes)}\n`
}

/**
 * The answer of {@link verifyCheckpoint}.
 *
 * @example
 * const result = await verifyCheckpoint(note, key)
 * if (!result.ok) console.error(result.problem)
 */
export type CheckpointVerification =
  | { readonly ok: true; readonly checkpoint: Checkpoint }
  | { readonly ok: false; readonly problem: 'key_not_signer' | 'signature_invalid'; readonly message: string }

/**
 * Checks that `note` is a checkpoint signed by `key` (the published key of the log). A note
 * signed by another key, or whose text changed after signing, fails.
 *
 * @throws {@link ProofError} MALFORMED when the note or key is not in its format; UNSUPPORTED without WebCrypto Ed25519.
 * @example
 * const result = await verifyCheckpoint(note, { keyId: 'onmion-2026-11', publicKey: 'base64…' })
 * if (result.ok) console.log(result.checkpoint.treeSize, result.checkpoint.rootHash)
 */
export async function verifyCheckpoint(note: string, key: PublicKey): Promise<CheckpointVerification> {
  const { checkpoint, body, signatures } = parseCheckpoint(note)
  const keyBytes = publicKeyBytes(key)
  const expected = await noteKeyHash(key.keyId, keyBytes)
  const mine = signatures.find((s) => s.keyId === key.keyId && s.keyHash.every((b, i) => b === expected[i]))
  if (mine === undefined) {
    return { ok: false, problem: 'key_not_signer', message: `the checkpoint is not signed by key ${key.keyId} (signed by ${signatures.map((s) => s.keyId).join(', ')}, or by another key of that name)` }
  }
  if (!(await verifyEd25519(keyBytes, mine.signature, new TextEncoder().encode(body)))) {
    return { ok: false, problem: 'signature_invalid', message: `the signature of key ${key.keyId} does not match the checkpoint's text: it was changed after signing` }
  }
  return { ok: true, checkpoint: { ...checkpoint, keyId: key.keyId } }
}
