import { defineConfig } from '@onmion/eslint-config'
// test/client/generated: openapi-typescript's output, written by test/openapi.test.ts.
export default defineConfig({ tsconfigRootDir: import.meta.dirname, ignores: ['bin/**', 'test/client/generated/**'] })
