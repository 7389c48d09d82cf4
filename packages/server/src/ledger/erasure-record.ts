/**
 * The event type an erasure appends to the subject's own chain, in the transaction that redacts
 * the events it lists. Callers cannot record it (`record()` refuses the type): only the ledger's
 * `erase()` writes one, so a redaction it lists was made by an erasure, and the list is hashed
 * into the chain and the Merkle log like every other event. It holds no personal data (times and
 * positions) and no retention rule governs it: it must outlive the redactions it explains.
 *
 * @example
 * const erasures = (await privacy.history('u_42')).filter((e) => e.type === ERASURE_EVENT_TYPE)
 */
export const ERASURE_EVENT_TYPE = 'erasure.applied'

/** Ranges longer than this (as text) are not read: a list any erasure could write is far shorter. */
const MAX_RANGES_TEXT = 1_000_000

/**
 * Writes chain positions as compact ranges, `1-5,7,9-12`: an erasure redacts mostly runs of
 * consecutive events, so the list stays short however long the chain.
 *
 * @example formatSeqRanges([1, 2, 3, 5]) // '1-3,5'
 */
export function formatSeqRanges(seqs: readonly number[]): string {
  const runs: [number, number][] = []
  for (const seq of [...new Set(seqs)].sort((a, b) => a - b)) {
    const last = runs.at(-1)
    if (last?.[1] === seq - 1) last[1] = seq
    else runs.push([seq, seq])
  }
  return runs.map(([start, end]) => (start === end ? String(start) : `${start}-${end}`)).join(',')
}

/**
 * Reads {@link formatSeqRanges}' text back as a membership test (a binary search), or undefined
 * when it is not such a text (a hand-edited or truncated payload lists nothing).
 *
 * @example parseSeqRanges('1-3,5')?.(2) // true
 */
export function parseSeqRanges(text: unknown): ((seq: number) => boolean) | undefined {
  if (typeof text !== 'string' || text.length === 0 || text.length > MAX_RANGES_TEXT) return undefined
  const ranges: [number, number][] = []
  for (const part of text.split(',')) {
    const match = /^(\d{1,15})(?:-(\d{1,15}))?$/.exec(part)
    if (!match) return undefined
    const start = Number(match[1])
    const end = match[2] === undefined ? start : Number(match[2])
    // Ascending and apart, as formatSeqRanges writes them: anything else was not written by it.
    if (end < start || start <= (ranges.at(-1)?.[1] ?? 0)) return undefined
    ranges.push([start, end])
  }
  return (seq) => {
    let lo = 0
    let hi = ranges.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((ranges[mid]?.[1] ?? Number.POSITIVE_INFINITY) < seq) lo = mid + 1
      else hi = mid
    }
    const range = ranges[lo]
    return range !== undefined && range[0] <= seq
  }
}
