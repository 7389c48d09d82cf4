import { checkpointBody, parseCheckpoint, signatureLine, type Checkpoint } from '@onmion/privacy-proof'
import { invalidField } from '../errors.js'
import type { Signer } from './signing-key.js'

/**
 * A signed checkpoint: the statement's fields and the signed note that carries them (what to
 * store outside the database and hand to verifiers).
 *
 * @example
 * const checkpoint = await privacy.ledger.checkpoint()
 * await writeFile(`checkpoints/${checkpoint.treeSize}.txt`, checkpoint.note)
 */
export interface SignedCheckpoint extends Checkpoint {
  /** The checkpoint note: the statement's lines, a blank line, the signature line. */
  readonly note: string
}

/**
 * Signs a statement of the log.
 *
 * @example
 * const checkpoint = await signCheckpoint(signer, { origin, treeSize, rootHash, time, policyVersion })
 */
export async function signCheckpoint(signer: Signer, statement: Omit<Checkpoint, 'keyId'>): Promise<SignedCheckpoint> {
  const body = checkpointBody(statement)
  const signature = signer.sign(Buffer.from(body, 'utf8'))
  const note = `${body}\n${await signatureLine(signer.publicKey.keyId, signer.publicKeyBytes, signature)}`
  return { ...statement, keyId: signer.publicKey.keyId, note }
}

/**
 * The note of a checkpoint given as its note text or as a {@link SignedCheckpoint}, parsed (not
 * yet verified).
 *
 * @throws {@link PrivacyError} INVALID_INPUT (field `checkpoint`) when it is not a checkpoint note.
 * @example
 * const { note, checkpoint } = checkpointInput(await readFile('checkpoint.txt', 'utf8'))
 */
export function checkpointInput(input: unknown): { note: string; checkpoint: Checkpoint } {
  const note = typeof input === 'string' ? input : typeof input === 'object' && input !== null && 'note' in input ? input.note : undefined
  if (typeof note !== 'string') throw invalidField('checkpoint', 'must be a checkpoint note or an object with its `note`')
  try {
    return { note, checkpoint: parseCheckpoint(note).checkpoint }
  } catch (error) {
    // The verifier's messages start with the field they name: keep the reason, name our field.
    throw invalidField('checkpoint', error instanceof Error ? error.message.replace(/^[A-Za-z.]+: /, '') : 'is not a checkpoint note')
  }
}
