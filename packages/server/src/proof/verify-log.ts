import { verifyCheckpoint, verifyConsistency, type Checkpoint, type ConsistencyProof, type PublicKey } from '@onmion/privacy-proof'
import { sql, type Kysely } from 'kysely'
import type { VerifyReport } from '../ledger/ledger-types.js'
import type { Tables } from '../storage/tables.js'
import { NODE_LEVEL_FLOOR } from './subtree-store.js'
import { consistencyPath, eventLeafHash, merkleRoot, nodeHash } from './tree.js'

/**
 * What can be wrong when the ledger is held against a checkpoint. Each names a kind of tampering:
 * - `key_not_signer`, `signature_invalid`: the checkpoint is not signed by the log's key (re-signed
 *   with another key, or edited after signing); nothing else is checked against it;
 * - `origin_mismatch`: the checkpoint is of another log;
 * - `log_truncated`: the log has fewer leaves than the checkpoint (events and leaves deleted);
 * - `log_gap`: a leaf index is missing (a leaf deleted in the middle);
 * - `log_rewritten`: the log's first `treeSize` leaves no longer hash to the checkpoint's root
 *   (leaves replaced, reordered or recomputed after rewriting events);
 * - `log_out_of_order`: a subject's events are in the log out of chain order (rows swapped or reordered);
 * - `event_changed`: an event's chain hash no longer matches its leaf (its chain was rewritten);
 * - `event_deleted`: a leaf's event is gone (a deleted event or subject);
 * - `event_not_in_log`: an event has no leaf (a row inserted around the ledger);
 * - `subtree_changed`: a stored subtree hash (`privacy_log_nodes`) no longer matches the leaves it
 *   covers, so the next checkpoint would sign a root the log does not have;
 * - `chain_broken`: a subject's hash chain fails on its own (an edited or deleted event, an edited
 *   head); `chains` holds the chain report.
 *
 * @example
 * if (report.problems.some((p) => p.problem === 'event_deleted')) page('events were deleted')
 */
export type LogProblemKind =
  | 'key_not_signer'
  | 'signature_invalid'
  | 'origin_mismatch'
  | 'log_truncated'
  | 'log_gap'
  | 'log_rewritten'
  | 'log_out_of_order'
  | 'event_changed'
  | 'event_deleted'
  | 'event_not_in_log'
  | 'subtree_changed'
  | 'chain_broken'

/**
 * One problem found against a checkpoint, with where it is.
 *
 * @example
 * for (const p of report.problems) console.error(p.problem, p.eventId ?? '', p.message)
 */
export interface LogProblem {
  readonly problem: LogProblemKind
  readonly message: string
  readonly leafIndex?: number
  readonly eventId?: string
  readonly subject?: string
  readonly seq?: number
}

/**
 * What `ledger.verify({ checkpoint })` reports. `ok` only when the checkpoint is signed by the
 * log's key, today's log extends it (`consistency` is the RFC 9162 proof of that, from the
 * checkpoint's size to today's), every event is in the log in chain order with its recorded
 * hash, and every subject chain holds.
 *
 * @example
 * const report = await privacy.ledger.verify({ checkpoint: await readFile('checkpoint.txt', 'utf8') })
 * if (!report.ok) for (const p of report.problems) console.error(p.problem, p.message)
 */
export interface CheckpointVerifyReport {
  readonly ok: boolean
  /** The checkpoint held against the ledger, as parsed. */
  readonly checkpoint: Checkpoint
  /** Today's log: its size and root, recomputed from the events. */
  readonly treeSize: number
  readonly rootHash: string
  /** The consistency proof from the checkpoint to today's root; null when the log does not extend it. */
  readonly consistency: ConsistencyProof | null
  /** The per-subject chain report (null when the checkpoint's signature failed). */
  readonly chains: VerifyReport | null
  /** What is wrong, in log order (at most {@link MAX_PROBLEMS}). */
  readonly problems: readonly LogProblem[]
}

/** Problems a report lists at most: past that, the ledger is broken and a longer list helps no one. */
export const MAX_PROBLEMS = 100

interface LogEntry {
  leaf_index: string | number
  event_id: string
  leaf_hash: string
  hash: string | null
  subject: string | null
  seq: number | null
}

/**
 * Holds the database's ledger against a checkpoint. See {@link CheckpointVerifyReport}.
 *
 * @example
 * const report = await verifyAgainstCheckpoint(db, { note, checkpoint }, { keys: [publicKey], origin, chains: () => ledger.verify() })
 */
export async function verifyAgainstCheckpoint(
  db: Kysely<Tables>,
  input: { note: string; checkpoint: Checkpoint },
  options: { keys: readonly PublicKey[]; origin: string; chains: () => Promise<VerifyReport> },
): Promise<CheckpointVerifyReport> {
  const problems: LogProblem[] = []
  const add = (problem: LogProblem): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem)
  }
  const failed = (problem: LogProblem): CheckpointVerifyReport => ({
    ok: false,
    checkpoint: input.checkpoint,
    treeSize: 0,
    rootHash: '',
    consistency: null,
    chains: null,
    problems: [problem],
  })

  const key = options.keys.find((k) => k.keyId === input.checkpoint.keyId) ?? options.keys[0]
  if (key === undefined) return failed({ problem: 'key_not_signer', message: 'no public key is configured to check the checkpoint against' })
  const signed = await verifyCheckpoint(input.note, key)
  if (!signed.ok) return failed({ problem: signed.problem, message: signed.message })
  const checkpoint = signed.checkpoint
  if (checkpoint.origin !== options.origin) {
    return failed({ problem: 'origin_mismatch', message: `the checkpoint is of log "${checkpoint.origin}", this ledger is "${options.origin}"` })
  }

  const { entries, strays, nodes } = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const log = await sql<LogEntry>`
        select l.leaf_index, l.event_id, l.leaf_hash, e.hash, e.subject, e.seq
        from privacy_log l left join privacy_events e on e.id = l.event_id
        order by l.leaf_index`.execute(trx)
      const missing = await sql<{ id: string; subject: string; seq: number }>`
        select e.id, e.subject, e.seq from privacy_events e
        where not exists (select 1 from privacy_log l where l.event_id = e.id)
        order by e.subject, e.seq limit ${MAX_PROBLEMS}`.execute(trx)
      const nodes = await sql<{ level: number; node_index: string | number; hash: string }>`
        select level, node_index, hash from privacy_log_nodes order by level, node_index`.execute(trx)
      return { entries: log.rows, strays: missing.rows, nodes: nodes.rows }
    })

  const stored: Buffer[] = []
  const derived: Buffer[] = []
  const lastSeq = new Map<string, number>()
  let gapReported = false
  entries.forEach((entry, i) => {
    const leafIndex = Number(entry.leaf_index)
    if (leafIndex !== i && !gapReported) {
      gapReported = true
      add({ problem: 'log_gap', leafIndex: i, message: `the log has no leaf ${i} (next stored is ${leafIndex}): leaves were deleted` })
    }
    const leaf = Buffer.from(entry.leaf_hash, 'hex')
    stored.push(leaf)
    if (entry.hash === null || entry.subject === null || entry.seq === null) {
      derived.push(leaf)
      add({ problem: 'event_deleted', leafIndex: i, eventId: entry.event_id, message: `event ${entry.event_id} (leaf ${i}) is no longer in the ledger` })
      return
    }
    const at = { leafIndex: i, eventId: entry.event_id, subject: entry.subject, seq: entry.seq }
    const recomputed = eventLeafHash(entry.hash)
    derived.push(recomputed)
    if (!recomputed.equals(leaf)) {
      add({ ...at, problem: 'event_changed', message: `event ${entry.seq} of ${entry.subject} no longer has the hash the log recorded: its chain was rewritten` })
    }
    const previous = lastSeq.get(entry.subject)
    if (previous !== undefined && entry.seq <= previous) {
      add({ ...at, problem: 'log_out_of_order', message: `event ${entry.seq} of ${entry.subject} comes after event ${previous} in the log: rows were swapped or reordered` })
    }
    lastSeq.set(entry.subject, entry.seq)
  })

  const size = checkpoint.treeSize
  let consistency: ConsistencyProof | null = null
  const rootHash = merkleRoot(derived, 0, derived.length).toString('hex')
  if (derived.length < size) {
    add({ problem: 'log_truncated', message: `the log has ${derived.length} leaves, fewer than the checkpoint's ${size}: events were deleted` })
  } else if (merkleRoot(derived, 0, size).toString('hex') !== checkpoint.rootHash) {
    if (merkleRoot(stored, 0, size).toString('hex') !== checkpoint.rootHash) {
      add({ problem: 'log_rewritten', message: `the log's first ${size} leaves no longer hash to the checkpoint's root: leaves were replaced, reordered or recomputed` })
    } else if (!problems.some((p) => p.problem === 'event_changed' || p.problem === 'event_deleted')) {
      add({ problem: 'event_changed', message: `the events of the checkpoint's first ${size} leaves no longer hash to its root` })
    }
  } else {
    const proof: ConsistencyProof = { firstSize: size, secondSize: derived.length, path: consistencyPath(derived, size, derived.length).map((h) => h.toString('hex')) }
    // Checked with the same code an outside verifier runs, so the report's proof is one it accepts.
    if (await verifyConsistency(proof, checkpoint.rootHash, rootHash)) consistency = proof
    else add({ problem: 'log_rewritten', message: 'today’s log does not extend the checkpoint' })
  }
  // The stored subtrees, rebuilt bottom-up from the stored leaves: O(n), whatever the number of levels.
  const rebuilt = new Map<string, string>()
  let below: Buffer[] = []
  for (let i = 0; (i + 1) * 2 ** NODE_LEVEL_FLOOR <= stored.length; i++) below.push(merkleRoot(stored, i * 2 ** NODE_LEVEL_FLOOR, (i + 1) * 2 ** NODE_LEVEL_FLOOR))
  for (let level = NODE_LEVEL_FLOOR; below.length > 0; level++) {
    below.forEach((hash, i) => rebuilt.set(`${level}/${i}`, hash.toString('hex')))
    const next: Buffer[] = []
    for (let i = 0; 2 * i + 1 < below.length; i++) {
      const [left, right] = below.slice(2 * i, 2 * i + 2)
      if (left !== undefined && right !== undefined) next.push(nodeHash(left, right))
    }
    below = next
  }
  for (const node of nodes) {
    const index = Number(node.node_index)
    if (rebuilt.get(`${node.level}/${index}`) !== node.hash) {
      const from = index * 2 ** node.level
      add({ problem: 'subtree_changed', leafIndex: from, message: `the stored hash of leaves ${from}..${from + 2 ** node.level - 1} does not match them: a later checkpoint would sign a root the log does not have` })
    }
  }
  for (const stray of strays) {
    add({ problem: 'event_not_in_log', eventId: stray.id, subject: stray.subject, seq: stray.seq, message: `event ${stray.seq} of ${stray.subject} is not in the log: it was written around the ledger` })
  }
  const chains = await options.chains()
  if (!chains.ok) add({ problem: 'chain_broken', message: 'a subject’s hash chain is broken: see `chains`' })
  return { ok: problems.length === 0, checkpoint, treeSize: derived.length, rootHash, consistency, chains, problems }
}
