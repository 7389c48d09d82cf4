/**
 * Limits on free-form input (JSON bodies, evidence, patches): how deep it may nest and how many
 * values it may hold. Far above what an honest caller sends (evidence is a handful of fields),
 * far below what exhausts a stack or a CPU.
 *
 * @example
 * findUnsafeInput(body, INPUT_LIMITS) // undefined for a reasonable body
 */
export const INPUT_LIMITS = {
  /** Nesting of objects and arrays, counted from the value given (a scalar is depth 0). */
  maxDepth: 32,
  /** Values (objects, arrays, scalars) in one input. */
  maxNodes: 100_000,
} as const

/**
 * Object keys refused in any free-form object: they name JavaScript's prototype machinery, and a
 * parser or merge that treats them as ordinary keys either drops them silently or, worse,
 * pollutes a prototype.
 *
 * @example
 * RESERVED_KEYS.includes('__proto__') // true
 */
export const RESERVED_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype']

/**
 * What is wrong with an input and where: `path` is the chain of keys and indexes from the root
 * (empty when the root itself is at fault).
 *
 * @example
 * findUnsafeInput({ a: ['x\u0000'] }) // { path: ['a', 0], message: 'contains a NUL character (\\u0000), which cannot be stored' }
 */
export interface UnsafeInput {
  readonly path: readonly (string | number)[]
  readonly message: string
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Why `text` cannot be stored as PostgreSQL text or jsonb (undefined when it can): a NUL
 * character, which PostgreSQL refuses, or a lone UTF-16 surrogate, which has no UTF-8 encoding
 * (a driver silently replaces it with U+FFFD, so what is read back is not what was hashed).
 *
 * @example
 * unstorableText('ok') // undefined
 * unstorableText('\ud800') // 'contains a lone UTF-16 surrogate ...'
 */
export function unstorableText(text: string): string | undefined {
  if (text.includes('\u0000')) return 'contains a NUL character (\\u0000), which cannot be stored'
  if (LONE_SURROGATE.test(text)) return 'contains a lone UTF-16 surrogate, which is not valid Unicode text'
  return undefined
}

/**
 * Checks a free-form value before anything recursive (a zod schema, `JSON.stringify`, a hash)
 * touches it, by an explicit-stack walk that no depth can overflow. Returns the first problem:
 * text PostgreSQL cannot store (in a value or a key), a reserved key, a non-finite number,
 * nesting deeper than `limits.maxDepth` (cycles included), more than `limits.maxNodes` values,
 * or a value JSON cannot carry (a function, a symbol, a bigint). Dates are accepted as values.
 *
 * This is the one rule for the SDK (which runs it on every input) and the HTTP service (which
 * runs it on every body, query and path), so both refuse the same things.
 *
 * @example
 * const problem = findUnsafeInput(JSON.parse(text))
 * if (problem) throw new Error(`${problem.path.join('.')}: ${problem.message}`)
 */
export function findUnsafeInput(value: unknown, limits: { maxDepth: number; maxNodes: number } = INPUT_LIMITS): UnsafeInput | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }]
  let nodes = 0
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const { value: current, path } = item
    if (++nodes > limits.maxNodes) return { path: [], message: `holds more than ${limits.maxNodes} values` }
    switch (typeof current) {
      case 'string': {
        const reason = unstorableText(current)
        if (reason !== undefined) return { path, message: reason }
        continue
      }
      case 'number':
        if (!Number.isFinite(current)) return { path, message: 'must be a finite number' }
        continue
      case 'boolean':
      case 'undefined':
        continue
      case 'object':
        break
      default:
        return { path, message: `a ${typeof current} is not a JSON value` }
    }
    if (current === null || current instanceof Date) continue
    if (path.length >= limits.maxDepth) return { path, message: `nests deeper than ${limits.maxDepth} levels` }
    if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ value: current[i], path: [...path, i] })
      continue
    }
    // Own keys, `__proto__` included (JSON.parse makes it an own key; zod would drop it).
    const keys = Object.keys(current)
    for (const key of keys.reverse()) {
      if (RESERVED_KEYS.includes(key)) return { path: [...path, key], message: `"${key}" is a reserved key` }
      const reason = unstorableText(key)
      // The path shows the key escaped, so the answer naming it carries no raw NUL either.
      if (reason !== undefined) return { path: [...path, JSON.stringify(key).slice(1, -1)], message: `the key ${reason}` }
      stack.push({ value: (current as Record<string, unknown>)[key], path: [...path, key] })
    }
  }
  return undefined
}
