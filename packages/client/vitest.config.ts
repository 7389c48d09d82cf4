import { defineTestConfig } from '@onmion/vitest-config'
export default defineTestConfig({ test: { environment: 'happy-dom' } })
