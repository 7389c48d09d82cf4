import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SignedCheckpoint } from '@onmion/privacy-server'
import type { ServicePrivacy } from './service-privacy.js'

/** The file in the checkpoint directory that always holds the latest checkpoint. */
export const LATEST_CHECKPOINT_FILE = 'latest.txt'

/**
 * Takes signed checkpoints of the ledger, writes each to a directory outside the database
 * (`checkpoint-<tree size>.txt`, and `latest.txt`), and remembers the latest one to serve.
 * The directory is the operator's anchor: copy it somewhere the database's writers cannot
 * reach (another host, object storage with retention lock, a public repository).
 *
 * @example
 * const keeper = new CheckpointKeeper(privacy, { dir: '/var/lib/onmion/checkpoints' })
 * await keeper.load()
 * const checkpoint = await keeper.take()
 */
export class CheckpointKeeper {
  readonly #privacy: ServicePrivacy
  readonly #dir: string | undefined
  #latest: SignedCheckpoint | undefined

  constructor(privacy: ServicePrivacy, options: { dir?: string | undefined }) {
    this.#privacy = privacy
    this.#dir = options.dir
  }

  /** Reads the latest checkpoint from the directory, if there is one. */
  async load(): Promise<void> {
    if (this.#dir === undefined) return
    const note = await readFile(join(this.#dir, LATEST_CHECKPOINT_FILE), 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    })
    if (note === undefined) return
    const report = await this.#privacy.ledger.verify({ checkpoint: note }).catch(() => undefined)
    // Only a checkpoint this ledger's key signed is served; anything else stays on disk for an operator to look at.
    if (report !== undefined && !report.problems.some((p) => p.problem === 'key_not_signer' || p.problem === 'signature_invalid')) {
      this.#latest = { ...report.checkpoint, note }
    }
  }

  /** The latest checkpoint taken (or loaded), if any. */
  latest(): SignedCheckpoint | undefined {
    return this.#latest
  }

  /** Signs a checkpoint now, writes it to the directory (when set), and makes it the latest. */
  async take(): Promise<SignedCheckpoint> {
    const checkpoint = await this.#privacy.ledger.checkpoint()
    if (this.#dir !== undefined) {
      await mkdir(this.#dir, { recursive: true })
      await writeFile(join(this.#dir, `checkpoint-${String(checkpoint.treeSize).padStart(12, '0')}.txt`), checkpoint.note)
      // Written aside and renamed, so a reader never sees half a checkpoint.
      const temporary = join(this.#dir, `.${LATEST_CHECKPOINT_FILE}.${process.pid}`)
      await writeFile(temporary, checkpoint.note)
      await rename(temporary, join(this.#dir, LATEST_CHECKPOINT_FILE))
    }
    this.#latest = checkpoint
    return checkpoint
  }

  /**
   * Takes a checkpoint every `intervalMs`; returns the function that stops it. A failed
   * checkpoint is reported and the schedule goes on.
   */
  schedule(intervalMs: number, onError: (error: unknown) => void): () => void {
    const timer = setInterval(() => {
      this.take().catch(onError)
    }, intervalMs)
    timer.unref()
    return () => clearInterval(timer)
  }
}
