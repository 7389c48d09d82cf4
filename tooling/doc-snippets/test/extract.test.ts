import { describe, expect, it } from 'vitest'
import { extractSnippets } from '../src/extract.js'

describe('extractSnippets', () => {
  it('finds the blocks it can check, with the line of their first line of code and their mode', () => {
    const markdown = [
      '# Title', // 1
      '', // 2
      '<!-- snippet: run -->', // 3
      '```ts', // 4
      "console.log('a')", // 5
      '```', // 6
      '```http', // 7
      'GET / HTTP/1.1', // 8
      '```', // 9
      'Some text.', // 10
      '```sh', // 11
      'pnpm start', // 12
      '```', // 13
      '<!-- snippet: skip needs a browser extension -->', // 14
      '```tsx', // 15
      'const a = <b />', // 16
      '```', // 17
    ].join('\n')
    expect(extractSnippets(markdown, 'README.md')).toEqual([
      { file: 'README.md', line: 5, language: 'ts', code: "console.log('a')\n", mode: 'run' },
      { file: 'README.md', line: 12, language: 'sh', code: 'pnpm start\n', mode: 'check' },
      { file: 'README.md', line: 16, language: 'tsx', code: 'const a = <b />\n', mode: 'skip', reason: 'needs a browser extension' },
    ])
  })

  it('applies a marker only to the block right after it', () => {
    const markdown = '<!-- snippet: run -->\n\nText between.\n\n```ts\nx\n```\n'
    expect(extractSnippets(markdown, 'a.md')[0]?.mode).toBe('check')
  })

  it('keeps a longer fence open across an inner one, and strips list indentation', () => {
    const markdown = '1. step\n   ````ts\n   const s = "```"\n   ````\n'
    expect(extractSnippets(markdown, 'a.md')).toEqual([{ file: 'a.md', line: 3, language: 'ts', code: 'const s = "```"\n', mode: 'check' }])
  })

  it('refuses a skip without a reason and a fence never closed, naming file and line', () => {
    expect(() => extractSnippets('<!-- snippet: skip -->\n```ts\nx\n```\n', 'a.md')).toThrow(/a\.md:1: a skipped snippet needs a reason/)
    expect(() => extractSnippets('text\n```ts\nx\n', 'b.md')).toThrow(/b\.md:2: the code fence is never closed/)
  })
})
