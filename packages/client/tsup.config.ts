import { defineLibrary } from '@onmion/tsup-config'

// The network gate and the embed placeholders are opt-in entries, so the base client keeps its budget.
export default defineLibrary({ platform: 'browser', entry: ['src/index.ts', 'src/network.ts', 'src/embeds.ts'] })
