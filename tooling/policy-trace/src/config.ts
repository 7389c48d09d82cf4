/**
 * The environment a mutant's Vitest runs in: this process's (PATH, database URLs, CA settings)
 * with the mutant on top. The one place this package reads `process.env`.
 *
 * @example
 * spawn(process.execPath, args, { env: mutantEnv(JSON.stringify(mutant)) })
 */
export function mutantEnv(mutant: string | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.ONMION_TRACE_MUTANT
  // A Vitest started from inside a Vitest worker must not inherit the worker's own settings.
  delete env.VITEST
  delete env.VITEST_WORKER_ID
  delete env.VITEST_POOL_ID
  delete env.TEST
  if (mutant !== undefined) env.ONMION_TRACE_MUTANT = mutant
  return env
}
