import { defineLibrary } from '@onmion/tsup-config'

// The network gate, the embed placeholders and the Google tag loader are opt-in entries, so the base client keeps its budget.
export default defineLibrary({ platform: 'browser', entry: ['src/index.ts', 'src/network.ts', 'src/embeds.ts', 'src/google-tag.ts'] })
