// CI and `pnpm version-packages`: fails when the policy rule is broken (see check-policy-version.ts).
import { onmionPolicy } from '@onmion/privacy-policy'
import { checkPolicyVersion, formatPolicyRuleReport } from '../check-policy-version.js'
import { findWorkspaceRoot } from '../workspace.js'

const report = await checkPolicyVersion({ root: findWorkspaceRoot(import.meta.dirname), current: onmionPolicy })
const text = formatPolicyRuleReport(report)
if (report.ok) console.log(text)
else {
  console.error(text)
  process.exitCode = 1
}
