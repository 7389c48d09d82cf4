/**
 * This process's environment without npm/pnpm configuration, plus `extra`: `pnpm run` exports its
 * settings as `npm_config_*` variables (the registry among them), which would outrank the
 * configuration a publish or an install is given. The one place this package's sources read
 * `process.env`.
 *
 * @example
 * runOrThrow('pnpm', ['publish'], { env: cleanEnv({ npm_config_userconfig: file }) })
 */
export function cleanEnv(extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^(npm|pnpm)_config_/i.test(key)))
  return { ...env, ...extra }
}
