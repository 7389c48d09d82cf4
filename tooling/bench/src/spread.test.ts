import { describe, expect, it } from 'vitest'
import { judge } from './figure.js'
import { interleave, repeat, summarize } from './spread.js'

describe('summarize', () => {
  it('takes the median of odd and even counts and the spread relative to it', () => {
    expect(summarize([3, 1, 2])).toMatchObject({ median: 2, min: 1, max: 3, spread: 1 })
    expect(summarize([4, 1, 3, 2])).toMatchObject({ median: 2.5, min: 1, max: 4 })
  })

  it('repeats a measurement, discarding the warm-up run', async () => {
    const seen: number[] = []
    const result = await repeat(3, (run) => (seen.push(run), run + 10), { warmUp: true })
    expect(seen).toEqual([-1, 0, 1, 2])
    expect(result.median).toBe(11)
  })
})

describe('judge', () => {
  const value = (x: number) => summarize([x])

  it('passes a rate at or above its ratio to the baseline and misses one below', () => {
    const aim = { ratio: { min: 0.5 }, text: '>= 0.5x' }
    expect(judge({ name: 'a', unit: 'req/s', value: value(60), baseline: { name: 'b', value: value(100) }, aim })).toMatchObject({ ratio: 0.6, verdict: 'pass' })
    expect(judge({ name: 'a', unit: 'req/s', value: value(40), baseline: { name: 'b', value: value(100) }, aim }).verdict).toBe('miss')
  })

  it('checks absolute bounds, needs a baseline for a ratio aim, and reports info without an aim', () => {
    expect(judge({ name: 'p99', unit: 'ms', value: value(6), aim: { value: { max: 5 }, text: '< 5 ms' } }).verdict).toBe('miss')
    expect(judge({ name: 'x', unit: 'ns', value: value(6), aim: { ratio: { max: 3 }, text: '<= 3x' } }).verdict).toBe('miss')
    expect(judge({ name: 'x', unit: 'ns', value: value(6) })).toMatchObject({ ratio: null, verdict: 'info' })
  })
})

describe('interleave', () => {
  it('measures in turns after one warm-up turn and summarizes each', async () => {
    const order: string[] = []
    const [a, b] = await interleave(2, [() => (order.push('a'), 1), () => (order.push('b'), 2)])
    expect(order).toEqual(['a', 'b', 'a', 'b', 'a', 'b'])
    expect([a?.median, b?.median]).toEqual([1, 2])
  })

  it('starts each turn one further along when asked to rotate', async () => {
    const order: string[] = []
    const measures = ['a', 'b', 'c'].map((name, i) => () => (order.push(name), i))
    const spreads = await interleave(3, measures, { rotate: true })
    expect(order.join('')).toBe('abc' + 'abc' + 'bca' + 'cab')
    expect(spreads.map((s) => s.runs)).toEqual([[0, 0, 0], [1, 1, 1], [2, 2, 2]])
  })
})
