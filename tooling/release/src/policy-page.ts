import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { renderDataFlowSvg, renderPolicy, type Policy } from '@onmion/privacy-schema'

/**
 * The human-readable policy, rendered from the data and shipped in the policy package.
 *
 * @example join(policyPackageDir, POLICY_PAGE_FILE) // .../packages/policy/POLICY.md
 */
export const POLICY_PAGE_FILE = 'POLICY.md'

/** The data-flow diagram `POLICY.md` links, written beside it. */
export const DATA_FLOW_FILE = 'data-flow.svg'

const page = (policy: Policy): string => renderPolicy(policy, { format: 'markdown', dataFlowHref: DATA_FLOW_FILE })

/**
 * Writes `POLICY.md` (and the `data-flow.svg` it links) from the policy: `pnpm version-packages` does, after it sets the new
 * version, so the page never says an old version or old values.
 *
 * @example
 * await writePolicyPage(join(root, 'packages/policy'), onmionPolicy)
 */
export async function writePolicyPage(policyPackageDir: string, policy: Policy): Promise<string> {
  const file = join(policyPackageDir, POLICY_PAGE_FILE)
  await writeFile(file, page(policy))
  await writeFile(join(policyPackageDir, DATA_FLOW_FILE), renderDataFlowSvg(policy))
  return file
}

/**
 * Whether the checked-in `POLICY.md` is what the policy renders to; the problem in words when
 * not (missing, or stale: another version or other values than the data).
 *
 * @example
 * const stale = await policyPageProblem(join(root, 'packages/policy'), onmionPolicy)
 * if (stale !== undefined) console.error(stale)
 */
export async function policyPageProblem(policyPackageDir: string, policy: Policy): Promise<string | undefined> {
  const file = join(policyPackageDir, POLICY_PAGE_FILE)
  // `version-packages` checks the page before it versions anything, so it cannot be the way out.
  const fix = 'Run `pnpm --filter @onmion/privacy-policy render` and commit the page with the data change (`pnpm version-packages` refuses a stale page; it re-renders a current one with the new version).'
  if (!existsSync(file)) return `${file} is missing. ${fix}`
  if ((await readFile(file, 'utf8')) !== page(policy)) {
    return `${file} is stale: it is not what policy ${policy.meta.version} renders to (the page the package ships would say another version or other values than the data). ${fix}`
  }
  const diagram = join(policyPackageDir, DATA_FLOW_FILE)
  if (!existsSync(diagram) || (await readFile(diagram, 'utf8')) !== renderDataFlowSvg(policy)) return `${diagram}, the data-flow diagram POLICY.md links, is missing or stale. ${fix}`
  return undefined
}
