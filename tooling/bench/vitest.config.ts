import { defineTestConfig } from '@onmion/vitest-config'
export default defineTestConfig()
