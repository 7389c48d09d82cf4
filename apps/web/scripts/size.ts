/**
 * Prints the size report (`pnpm --filter @onmion/web size`, after `vite build` so the production
 * build is measured too) and exits 1 when an integration is over its budget.
 */
import { formatReport, measureIntegrations, overBudget } from '../size/integrations.js'

const lines = await measureIntegrations()
console.log(formatReport(lines))
const over = overBudget(lines)
if (over.length > 0) {
  console.error(`over budget: ${over.map((line) => line.name).join(', ')} (size/budgets.ts)`)
  process.exit(1)
}
