import { sql, type Kysely, type Transaction } from 'kysely'
import { PrivacyError, PrivacyErrorCode } from '../errors.js'
import type { Tables } from '../storage/tables.js'
import { nodeHash, perfectRoots, type Subtrees } from './tree.js'
import './tables.js'

/**
 * The lowest level of complete subtree whose hash is stored: subtrees of 2^8 = 256 leaves and up.
 * Smaller ones are hashed from their leaves when needed (at most 255 leaves per proof edge), which
 * keeps `privacy_log_nodes` at about n/128 rows.
 */
export const NODE_LEVEL_FLOOR = 8
const BLOCK = 2 ** NODE_LEVEL_FLOOR
/** Blocks of {@link BLOCK} leaves read per query when extending: 65,536 leaf hashes, about 4 MB of hex. */
const PAGE_BLOCKS = 256
const PLACEHOLDER = Buffer.alloc(32)

type Db = Kysely<Tables> | Transaction<Tables>

const integrity = (message: string): PrivacyError => new PrivacyError(PrivacyErrorCode.INTEGRITY, `${message}: run ledger.verify({ checkpoint })`)

/**
 * Runs a pure tree computation (a root, an inclusion or consistency path) over the stored log:
 * first with placeholder hashes to learn which complete subtrees it needs, then, after one read
 * of those nodes and of the few leaves below {@link NODE_LEVEL_FLOOR}, with the real hashes. So
 * a proof or a checkpoint's root costs O(log n) rows, whatever the size of the log. The
 * computation must only ask for subtrees below the size the nodes cover (`extendSubtrees` first).
 *
 * @throws {@link PrivacyError} INTEGRITY when a node or leaf it needs is missing.
 * @example
 * const root = await withStoredSubtrees(db, (source) => merkleRoot(source, 0, size))
 */
export async function withStoredSubtrees<T>(db: Db, compute: (source: Subtrees) => T): Promise<T> {
  const wanted = new Map<string, { start: number; size: number }>()
  compute({
    perfect(start, size) {
      wanted.set(`${start}/${size}`, { start, size })
      return PLACEHOLDER
    },
  })
  const big = [...wanted.values()].filter((w) => w.size >= BLOCK)
  const small = [...wanted.values()].filter((w) => w.size < BLOCK)
  const nodes = new Map<string, Buffer>()
  if (big.length > 0) {
    const keys = JSON.stringify(big.map((w) => ({ level: Math.log2(w.size), node_index: w.start / w.size })))
    const rows = await sql<{ level: number; node_index: string | number; hash: string }>`
      select n.level, n.node_index, n.hash from privacy_log_nodes n
      join jsonb_to_recordset(${keys}::jsonb) as k(level smallint, node_index bigint) on k.level = n.level and k.node_index = n.node_index`.execute(db)
    for (const row of rows.rows) nodes.set(`${row.level}/${Number(row.node_index)}`, Buffer.from(row.hash, 'hex'))
  }
  const leaves = new Map<number, Buffer>()
  if (small.length > 0) {
    const ranges = JSON.stringify(small.map((w) => ({ lo: w.start, hi: w.start + w.size })))
    const rows = await sql<{ leaf_index: string | number; leaf_hash: string }>`
      select l.leaf_index, l.leaf_hash from privacy_log l
      join jsonb_to_recordset(${ranges}::jsonb) as r(lo bigint, hi bigint) on l.leaf_index >= r.lo and l.leaf_index < r.hi`.execute(db)
    for (const row of rows.rows) leaves.set(Number(row.leaf_index), Buffer.from(row.leaf_hash, 'hex'))
  }
  const fromLeaves = (start: number, size: number): Buffer => {
    if (size > 1) return nodeHash(fromLeaves(start, size / 2), fromLeaves(start + size / 2, size / 2))
    const leaf = leaves.get(start)
    if (leaf === undefined) throw integrity(`the log has no leaf ${start}`)
    return leaf
  }
  return compute({
    perfect(start, size) {
      if (size < BLOCK) return fromLeaves(start, size)
      const level = Math.log2(size)
      const hash = nodes.get(`${level}/${start / size}`)
      if (hash === undefined) throw integrity(`the log has no stored subtree of leaves ${start}..${start + size - 1}`)
      return hash
    },
  })
}

/**
 * Brings the stored subtrees up to the log's current size, in `trx`: locks `privacy_log_tree`
 * (so two checkpoints never hash the same leaves), reads the leaves added since it was last
 * extended (from the start of their 256-leaf block) in pages of 65,536, hashes the new complete
 * subtrees of 256 leaves and up bottom-up in memory, reads the one left sibling per level they need (the old frontier), and stores
 * them in bulk. O(new leaves + log n).
 *
 * @returns the log's size, which every complete subtree of it now covers.
 * @throws {@link PrivacyError} INTEGRITY when the log has fewer leaves than the nodes cover, or a gap.
 * @example
 * const size = await db.transaction().execute((trx) => extendSubtrees(trx))
 */
export async function extendSubtrees(trx: Transaction<Tables>): Promise<number> {
  // The lock first: a checkpoint that waited for another then reads the size that one left.
  const covered = await sql<{ size: string | number }>`select size from privacy_log_tree for update`.execute(trx)
  const from = Number(covered.rows[0]?.size ?? 0)
  const sized = await trx.selectFrom('privacy_log_size').select('size').executeTakeFirst()
  const size = Number(sized?.size ?? 0)
  if (size < from) throw integrity(`the log records ${size} leaves, fewer than the ${from} its stored subtrees cover`)
  const first = Math.floor(from / BLOCK)
  const last = Math.floor(size / BLOCK)
  if (last > first) {
    const blocks = await readBlockRoots(trx, first, last)
    // The old left siblings the new nodes pair with: one per level, where `from` has that bit set.
    const frontier: { level: number; node_index: number }[] = []
    for (let level = NODE_LEVEL_FLOOR; 2 ** (level + 1) <= size; level++) {
      const parentFrom = Math.floor(from / 2 ** (level + 1))
      if (parentFrom < Math.floor(size / 2 ** (level + 1)) && Math.floor(from / 2 ** level) === 2 * parentFrom + 1) {
        frontier.push({ level, node_index: 2 * parentFrom })
      }
    }
    const old = new Map<string, Buffer>()
    if (frontier.length > 0) {
      const stored = await sql<{ level: number; node_index: string | number; hash: string }>`
        select n.level, n.node_index, n.hash from privacy_log_nodes n
        join jsonb_to_recordset(${JSON.stringify(frontier)}::jsonb) as k(level smallint, node_index bigint) on k.level = n.level and k.node_index = n.node_index`.execute(trx)
      for (const row of stored.rows) old.set(`${row.level}/${Number(row.node_index)}`, Buffer.from(row.hash, 'hex'))
    }

    const created: { level: number; node_index: number; hash: string }[] = []
    let below = new Map<number, Buffer>(blocks.map((hash, i) => [first + i, hash]))
    for (const [index, hash] of below) created.push({ level: NODE_LEVEL_FLOOR, node_index: index, hash: hash.toString('hex') })
    for (let level = NODE_LEVEL_FLOOR + 1; 2 ** level <= size; level++) {
      const lo = Math.floor(from / 2 ** level)
      const hi = Math.floor(size / 2 ** level)
      const current = new Map<number, Buffer>()
      for (let index = lo; index < hi; index++) {
        const child = (i: number): Buffer => {
          const hash = below.get(i) ?? old.get(`${level - 1}/${i}`)
          if (hash === undefined) throw integrity(`the log has no stored subtree ${level - 1}/${i}`)
          return hash
        }
        const hash = nodeHash(child(2 * index), child(2 * index + 1))
        current.set(index, hash)
        created.push({ level, node_index: index, hash: hash.toString('hex') })
      }
      below = current
    }
    for (let i = 0; i < created.length; i += 10_000) {
      await sql`insert into privacy_log_nodes (level, node_index, hash)
        select level, node_index, hash from jsonb_to_recordset(${JSON.stringify(created.slice(i, i + 10_000))}::jsonb) as n(level smallint, node_index bigint, hash text)`.execute(trx)
    }
  }
  if (size !== from) await sql`update privacy_log_tree set size = ${size}`.execute(trx)
  return size
}

/**
 * The roots of blocks `first` to `last - 1` (of {@link BLOCK} leaves each), read in pages of
 * {@link PAGE_BLOCKS} blocks. Each page is one row: the leaf hashes concatenated in leaf order by
 * the database (`string_agg`) and their count, so a million leaves cross the wire as 16 strings
 * rather than a million rows; the primary key on `leaf_index` makes a full count a dense range.
 *
 * @throws {@link PrivacyError} INTEGRITY naming the first missing leaf, or a leaf hash that is not 32 bytes.
 */
async function readBlockRoots(trx: Transaction<Tables>, first: number, last: number): Promise<Buffer[]> {
  const read = async (block: number): Promise<Buffer> => {
    const lo = block * BLOCK
    const hi = Math.min(last, block + PAGE_BLOCKS) * BLOCK
    const page = await sql<{ leaves: string | number; hashes: string | null }>`
      select count(*) as leaves, string_agg(leaf_hash, '' order by leaf_index) as hashes
      from privacy_log where leaf_index >= ${lo} and leaf_index < ${hi}`.execute(trx)
    const count = Number(page.rows[0]?.leaves ?? 0)
    if (count !== hi - lo) {
      const gap = await sql<{ missing: string | number }>`
        select g as missing from generate_series(${lo}::bigint, ${hi - 1}::bigint) as g
        where not exists (select 1 from privacy_log l where l.leaf_index = g) order by g limit 1`.execute(trx)
      throw integrity(`the log has no leaf ${Number(gap.rows[0]?.missing ?? lo + count)}`)
    }
    const hex = page.rows[0]?.hashes ?? ''
    const packed = Buffer.from(hex, 'hex')
    if (hex.length !== 64 * count || packed.length !== 32 * count) throw integrity(`the log's leaves ${lo}..${hi - 1} hold a leaf hash that is not 32 bytes of hex`)
    return packed
  }
  const roots: Buffer[] = []
  let next: Promise<Buffer> | undefined = read(first)
  for (let block = first; next !== undefined; block += PAGE_BLOCKS) {
    const packed = await next
    // The database reads the next page while this one is hashed.
    next = block + PAGE_BLOCKS < last ? read(block + PAGE_BLOCKS) : undefined
    next?.catch(() => undefined)
    roots.push(...perfectRoots(packed, BLOCK))
  }
  return roots
}

/**
 * How many leaves the stored subtrees cover (the size the last checkpoint extended them to).
 *
 * @example
 * if ((await coveredSize(db)) < checkpoint.treeSize) await db.transaction().execute(extendSubtrees)
 */
export async function coveredSize(db: Db): Promise<number> {
  const row = await db.selectFrom('privacy_log_tree').select('size').executeTakeFirst()
  return Number(row?.size ?? 0)
}
