import fc from 'fast-check'
import { expect, test } from 'vitest'
import { sampleInput } from '../test/sample-policy.js'
import { PolicyValidationError } from './errors.js'
import { parsePolicy } from './policy.js'

/** parsePolicy's promise: a policy, or a PolicyValidationError with at least one issue. */
function parsesOrRefuses(input: unknown): void {
  try {
    parsePolicy(input)
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyValidationError)
    expect((error as PolicyValidationError).issues.length).toBeGreaterThan(0)
  }
}

const anyValue = fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true })

test('arbitrary values and JSON text never throw anything but PolicyValidationError', () => {
  fc.assert(fc.property(anyValue, parsesOrRefuses), { numRuns: 300 })
  fc.assert(fc.property(fc.json(), parsesOrRefuses), { numRuns: 300 })
  fc.assert(fc.property(fc.string(), parsesOrRefuses), { numRuns: 300 })
})

/** Every path to a value inside a JSON document. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix]
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value)
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, unknown>)[key], [...prefix, key]))]
}

const samplePaths = paths(sampleInput()).filter((path) => path.length > 0)

type Mutation = { path: (string | number)[]; op: 'replace' | 'delete' | 'duplicate'; value: unknown }

function mutate(doc: Record<string, unknown>, { path, op, value }: Mutation): void {
  let parent: Record<string | number, unknown> = doc
  for (const key of path.slice(0, -1)) {
    const child = parent[key]
    // An earlier mutation may have replaced this branch: then this one has nothing to mutate.
    if (child === null || typeof child !== 'object') return
    parent = child as Record<string | number, unknown>
  }
  const last = path[path.length - 1]!
  if (op === 'replace') parent[last] = value
  else if (op === 'delete') {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1)
    else Reflect.deleteProperty(parent, last)
  } else if (Array.isArray(parent)) parent.push(structuredClone(parent[last as number]))
  else parent[last] = [parent[last]]
}

test('mutations of a valid policy never throw anything but PolicyValidationError', () => {
  const mutation = fc.record({
    path: fc.constantFrom(...samplePaths),
    op: fc.constantFrom('replace' as const, 'delete' as const, 'duplicate' as const),
    value: fc.oneof(anyValue, fc.constantFrom('', 'P', 'P99999Y', 'P99999Y99999M99999W99999D', 'usage_data2', '__proto__', 'constructor', '(', 'session', -1, 1e308)),
  })
  fc.assert(
    fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (mutations) => {
      const doc = sampleInput()
      for (const m of mutations) mutate(doc, m)
      parsesOrRefuses(doc)
      let json: string | undefined
      try {
        json = JSON.stringify(doc)
      } catch {
        // BigInt and cycles have no JSON form; the value itself was checked above.
      }
      if (json !== undefined) parsesOrRefuses(json)
    }),
    { numRuns: 500 },
  )
})
