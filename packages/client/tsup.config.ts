import { defineLibrary } from '@onmion/tsup-config'

// The network gate, the embed placeholders, the Google tag loader and the account restore are opt-in entries, so the base client keeps its budget.
export default defineLibrary({ platform: 'browser', entry: ['src/index.ts', 'src/network.ts', 'src/embeds.ts', 'src/google-tag.ts', 'src/account.ts'] })
