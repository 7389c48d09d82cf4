import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, test } from 'vitest'
import { BROWSER_SECTIONS, browserModule } from '../scripts/browser-module.js'
import * as full from './index.js'

// The browser build (what bundlers pick through the `browser` export condition) is generated
// from the policy by scripts/browser-build.ts; these tests load the generated module itself.
const dir = mkdtempSync(join(tmpdir(), 'onmion-policy-browser-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function load(format: 'esm' | 'cjs'): Promise<typeof full> {
  const file = join(dir, format === 'esm' ? 'browser.mjs' : 'browser.cjs')
  writeFileSync(file, browserModule(full.onmionPolicy, format))
  return format === 'esm' ? ((await import(pathToFileURL(file).href)) as typeof full) : (createRequire(import.meta.url)(file) as typeof full)
}

describe.each(['esm', 'cjs'] as const)('the browser build (%s)', (format) => {
  test('has the same exports, with the browser sections equal to the policy and deeply frozen', async () => {
    const browser = await load(format)
    expect(Object.keys(browser).sort()).toEqual(Object.keys(full).sort())
    for (const section of BROWSER_SECTIONS) expect(browser.onmionPolicy[section]).toStrictEqual(full.onmionPolicy[section])
    expect(browser.cookieCategories).toStrictEqual(full.cookieCategories)
    expect(browser.policyVersion).toBe(full.policyVersion)
    const frozen = (value: unknown): boolean => value === null || typeof value !== 'object' || (Object.isFrozen(value) && Object.values(value).every(frozen))
    expect(frozen(browser.onmionPolicy)).toBe(true)
  })

  test('a section it leaves out throws an error saying where the whole policy is, never undefined', async () => {
    const browser = await load(format)
    expect(() => browser.onmionPolicy.retention).toThrow(/onmionPolicy\.retention is not in the browser build.*@onmion\/privacy-policy\/full/)
    expect(() => browser.onmionPolicy.channels).toThrow(/not in the browser build/)
    expect(Object.keys(browser.onmionPolicy)).toEqual([...BROWSER_SECTIONS])
  })
})
