#!/usr/bin/env node
// The CLI's executable: the build (pnpm build) of src/main.ts.
import '../dist/main.js'
