// CI and `pnpm version-packages`: fails when the policy rule is broken (see check-policy-version.ts)
// or when POLICY.md is not what the policy renders to.
import { join } from 'node:path'
import { onmionPolicy } from '@onmion/privacy-policy'
import { checkPolicyVersion, formatPolicyRuleReport } from '../check-policy-version.js'
import { policyPageProblem } from '../policy-page.js'
import { findWorkspaceRoot } from '../workspace.js'

const root = findWorkspaceRoot(import.meta.dirname)
const report = await checkPolicyVersion({ root, current: onmionPolicy })
const text = formatPolicyRuleReport(report)
if (report.ok) console.log(text)
else {
  console.error(text)
  process.exitCode = 1
}
const page = await policyPageProblem(join(root, 'packages', 'policy'), onmionPolicy)
if (page === undefined) console.log('policy page: POLICY.md is the rendered policy')
else {
  console.error(`FAIL [PAGE_STALE] ${page}`)
  process.exitCode = 1
}
