/**
 * Runs every bench/*.bench.ts of this package, one after another, each in its own process (so
 * one benchmark's heap and JIT state never colour the next). `pnpm bench` runs this.
 */
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const dir = fileURLToPath(new URL('.', import.meta.url))
const only = process.argv[2]
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.bench.ts') && (only === undefined || name.includes(only)))
  .sort()
let failed = 0
for (const file of files) {
  console.log(`\n== ${file}`)
  const result = spawnSync(process.execPath, ['--expose-gc', '--conditions=@onmion/source', '--import', 'tsx', `${dir}${file}`], { stdio: 'inherit' })
  if (result.status !== 0) failed++
}
process.exitCode = failed === 0 ? 0 : 1
