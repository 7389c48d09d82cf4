// `pnpm registry [--port 4873]`: every publishable package on a local registry, to try the SDK in
// one's own project before anything is on npm. Runs until Ctrl-C; its storage is temporary.
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { cleanEnv } from '../config.js'
import { runOrThrow } from '../run.js'
import { startRegistry } from '../verdaccio.js'
import { findWorkspaceRoot, listPublishablePackages } from '../workspace.js'

const { values } = parseArgs({ args: process.argv.slice(2).filter((arg) => arg !== '--'), options: { port: { type: 'string', default: '4873' } } })
const port = Number(values.port)
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port: "${values.port}" is not a port number`)
  process.exit(2)
}

const root = findWorkspaceRoot(import.meta.dirname)
const packages = await listPublishablePackages(root)
const unbuilt = packages.filter((pkg) => !existsSync(join(pkg.dir, 'dist')))
if (unbuilt.length > 0) {
  console.error(`not built: ${unbuilt.map((pkg) => pkg.manifest.name).join(', ')}. Run \`pnpm registry\` from the repository root (it builds first), or \`pnpm build\`.`)
  process.exit(1)
}

const workDir = await mkdtemp(join(tmpdir(), 'onmion-registry-'))
console.log('starting a local registry (Verdaccio; the first run installs it, about a minute)...')
let registry
try {
  registry = await startRegistry({ cacheDir: join(root, 'node_modules', '.cache', 'onmion-release'), workDir, port })
} catch (error) {
  await rm(workDir, { recursive: true, force: true })
  const message = error instanceof Error ? error.message : String(error)
  console.error(message.includes('EADDRINUSE') ? `port ${port} is in use (a registry already running?): stop it, or choose another with --port` : message)
  process.exit(1)
}

const stop = async (): Promise<void> => {
  await registry.stop()
  await rm(workDir, { recursive: true, force: true })
}
// Ctrl-C is how this command ends: a clean stop, exit code 0, no failure for pnpm to report.
let stopping: Promise<void> | undefined
const onSignal = (): void => {
  stopping ??= stop().then(() => process.exit(0))
}
process.on('SIGINT', onSignal)
process.on('SIGTERM', onSignal)

// Published exactly as `changeset publish` does (pnpm publish: publishConfig applied, workspace:
// ranges rewritten), with a user config holding only the registry token.
const userConfig = join(workDir, 'publish.npmrc')
await writeFile(userConfig, `//${new URL(registry.url).host}/:_authToken=${registry.token}\n`)
for (const pkg of packages) {
  await runOrThrow('pnpm', ['publish', '--registry', registry.url, '--no-git-checks', '--access', 'public'], { cwd: pkg.dir, env: cleanEnv({ npm_config_userconfig: userConfig }), timeoutMs: 120_000 })
  console.log(`published ${pkg.manifest.name}@${pkg.manifest.version}`)
}

const names = new Set(packages.map((pkg) => pkg.manifest.name))
const server = ['@onmion/privacy-server', '@onmion/privacy-policy', '@onmion/privacy-schema', 'zod'].filter((name) => name === 'zod' || names.has(name))
const browser = ['@onmion/privacy-react', '@onmion/privacy-client', '@onmion/privacy-policy', '@onmion/privacy-schema', 'zod', 'react', 'react-dom'].filter((name) => !name.startsWith('@onmion/') || names.has(name))
console.log(`
local registry at ${registry.url} with ${packages.map((pkg) => `${pkg.manifest.name}@${pkg.manifest.version}`).join(', ')}

In your project (any directory outside this repository):

  echo "@onmion:registry=${registry.url}" >> .npmrc
  npm install ${server.join(' ')}          # server side
  npm install ${browser.join(' ')}   # browser side

Only @onmion/* comes from this registry; everything else still comes from npmjs.com. pnpm and yarn
read the same .npmrc line. Remove it once the packages are published for real.
Ctrl-C stops the registry (its storage is temporary: run this again after a change).`)
