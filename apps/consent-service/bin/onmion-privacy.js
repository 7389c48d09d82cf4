#!/usr/bin/env node
// The CLI's executable: the build (pnpm build) of src/main.ts. A clone that was never built gets
// the command that builds it, not a module-resolution stack trace.
import { existsSync } from 'node:fs'

const main = new URL('../dist/main.js', import.meta.url)
if (existsSync(main)) await import(main.href)
else {
  process.stderr.write(
    'error: the onmion-privacy CLI is not built yet. From the repository root run `npx -y pnpm@10 build` (or `npx -y pnpm@10 start`, which builds and serves), then run it again.\n',
  )
  process.exitCode = 2
}
