import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { parsePolicy, type Policy } from '@onmion/privacy-schema'
import { ReleaseError, ReleaseErrorCode } from './errors.js'

/**
 * Where the released-policy snapshot lives, relative to the policy package.
 *
 * @example join(root, 'packages/policy', RELEASED_POLICY_FILE) // .../packages/policy/released/policy.json
 */
export const RELEASED_POLICY_FILE = join('released', 'policy.json')

/**
 * Reads the snapshot of the policy as last versioned (`packages/policy/released/policy.json`),
 * validated; `undefined` when there is none yet.
 *
 * @example
 * const released = await readReleasedPolicy(join(root, 'packages/policy'))
 */
export async function readReleasedPolicy(policyPackageDir: string): Promise<Policy | undefined> {
  const file = join(policyPackageDir, RELEASED_POLICY_FILE)
  if (!existsSync(file)) return undefined
  try {
    return parsePolicy(await readFile(file, 'utf8'))
  } catch (error) {
    throw new ReleaseError(ReleaseErrorCode.SNAPSHOT_INVALID, `${file} is not a valid policy: ${error instanceof Error ? error.message : String(error)}`, {
      cause: error,
    })
  }
}

/**
 * Writes the snapshot the next policy check compares against. Only `pnpm version-packages`
 * calls this: the snapshot moves exactly when the pending changesets are consumed.
 *
 * @example
 * await writeReleasedPolicy(join(root, 'packages/policy'), onmionPolicy)
 */
export async function writeReleasedPolicy(policyPackageDir: string, policy: Policy): Promise<string> {
  const file = join(policyPackageDir, RELEASED_POLICY_FILE)
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, `${JSON.stringify(policy, null, 2)}\n`)
  return file
}
