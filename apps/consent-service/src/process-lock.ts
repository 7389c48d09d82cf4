import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/**
 * Another live process holds the embedded database.
 *
 * @example
 * if (error instanceof DatabaseLockedError) stderr.write(`stop process ${error.pid} first`)
 */
export class DatabaseLockedError extends Error {
  override readonly name = 'DatabaseLockedError'
  readonly code = 'DATABASE_LOCKED'
  readonly pid: number

  constructor(path: string, pid: number) {
    super(`the embedded database ${path} is in use by process ${pid} (the running service?); stop it first, or use PostgreSQL (DATABASE_URL) to run commands next to a live service`)
    this.pid = pid
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Takes an exclusive lock on an embedded (PGlite) database directory: PGlite is one process's
 * database, and a second process opening the same files would corrupt them. The lock is a file
 * holding the owner's pid; a lock left by a dead process (a crash, SIGKILL) is taken over.
 *
 * @throws {@link DatabaseLockedError} when a live process holds it.
 * @example
 * const release = await lockDatabaseDir('./data/privacy')
 * try { ... } finally { await release() }
 */
export async function lockDatabaseDir(path: string): Promise<() => Promise<void>> {
  const file = `${path}.lock`
  await mkdir(dirname(file), { recursive: true })
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: 'wx' })
      return async () => {
        const owner = await readFile(file, 'utf8').catch(() => '')
        if (owner.trim() === String(process.pid)) await rm(file, { force: true })
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10)
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) throw new DatabaseLockedError(path, pid)
      await rm(file, { force: true })
    }
  }
  throw new DatabaseLockedError(path, -1)
}
