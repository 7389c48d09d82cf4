// The executable entry: bin/onmion-privacy.js runs its build; `pnpm dev` and the tests run it
// from source. Everything else lives in cli.ts, which never touches the process's exit.
import { main } from './cli.js'

process.exitCode = await main(process.argv)
