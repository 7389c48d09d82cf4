/**
 * check() on a warm subject against a bare Map.get, in the same run: what a policy decision from
 * the in-memory projection costs over the cheapest possible lookup. Aim: at least 1,000,000
 * checks/s on one core. Figures go to stdout and to bench/results/check.json; nothing gates CI.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { arch, cpus, platform } from 'node:os'
import { onmionPolicy } from '@onmion/privacy-policy'
import { createPrivacy } from '../src/index.js'

const N = 2_000_000
const ROUNDS = 5

const privacy = await createPrivacy({ policy: onmionPolicy, database: 'memory://' })
await privacy.record({ subject: 'u_bench', type: 'consent.granted', purpose: 'analytics', method: 'banner' })
const question = { subject: 'u_bench', purpose: 'analytics', category: 'usage_data' } as const
if (!(await privacy.check(question)).allowed) throw new Error('the warm-up check should allow')

// The baseline: the same answer, precomputed in a Map keyed by subject.
const table = new Map([['u_bench', { allowed: true }]])

function opsPerSecond(run: () => number): number {
  let best = 0
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint()
    const n = run()
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    best = Math.max(best, n / seconds)
  }
  return best
}

async function asyncOpsPerSecond(run: () => Promise<number>): Promise<number> {
  let best = 0
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint()
    const n = await run()
    const seconds = Number(process.hrtime.bigint() - start) / 1e9
    best = Math.max(best, n / seconds)
  }
  return best
}

let sink = 0
const mapGet = opsPerSecond(() => {
  for (let i = 0; i < N; i++) if (table.get('u_bench')?.allowed === true) sink++
  return N
})
const check = await asyncOpsPerSecond(async () => {
  for (let i = 0; i < N; i++) if ((await privacy.check(question)).allowed) sink++
  return N
})
await privacy.close()

const result = {
  benchmark: 'check',
  date: new Date().toISOString(),
  node: process.version,
  platform: `${platform()}-${arch()}`,
  cpu: cpus()[0]?.model ?? 'unknown',
  iterations: N,
  checksPerSecond: Math.round(check),
  mapGetPerSecond: Math.round(mapGet),
  ratioToMapGet: Number((check / mapGet).toFixed(4)),
  aimChecksPerSecond: 1_000_000,
  meetsAim: check >= 1_000_000,
}
console.table({ 'check() warm': Math.round(check), 'Map.get (baseline)': Math.round(mapGet) })
console.log(`check() = ${(result.ratioToMapGet * 100).toFixed(2)}% of Map.get; ${result.meetsAim ? 'meets' : 'misses'} the 1,000,000 checks/s aim (sink ${sink > 0})`)
await mkdir(new URL('results/', import.meta.url), { recursive: true })
await writeFile(new URL('results/check.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`)
