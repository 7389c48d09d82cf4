import { defineLibrary } from '@onmion/tsup-config'

// The optional parts are entries of their own (`/vonage`, `/hono`, `/express`), so the root entry
// loads neither `@vonage/sms` nor a web framework. Splitting also for CommonJS: the entries then
// share one copy of the error classes, so `instanceof ProcessingDeniedError` holds whichever
// entry threw it.
export default {
  ...defineLibrary({ platform: 'node', entry: ['src/index.ts', 'src/vonage.ts', 'src/hono.ts', 'src/express.ts'] }),
  splitting: true,
}
