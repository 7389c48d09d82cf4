import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPendingBump } from '../src/pending-bump.js'
import { changesetText, parseBumps, writeChangeset } from '../src/changeset-file.js'
import { createFixtureWorkspace, type FixtureWorkspace } from './support/fixture-workspace.js'

describe('changesets without a terminal', () => {
  const publishable = ['@onmion/privacy-policy', '@onmion/privacy-server']

  it('parses --bump values and names every bad one', () => {
    expect(parseBumps(['@onmion/privacy-policy=major', '@onmion/privacy-server=patch'], publishable)).toEqual({
      releases: { '@onmion/privacy-policy': 'major', '@onmion/privacy-server': 'patch' },
      problems: [],
    })
    const bad = parseBumps(['@onmion/consent-service=minor', '@onmion/privacy-server=huge', '@onmion/privacy-policy'], publishable)
    expect(bad.problems).toEqual([
      expect.stringContaining('"@onmion/consent-service" is not a publishable package'),
      expect.stringContaining('--bump @onmion/privacy-server=huge: the bump must be one of major, minor, patch'),
      expect.stringContaining('--bump @onmion/privacy-policy: the bump must be one of'),
    ])
    expect(parseBumps([], publishable).problems).toEqual([expect.stringContaining('give at least one')])
  })

  describe('on a fixture workspace', () => {
    let ws: FixtureWorkspace
    beforeAll(async () => {
      ws = await createFixtureWorkspace({ version: '1.0.0' })
    })
    afterAll(() => ws.remove())

    it("writes a file changesets' own reader counts, and never overwrites one", async () => {
      const file = await writeChangeset(ws.root, { releases: { '@onmion/privacy-policy': 'major' }, summary: 'Collect the date of birth for age checks.' })
      expect(file).toBe(join(ws.root, '.changeset', 'collect-the-date-of-birth-for.md'))
      expect(await readFile(file, 'utf8')).toBe(changesetText({ releases: { '@onmion/privacy-policy': 'major' }, summary: 'Collect the date of birth for age checks.' }))
      expect(await readPendingBump(ws.root, '@onmion/privacy-policy')).toMatchObject({ bump: 'major', changesets: ['collect-the-date-of-birth-for'] })
      await expect(writeChangeset(ws.root, { releases: { '@onmion/privacy-policy': 'patch' }, summary: 'Collect the date of birth for age checks.' })).rejects.toThrow(/already exists/)
      await expect(writeChangeset(ws.root, { releases: { '@onmion/privacy-policy': 'patch' }, summary: '  ' })).rejects.toThrow(/--summary/)
      await expect(writeChangeset(ws.root, { releases: { '@onmion/privacy-policy': 'patch' }, summary: 'x', name: '../escape' })).rejects.toThrow(/--name/)
    })
  })
})

