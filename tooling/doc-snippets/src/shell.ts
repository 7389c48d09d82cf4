import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

/** pnpm's own commands: `pnpm install` names no script. */
const PNPM_COMMANDS = new Set(['install', 'i', 'add', 'remove', 'rm', 'update', 'up', 'exec', 'dlx', 'create', 'publish', 'pack', 'why', 'list', 'ls', 'outdated', 'audit', 'store', 'config', 'help', 'run', 'init', 'link', 'unlink', 'rebuild', 'prune', 'env', 'setup', 'deploy', 'patch', 'licenses'])

/**
 * Whether a shell snippet parses (`bash -n`): a quote or bracket left open in a README is found
 * before a reader pastes it.
 *
 * @example
 * shellSyntaxError('echo "unterminated') // 'bash: line 1: unexpected EOF ...'
 */
export function shellSyntaxError(code: string): string | undefined {
  const result = spawnSync('bash', ['-n'], { input: code, encoding: 'utf8' })
  return result.status === 0 ? undefined : result.stderr.trim() || `bash -n exited ${String(result.status)}`
}

interface Workspace {
  readonly root: string
  /** package name -> its directory */
  readonly packages: ReadonlyMap<string, string>
}

function scriptsOf(dir: string): Record<string, string> {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }
  return manifest.scripts ?? {}
}

/**
 * The pnpm commands of a shell snippet that name a script or binary nobody defines:
 * `pnpm version-packages` at the root, `pnpm --filter @onmion/consent-service cli keys list` in
 * that package. A renamed script then fails the docs check instead of the reader.
 *
 * @example
 * unknownPnpmScripts('pnpm --filter @onmion/release check:policy', workspace) // []
 */
export function unknownPnpmScripts(code: string, workspace: Workspace): string[] {
  const problems: string[] = []
  for (const line of code.split('\n')) {
    const command = line.replace(/#.*$/, '')
    for (const match of command.matchAll(/(?:^|[\s;&|(])(?:npx -y )?pnpm(?:@\d+)?((?:\s+[^\s;&|)]+)+)/g)) {
      const words = (match[1] ?? '').trim().split(/\s+/)
      let dir = workspace.root
      let name = 'the workspace root'
      while (words[0]?.startsWith('-') === true) {
        const flag = words.shift()
        if (flag === '--filter' || flag === '-F' || flag === '-C' || flag === '--dir') {
          const target = words.shift() ?? ''
          if (flag === '--filter' || flag === '-F') {
            const found = workspace.packages.get(target)
            if (found === undefined) {
              problems.push(`pnpm --filter ${target}: no workspace package has that name`)
              dir = ''
            } else {
              dir = found
              name = target
            }
          }
        }
      }
      const script = words[0] === 'run' ? words[1] : words[0]
      if (dir === '' || script === undefined || (words[0] !== 'run' && PNPM_COMMANDS.has(script))) continue
      const known = Object.hasOwn(scriptsOf(dir), script) || existsSync(join(dir, 'node_modules', '.bin', script)) || existsSync(join(workspace.root, 'node_modules', '.bin', script))
      if (!known) problems.push(`pnpm ${script}: ${name} has no such script (or binary)`)
    }
  }
  return problems
}
