// `pnpm --filter @onmion/release check:packages [name...]`: publint + attw + manifest checks on
// the packed tarball of every publishable package (or of the named ones).
import { addToReleaseCommand, unlistedPackages } from '../build-order.js'
import { checkPackage } from '../check-package.js'
import { findWorkspaceRoot, listPublishablePackages, readManifest } from '../workspace.js'

const root = findWorkspaceRoot(import.meta.dirname)
const wanted = process.argv.slice(2).filter((arg) => arg !== '--')
const publishable = await listPublishablePackages(root)
const selected = wanted.length === 0 ? publishable : publishable.filter((pkg) => wanted.includes(pkg.manifest.name))
const unknown = wanted.filter((name) => !publishable.some((pkg) => pkg.manifest.name === name))
if (unknown.length > 0) {
  console.error(`not a publishable package under packages/: ${unknown.join(', ')}`)
  process.exit(2)
}

const unlisted = unlistedPackages(await readManifest(import.meta.dirname + '/../..'), selected)
if (unlisted.length > 0) {
  console.error(`not in @onmion/release's devDependencies, so turbo does not build them first: ${unlisted.join(', ')}\nFix: ${addToReleaseCommand(unlisted)}`)
  process.exit(1)
}

let failed = 0
for (const pkg of selected) {
  const report = await checkPackage(pkg)
  console.log(`${report.ok ? 'ok  ' : 'FAIL'} ${report.name}@${report.version}`)
  for (const suggestion of report.suggestions) console.log(`     suggestion (publint): ${suggestion}`)
  for (const problem of report.problems) console.error(`     ${problem.tool}: ${problem.message.replaceAll('\n', '\n       ')}`)
  if (!report.ok) failed++
}
console.log(`${selected.length - failed}/${selected.length} packages pass publint --strict, attw (node16), and the manifest checks (size budgets: apps/web size/budgets.ts)`)
if (failed > 0) process.exitCode = 1
