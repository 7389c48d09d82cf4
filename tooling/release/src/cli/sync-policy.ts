// `pnpm version-packages`, after `changeset version`: meta.version := package version, then snapshot.
import { join } from 'node:path'
import type { Policy } from '@onmion/privacy-schema'
import { syncPolicyVersion } from '../sync-policy-version.js'
import { findWorkspaceRoot } from '../workspace.js'

const root = findWorkspaceRoot(import.meta.dirname)
const result = await syncPolicyVersion({
  policyPackageDir: join(root, 'packages', 'policy'),
  // Imported only now, after the rewrite, so the module evaluates the new version.
  loadPolicy: async (): Promise<Policy> => (await import('@onmion/privacy-policy')).onmionPolicy,
})
console.log(
  `policy ${result.version}: meta.version ${result.sourceChanged ? 'set' : 'already set'}, snapshot written to ${result.snapshotFile}, ${result.pageFile} re-rendered`,
)
if (result.effectiveDateWarning !== undefined) console.warn(`warning: ${result.effectiveDateWarning}`)
