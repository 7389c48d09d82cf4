import { describe, expect, it } from 'vitest'
import { INPUT_LIMITS, findUnsafeInput, unstorableText } from './safe-input.js'

function nested(depth: number): unknown {
  let value: unknown = 'leaf'
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? { a: value } : [value]
  return value
}

describe('findUnsafeInput', () => {
  it('accepts ordinary JSON, dates and nesting up to the limit', () => {
    expect(findUnsafeInput({ formId: 'F-19', tags: ['a', 'é', '😀'], n: 1.5, ok: true, none: null, at: new Date() })).toBeUndefined()
    expect(findUnsafeInput(nested(INPUT_LIMITS.maxDepth))).toBeUndefined()
  })

  it('names a NUL or a lone surrogate in a value or a key', () => {
    expect(findUnsafeInput({ evidence: { note: 'a\u0000b' } })).toEqual({ path: ['evidence', 'note'], message: expect.stringContaining('NUL') })
    expect(findUnsafeInput({ list: ['ok', '\ud800'] })).toEqual({ path: ['list', 1], message: expect.stringContaining('surrogate') })
    expect(findUnsafeInput({ x: '\udc00z' })?.path).toEqual(['x'])
    expect(findUnsafeInput({ 'k\u0000': 1 })).toEqual({ path: ['k\\u0000'], message: expect.stringContaining('the key contains a NUL') })
    expect(unstorableText('pair \ud83d\ude00 is fine')).toBeUndefined()
  })

  it('refuses reserved keys, including a __proto__ made by JSON.parse', () => {
    expect(findUnsafeInput(JSON.parse('{"evidence":{"__proto__":{"admin":true}}}'))).toEqual({ path: ['evidence', '__proto__'], message: '"__proto__" is a reserved key' })
    expect(findUnsafeInput({ choices: { constructor: true } })?.path).toEqual(['choices', 'constructor'])
    expect(findUnsafeInput({ prototype: 1 })?.path).toEqual(['prototype'])
  })

  it('stops deep nesting and cycles without recursion', () => {
    const deep = nested(1_000_000)
    expect(findUnsafeInput({ evidence: deep })).toEqual({ path: expect.any(Array), message: `nests deeper than ${INPUT_LIMITS.maxDepth} levels` })
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(findUnsafeInput(cyclic)?.message).toContain('nests deeper')
  })

  it('refuses non-JSON values and too many values', () => {
    expect(findUnsafeInput({ n: Number.NaN })).toEqual({ path: ['n'], message: 'must be a finite number' })
    expect(findUnsafeInput({ f: () => 1 })?.message).toContain('function')
    expect(findUnsafeInput(new Array(20).fill(0), { maxDepth: 4, maxNodes: 10 })?.message).toContain('more than 10 values')
  })
})
