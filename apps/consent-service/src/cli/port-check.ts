import { createServer } from 'node:net'
import { CliError, ExitCode } from './io.js'

/**
 * The message for a port the service cannot listen on, with what to do about it.
 *
 * @example
 * portProblem('EADDRINUSE', '127.0.0.1', 8787) // 'port 8787 on 127.0.0.1 is already in use ...'
 */
export function portProblem(code: string | undefined, host: string, port: number): CliError | undefined {
  if (code === 'EADDRINUSE') {
    return new CliError(`port ${port} on ${host} is already in use (another consent service, or another program)`, ExitCode.FAILURE, [
      `stop it (\`lsof -i :${port}\` shows which process holds it), or choose another port: PORT=${port + 1} pnpm start, or serve --port ${port + 1}`,
    ])
  }
  if (code === 'EACCES') {
    return new CliError(`not allowed to listen on port ${port} on ${host}`, ExitCode.FAILURE, ['ports below 1024 need privileges: choose a port above 1023 (PORT or --port)'])
  }
  if (code === 'EADDRNOTAVAIL') {
    return new CliError(`${host} is not an address of this machine`, ExitCode.FAILURE, ['set HOST (or --host) to 127.0.0.1, 0.0.0.0 or one of its addresses'])
  }
  return undefined
}

/**
 * Checks that the service will be able to listen before anything is opened or created (the data
 * directory, the database, the first-start admin key), so a port in use stops the start at once
 * with a hint and leaves nothing behind. A port taken between this check and the real listen is
 * still reported the same way by `serve`.
 *
 * @throws {@link CliError} (exit 1) when the address cannot be bound.
 * @example
 * await assertCanListen('127.0.0.1', 8787)
 */
export async function assertCanListen(host: string, port: number): Promise<void> {
  if (port === 0) return
  await new Promise<void>((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) => reject(portProblem(error.code, host, port) ?? error))
    probe.listen({ port, host, exclusive: true }, () => probe.close(() => resolve()))
  })
}
