import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { BUDGETS } from '../size/budgets.js'
import { formatReport, measureIntegrations, overBudget, readmeExample } from '../size/integrations.js'

// The size budgets of what sites ship (size/budgets.ts), checked in `pnpm test`. The global
// setup has built the site (dist/), so its production build is measured and printed too.
const lines = await measureIntegrations(fileURLToPath(new URL('../dist', import.meta.url)))
console.log(formatReport(lines))

describe('size budgets (gzip -9 of the JS, as a site bundles it)', () => {
  it('the client and React README examples are within their budgets', () => {
    expect(overBudget(lines).map((line) => line.name)).toEqual([])
    const client = lines.find((line) => line.budget === BUDGETS.client)
    const react = lines.find((line) => line.budget === BUDGETS.react)
    expect(client?.measured.js.gzip).toBeLessThanOrEqual(BUDGETS.client.limit)
    expect(react?.measured.js.gzip).toBeLessThanOrEqual(BUDGETS.react.limit)
    // The opt-in entries are measured alone (what they add to the client) and stay within theirs.
    for (const entry of [BUDGETS.network, BUDGETS.embeds, BUDGETS.googleTag, BUDGETS.account]) {
      const line = lines.find((l) => l.budget === entry)
      expect(line?.measured.js.gzip).toBeGreaterThan(0)
      expect(line?.measured.js.gzip).toBeLessThanOrEqual(entry.limit)
      // Alone: neither pulls in the consent manager (it is handed one).
      expect(line?.measured.inputs.filter((input) => input.includes('consent-manager'))).toEqual([])
    }
    const proof = lines.find((line) => line.budget === BUDGETS.proof)
    expect(proof?.measured.js.gzip).toBeLessThanOrEqual(BUDGETS.proof.limit)
  })

  it('no README example bundles zod, the whole policy or a Node built-in', () => {
    for (const line of lines.filter((l) => l.budget === BUDGETS.client || l.budget === BUDGETS.react)) {
      expect(line.measured.inputs.filter((input) => /\/zod\/|^node:|packages\/policy\/(src|dist\/index)/.test(input)), line.name).toEqual([])
      expect(line.measured.inputs.some((input) => input.endsWith('packages/policy/dist/browser.js')), line.name).toBe(true)
    }
  })

  it('measures the peers in the same run, built the same way', () => {
    for (const peer of ['vanilla-cookieconsent', 'c15t']) {
      const line = lines.find((l) => l.name.startsWith(peer))
      expect(line?.measured.js.gzip, peer).toBeGreaterThan(0)
      expect(line?.measured.inputs.some((input) => input.includes(`node_modules/${peer}/`)), peer).toBe(true)
    }
  })

  it('measures the README examples as written', () => {
    expect(readmeExample('# x\n```sh\nnpm i\n```\n```ts\nconst a = 1\n```\n```ts\nlater\n```\n', 'ts')).toBe('const a = 1\n')
    expect(() => readmeExample('no code', 'tsx')).toThrow(/no ```tsx block/)
  })
})
