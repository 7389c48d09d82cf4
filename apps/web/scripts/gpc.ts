/**
 * Writes `public/.well-known/gpc.json` from the policy (`pnpm --filter @onmion/web gpc`);
 * `test/signals.test.ts fails when the checked-in file differs from what the policy gives.
 */
import { writeFileSync } from 'node:fs'
import { gpcFile, GPC_FILE } from './gpc-file.js'

writeFileSync(GPC_FILE, gpcFile())
console.log(`wrote ${GPC_FILE}`)
