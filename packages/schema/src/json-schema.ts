import { z } from 'zod'
import { Policy } from './policy.js'

/**
 * The JSON Schema (draft 2020-12) of a policy document, as {@link parsePolicy} accepts it,
 * made by zod 4's own `z.toJSONSchema` from the {@link Policy} schema: editors and other
 * languages can check a policy's shape without this package.
 *
 * It describes the input: fields with defaults are optional. What JSON Schema cannot say is
 * left to {@link parsePolicy}: the cross-references between sections (a purpose naming a
 * declared category, unique ids, a minimum no longer than its duration) and refinements such
 * as "a cookie declares exactly one of name or pattern". Anything zod cannot express in JSON
 * Schema (a transform, a custom type) makes this function throw, so the schema is never
 * silently looser than the model.
 *
 * @example
 * import { writeFile } from 'node:fs/promises'
 * await writeFile('policy.schema.json', JSON.stringify(policyJsonSchema(), null, 2))
 */
export function policyJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(Policy, { io: 'input', unrepresentable: 'throw', target: 'draft-2020-12' }) as Record<string, unknown>
  return {
    ...schema,
    title: 'Privacy policy',
    description:
      'A privacy policy as data (@onmion/privacy-schema). Cross-references between sections are checked by parsePolicy, not by this schema.',
  }
}
