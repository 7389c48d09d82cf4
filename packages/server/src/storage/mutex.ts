/**
 * A FIFO lock: `acquire()` resolves with a release function once every earlier holder released.
 * PGlite is one session, so the dialect hands it to one kysely "connection" at a time.
 *
 * @example
 * const release = await mutex.acquire()
 * try { await work() } finally { release() }
 */
export class Mutex {
  #tail: Promise<void> = Promise.resolve()

  acquire(): Promise<() => void> {
    let release!: () => void
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const previous = this.#tail
    this.#tail = previous.then(() => held)
    return previous.then(() => release)
  }
}
