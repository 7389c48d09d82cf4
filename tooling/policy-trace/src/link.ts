/**
 * The shape of a trace link: how one or more statements of the published policy are held in the
 * data, enforced by code, and proven by tests. The links themselves are in `links.ts`.
 */

/**
 * What a statement is, for an auditor:
 * - `enforced`: software makes it true; it names the code and the tests, and carries a mutant
 *   that a linked test must kill;
 * - `organisational`: people and processes make it true (penetration tests, frameworks); it says
 *   what evidence an auditor should ask for;
 * - `informational`: it informs and promises no behaviour of its own (a heading sentence, a contact
 *   line, a limit of liability); it says why.
 */
export type TraceKind = 'enforced' | 'organisational' | 'informational'

/**
 * A small change to one source file that breaks what a statement promises: the mutation run
 * applies it (in memory, through the Vitest preset) and runs the linked tests, which must fail.
 */
export interface Mutant {
  /** Repository-relative path of the file to change. */
  readonly file: string
  /** The first `find` after this text is changed (when the text occurs more than once). */
  readonly after?: string
  /** The exact text to replace. */
  readonly find: string
  /** What it becomes. */
  readonly replace: string
  /** What the mutant breaks, in the policy's words ("five years becomes four"). */
  readonly breaks: string
}

/** One link of the trace. */
export interface TraceLink {
  /** The statements it covers: in this section, whose text matches. */
  readonly match: { readonly section: number; readonly text: RegExp }
  readonly kind: TraceKind
  /** Paths into the policy data that hold the statement: `retention[sms_opt_out_logs].minimum`. */
  readonly data?: readonly string[]
  /** Enforcing code, `path/to/file.ts#name` (a function, class, method or constant it declares). */
  readonly code?: readonly string[]
  /** Proving tests, `path/to/file.test.ts > describe > test` (full Vitest titles). */
  readonly tests?: readonly string[]
  /** For `enforced`: the mutant a linked test must kill. */
  readonly mutant?: Mutant
  /** For `organisational` and `informational`: the evidence an auditor asks for, or why none. */
  readonly evidence?: string
}
