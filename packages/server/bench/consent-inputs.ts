import type { onmionPolicy } from '@onmion/privacy-policy'
import type { RecordInput } from '../src/index.js'

let counter = 0

/**
 * `n` consent grants spread over 50 subjects, each with a distinct `evidence.i` (numbered across
 * every call of the process), which is how a benchmark finds and orders the rows it wrote.
 *
 * @example
 * await privacy.recordMany(consentInputs(100))
 */
export function consentInputs(n: number): RecordInput<typeof onmionPolicy>[] {
  return Array.from({ length: n }, () => {
    const i = counter++
    return { subject: `u_${i % 50}`, type: 'consent.granted', purpose: 'analytics', method: 'banner', evidence: { i, ua: 'bench' } }
  })
}
