import { defineConfig } from '@onmion/eslint-config'
// readme.test.ts writes README examples as src/readme-example-*.ts while it runs.
export default defineConfig({ tsconfigRootDir: import.meta.dirname, browser: true, ignores: ['src/readme-example-*.ts'] })
