import { describe, expect, it } from 'vitest'
import { AppendGroup, type GroupWriter } from './append-group.js'

/** A writer whose writes finish when the test says so, recording what each call wrote. */
function gatedWriter(options: { failMany?: (items: readonly number[]) => Error | undefined; failOne?: (item: number) => Error | undefined; fatal?: (error: unknown) => boolean } = {}) {
  const calls: { kind: 'many' | 'one'; items: number[] }[] = []
  const gates: (() => void)[] = []
  const gate = (): Promise<void> => new Promise((resolve) => gates.push(resolve))
  const writer: GroupWriter<number, string> = {
    async many(items) {
      calls.push({ kind: 'many', items: [...items] })
      await gate()
      const failure = options.failMany?.(items)
      if (failure !== undefined) throw failure
      return items.map((item) => `many:${item}`)
    },
    async one(item) {
      calls.push({ kind: 'one', items: [item] })
      await gate()
      const failure = options.failOne?.(item)
      if (failure !== undefined) throw failure
      return `one:${item}`
    },
    fatal: options.fatal ?? (() => false),
  }
  const release = async (): Promise<void> => {
    // Let pending submissions reach the group before opening the gates.
    await new Promise((r) => setImmediate(r))
    for (const open of gates.splice(0)) open()
    await new Promise((r) => setImmediate(r))
  }
  return { writer, calls, release }
}

describe('AppendGroup', () => {
  it('writes an append alone when nothing is in flight, and groups those that gather meanwhile', async () => {
    const { writer, calls, release } = gatedWriter()
    const group = new AppendGroup(writer, 100)
    const first = group.submit(1)
    const rest = [2, 3, 4].map((n) => group.submit(n))
    await release()
    await release()
    expect(await first).toBe('one:1')
    expect(await Promise.all(rest)).toEqual(['many:2', 'many:3', 'many:4'])
    expect(calls).toEqual([
      { kind: 'one', items: [1] },
      { kind: 'many', items: [2, 3, 4] },
    ])
  })

  it('never puts more than its maximum in one statement', async () => {
    const { writer, calls, release } = gatedWriter()
    const group = new AppendGroup(writer, 2)
    const all = [1, 2, 3, 4, 5, 6].map((n) => group.submit(n))
    for (let i = 0; i < 4; i++) await release()
    expect(await Promise.all(all)).toEqual(['one:1', 'many:2', 'many:3', 'many:4', 'many:5', 'one:6'])
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3], [4, 5], [6]])
  })

  it('writes each item of a failed group on its own, so each caller gets its own answer', async () => {
    const conflict = new Error('duplicate key 3')
    const { writer, calls, release } = gatedWriter({ failMany: (items) => (items.includes(3) ? new Error('group failed') : undefined), failOne: (item) => (item === 3 ? conflict : undefined) })
    const group = new AppendGroup(writer, 100)
    const first = group.submit(1)
    const rest = [2, 3, 4].map((n) => group.submit(n).catch((error: unknown) => error))
    // The group, then its three items one after another (in the order they came).
    for (let i = 0; i < 5; i++) await release()
    expect(await first).toBe('one:1')
    expect(await Promise.all(rest)).toEqual(['one:2', conflict, 'one:4'])
    expect(calls).toEqual([
      { kind: 'one', items: [1] },
      { kind: 'many', items: [2, 3, 4] },
      { kind: 'one', items: [2] },
      { kind: 'one', items: [3] },
      { kind: 'one', items: [4] },
    ])
  })

  it('fails the whole group with a fatal error, without retrying each item', async () => {
    const down = new Error('connection refused')
    const { writer, calls, release } = gatedWriter({ failMany: () => down, fatal: (error) => error === down })
    const group = new AppendGroup(writer, 100)
    const first = group.submit(1)
    const rest = [2, 3].map((n) => group.submit(n).catch((error: unknown) => error))
    for (let i = 0; i < 2; i++) await release()
    expect(await first).toBe('one:1')
    expect(await Promise.all(rest)).toEqual([down, down])
    expect(calls.map((c) => c.kind)).toEqual(['one', 'many'])
  })

  it('starts again after going idle', async () => {
    const { writer, calls, release } = gatedWriter()
    const group = new AppendGroup(writer, 100)
    const a = group.submit(1)
    await release()
    expect(await a).toBe('one:1')
    const b = group.submit(2)
    await release()
    expect(await b).toBe('one:2')
    expect(calls.map((c) => c.kind)).toEqual(['one', 'one'])
  })
})
