/**
 * What the check does with a snippet, from the HTML comment on the line before its fence:
 * `<!-- snippet: run -->` also runs it; `<!-- snippet: skip <reason> -->` leaves it out (the reason
 * is required and printed). Without a comment a snippet is checked as its language allows:
 * TypeScript type-checked, shell parsed, JSON parsed.
 *
 * @example
 * SnippetMode.RUN // 'run'
 */
export const SnippetMode = { CHECK: 'check', RUN: 'run', SKIP: 'skip' } as const
export type SnippetMode = (typeof SnippetMode)[keyof typeof SnippetMode]

/** The languages the check understands; other fences (`http`, `ini`, plain) are prose. */
export const SnippetLanguage = { TS: 'ts', TSX: 'tsx', JS: 'js', SH: 'sh', JSON: 'json' } as const
export type SnippetLanguage = (typeof SnippetLanguage)[keyof typeof SnippetLanguage]

const ALIASES: Record<string, SnippetLanguage> = {
  ts: 'ts',
  typescript: 'ts',
  tsx: 'tsx',
  js: 'js',
  javascript: 'js',
  mjs: 'js',
  sh: 'sh',
  bash: 'sh',
  shell: 'sh',
  json: 'json',
}

/** One fenced code block of a Markdown document. */
export interface Snippet {
  /** The document, as given to {@link extractSnippets}. */
  readonly file: string
  /** 1-based line of the first line of code (the line after the opening fence). */
  readonly line: number
  readonly language: SnippetLanguage
  readonly code: string
  readonly mode: SnippetMode
  /** Why it is skipped, for `skip`. */
  readonly reason?: string
}

const MARKER = /^<!--\s*snippet:\s*(run|skip|check)\b\s*(.*?)\s*-->$/

/**
 * The fenced code blocks of a Markdown document in a language the check understands, each with
 * its line and its mode.
 *
 * @throws {Error} for a `skip` without a reason or an unterminated fence, naming file and line.
 * @example
 * extractSnippets('<!-- snippet: run -->\n```ts\nconsole.log(1)\n```\n', 'README.md')
 * // [{ file: 'README.md', line: 3, language: 'ts', code: 'console.log(1)\n', mode: 'run' }]
 */
export function extractSnippets(markdown: string, file: string): Snippet[] {
  const lines = markdown.split('\n')
  const snippets: Snippet[] = []
  let previous = ''
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    const open = /^(\s*)(`{3,}|~{3,})\s*([\w-]*)/.exec(line)
    if (open === null) {
      if (line.trim() !== '') previous = line.trim()
      continue
    }
    const [, indent = '', fence = '```', tag = ''] = open
    const body: string[] = []
    let j = i + 1
    for (; j < lines.length && !(lines[j] ?? '').trimStart().startsWith(fence); j++) body.push((lines[j] ?? '').slice(indent.length))
    if (j >= lines.length) throw new Error(`${file}:${i + 1}: the code fence is never closed`)
    const language = ALIASES[tag.toLowerCase()]
    if (language !== undefined) {
      const marker = MARKER.exec(previous)
      const mode = (marker?.[1] ?? 'check') as SnippetMode
      const reason = marker?.[2] ?? ''
      if (mode === 'skip' && reason === '') throw new Error(`${file}:${i}: a skipped snippet needs a reason: <!-- snippet: skip <why> -->`)
      snippets.push({ file, line: i + 2, language, code: body.join('\n') + '\n', mode, ...(mode === 'skip' ? { reason } : {}) })
    }
    previous = ''
    i = j
  }
  return snippets
}
