import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { fieldPath, invalidInput, problemDocument } from './problem.js'

describe('problems', () => {
  it('names each bad field with its path under the request part', () => {
    const schema = z.object({ events: z.array(z.object({ subject: z.string(), type: z.literal('a') })) })
    const result = schema.safeParse({ events: [{ subject: 's', type: 'a' }, { subject: 1, type: 'b' }] })
    expect(result.success).toBe(false)
    if (result.success) return
    const problem = invalidInput('body', result.error)
    const doc = problemDocument(problem, '/v1/x')
    expect(doc).toMatchObject({ type: '/problems/invalid-input', title: 'Invalid input', status: 400, instance: '/v1/x' })
    expect(doc.errors?.map((e) => e.field)).toEqual(['body.events[1].subject', 'body.events[1].type'])
    expect(doc.detail).toMatch(/^body\.events\[1\]\.subject: .+ \(and 1 more\)$/)
  })

  it('formats paths', () => {
    expect(fieldPath('query', ['to'])).toBe('query.to')
    expect(fieldPath('body', [])).toBe('body')
  })
})
