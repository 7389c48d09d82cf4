import type { CliIo } from './io.js'

/** Reports the progress of a long command. */
export interface Progress {
  update(done: number, label: string): void
  done(): void
}

const WIDTH = 30

/**
 * A progress bar redrawn in place on a terminal (stderr), or one plain line per update when
 * stderr is not a terminal (logs, CI), or nothing in `--json` mode.
 *
 * @example
 * const progress = createProgress(io, plan.total, false)
 * progress.update(500, 'consent_records/consent.granted')
 * progress.done()
 */
export function createProgress(io: CliIo, total: number, quiet: boolean): Progress {
  if (quiet) return { update: () => undefined, done: () => undefined }
  if (io.stderr.isTTY !== true) {
    return {
      update: (done, label) => io.stderr.write(`progress: ${done}/${total} ${label}\n`),
      done: () => undefined,
    }
  }
  let drawn = false
  return {
    update(done, label) {
      const ratio = total === 0 ? 1 : Math.min(1, done / total)
      const filled = Math.round(ratio * WIDTH)
      io.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}% ${done}/${total} ${label}\u001b[K`)
      drawn = true
    },
    done() {
      if (drawn) io.stderr.write('\n')
    },
  }
}
