import { mkdir, writeFile } from 'node:fs/promises'
import { arch, cpus, platform } from 'node:os'
import type { Judged } from './figure.js'

/**
 * Writes a benchmark's results to `<dir>/<name>.json` with the machine they were measured on;
 * `dir` is the package's `bench/results/` (a URL relative to the bench file, or a path).
 *
 * @example
 * await writeResults(new URL('./results/', import.meta.url), 'check', { figures })
 */
export async function writeResults(dir: URL | string, name: string, data: { readonly figures?: readonly Judged[] } & Record<string, unknown>): Promise<void> {
  const base = typeof dir === 'string' ? dir.replace(/\/?$/, '/') : dir.href.replace(/\/?$/, '/')
  const folder = typeof dir === 'string' ? base : new URL(base)
  await mkdir(folder, { recursive: true })
  const file = typeof folder === 'string' ? `${folder}${name}.json` : new URL(`${name}.json`, folder)
  const machine = { date: new Date().toISOString(), node: process.version, platform: `${platform()}-${arch()}`, cpus: cpus().length, cpu: cpus()[0]?.model ?? 'unknown' }
  await writeFile(file, `${JSON.stringify({ benchmark: name, ...machine, ...data }, null, 2)}\n`)
}
