import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Policy } from '@onmion/privacy-schema'
import ts from 'typescript'
import { ReleaseError, ReleaseErrorCode } from './errors.js'
import { effectiveDateWarning } from './effective-date.js'
import { writePolicyPage } from './policy-page.js'
import { readReleasedPolicy, writeReleasedPolicy } from './released-policy.js'
import { readManifest } from './workspace.js'

/**
 * The file of the policy package that holds the policy literal.
 *
 * @example join(policyPackageDir, POLICY_SOURCE_FILE) // .../src/onmion-policy.ts
 */
export const POLICY_SOURCE_FILE = join('src', 'onmion-policy.ts')

/**
 * Returns `source` with the string literal of `meta: { version: '...' }` replaced by
 * `version`, keeping its quotes. The literal is found in the syntax tree, not by pattern, so a
 * `version` elsewhere in the policy (a cookie's, say) is never touched.
 *
 * @example
 * rewritePolicyVersion("definePolicy({ meta: { version: '1.0.0' } })", '2.0.0')
 * // "definePolicy({ meta: { version: '2.0.0' } })"
 */
export function rewritePolicyVersion(source: string, version: string, fileName = 'policy.ts'): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS)
  const literals: ts.StringLiteral[] = []
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAssignment(node) && propertyName(node) === 'meta' && ts.isObjectLiteralExpression(node.initializer)) {
      for (const property of node.initializer.properties) {
        if (ts.isPropertyAssignment(property) && propertyName(property) === 'version' && ts.isStringLiteral(property.initializer)) {
          literals.push(property.initializer)
        }
      }
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  const [literal, ...others] = literals
  if (literal === undefined || others.length > 0) {
    throw new ReleaseError(
      ReleaseErrorCode.POLICY_SOURCE_UNSUPPORTED,
      `${fileName}: expected exactly one \`meta: { version: '...' }\` string literal, found ${literals.length}`,
    )
  }
  const quote = source.charAt(literal.getStart(file))
  return `${source.slice(0, literal.getStart(file))}${quote}${version}${quote}${source.slice(literal.getEnd())}`
}

function propertyName(node: ts.PropertyAssignment): string | undefined {
  return ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : undefined
}

/** What {@link syncPolicyVersion} did. */
export interface PolicySyncResult {
  readonly version: string
  /** Whether the policy source was rewritten (false when it already said `version`). */
  readonly sourceChanged: boolean
  readonly snapshotFile: string
  /** `POLICY.md`, re-rendered from the new version. */
  readonly pageFile: string
  /** Set when the content changed but `meta.effectiveDate` did not (see {@link effectiveDateWarning}). */
  readonly effectiveDateWarning: string | undefined
}

/**
 * The step of `pnpm version-packages` that keeps the policy rule true after `changeset version`
 * has bumped the policy package: sets `meta.version` in the policy source to the package's new
 * version, then loads the policy (after the rewrite, so the import sees it), writes it as the
 * released snapshot and re-renders `POLICY.md`. It warns (in the result) when the content changed
 * but the effective date did not.
 *
 * @example
 * await syncPolicyVersion({
 *   policyPackageDir: join(root, 'packages/policy'),
 *   loadPolicy: async () => (await import('@onmion/privacy-policy')).onmionPolicy,
 * })
 */
export async function syncPolicyVersion(options: {
  readonly policyPackageDir: string
  /** Loads the policy; called after the source is rewritten. */
  readonly loadPolicy: () => Promise<Policy>
  readonly sourceFile?: string
}): Promise<PolicySyncResult> {
  const { version } = await readManifest(options.policyPackageDir)
  const sourceFile = options.sourceFile ?? join(options.policyPackageDir, POLICY_SOURCE_FILE)
  const source = await readFile(sourceFile, 'utf8')
  const next = rewritePolicyVersion(source, version, sourceFile)
  if (next !== source) await writeFile(sourceFile, next)
  const policy = await options.loadPolicy()
  if (policy.meta.version !== version) {
    throw new ReleaseError(
      ReleaseErrorCode.POLICY_SOURCE_UNSUPPORTED,
      `after rewriting ${sourceFile} the loaded policy says meta.version ${policy.meta.version}, not ${version}: is the policy defined in another file?`,
    )
  }
  // Compared before the snapshot moves: the previous release is the baseline of the date check.
  const warning = effectiveDateWarning(await readReleasedPolicy(options.policyPackageDir), policy)
  const snapshotFile = await writeReleasedPolicy(options.policyPackageDir, policy)
  const pageFile = await writePolicyPage(options.policyPackageDir, policy)
  return { version, sourceChanged: next !== source, snapshotFile, pageFile, effectiveDateWarning: warning }
}
