import { describe, expect, it } from 'vitest'
import { manifestProblems } from '../src/check-package.js'

const shippedFiles = new Set(['README.md', 'dist/index.js', 'dist/index.cjs', 'dist/index.d.ts', 'dist/index.d.cts', 'package.json'])
const shipped = (path: string) => shippedFiles.has(path.replace(/^\.\//, ''))
const good = {
  name: '@onmion/privacy-x',
  version: '1.0.0',
  engines: { node: '>=20.19' },
  dependencies: { '@onmion/privacy-schema': '^0.1.0' },
  exports: {
    '.': { import: { types: './dist/index.d.ts', default: './dist/index.js' }, require: { types: './dist/index.d.cts', default: './dist/index.cjs' } },
    './package.json': './package.json',
  },
}

describe('manifestProblems', () => {
  it('accepts a manifest as pnpm publishes it', () => {
    expect(manifestProblems(good, shipped)).toEqual([])
  })

  it('rejects the workspace-only source condition, naming the fix', () => {
    const problems = manifestProblems({ ...good, exports: { '.': { '@onmion/source': './src/index.ts', ...good.exports['.'] } } }, shipped)
    expect(problems).toEqual([expect.stringContaining('exports["."]["@onmion/source"] ("./src/index.ts") is published')])
    expect(problems[0]).toContain('publishConfig.exports')
  })

  it('rejects an exports target missing from the tarball', () => {
    const problems = manifestProblems({ ...good, exports: { '.': { import: './dist/missing.js' } } }, shipped)
    expect(problems).toEqual(['exports["."]["import"] points at "./dist/missing.js", which is not in the tarball'])
  })

  it('rejects engines that refuse Node 20.19, or none', () => {
    expect(manifestProblems({ ...good, engines: { node: '>=22' } }, shipped)).toEqual(['"engines.node" is ">=22", which rejects Node 20.19.0'])
    const { engines: _engines, ...withoutEngines } = good
    expect(manifestProblems(withoutEngines, shipped)).toEqual([expect.stringContaining('"engines.node" is missing')])
  })

  it('rejects unrewritten workspace ranges and a missing README', () => {
    const problems = manifestProblems({ ...good, dependencies: { '@onmion/privacy-schema': 'workspace:^' } }, (path) => path !== 'README.md' && shipped(path))
    expect(problems).toEqual([
      'dependencies.@onmion/privacy-schema is "workspace:^" in the tarball: publish with pnpm, which rewrites it',
      'no README.md in the tarball: add one next to package.json',
    ])
  })
})
