// The ESM consumer: imports each package's snippet (snippets/<dir>.mjs) and prints one RESULT
// line per package. packages.json (written by the rehearsal) lists the packages published.
import { readFileSync } from 'node:fs'

const packages = JSON.parse(readFileSync(new URL('./packages.json', import.meta.url), 'utf8'))
for (const dir of packages) {
  const { check } = await import(`./snippets/${dir}.mjs`)
  const detail = await check()
  console.log(`RESULT ${JSON.stringify({ package: dir, format: 'esm', node: process.version, detail })}`)
}
