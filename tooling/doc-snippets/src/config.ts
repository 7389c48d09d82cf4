/**
 * The environment a snippet runs in: this process's (PATH, proxies, CA settings), with
 * `overrides` on top. The one place this package reads `process.env`.
 *
 * @example
 * spawn(process.execPath, [file], { env: snippetEnv({ DATABASE_URL: '' }) })
 */
export function snippetEnv(overrides: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides }
}
